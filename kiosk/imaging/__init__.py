"""The bottom layer for images and faces, shared by the documents and biometrics engines and by
the simulator in ``hardware`` (which may import this package and nothing else of the kiosk).

- ``convert``: checking an image array, BGR and gray conversion, right-angle rotation;
- ``detector``: dlib's frontal (HOG) face detector, built once and cached on disk;
- ``mesh``: the one wrapper of MediaPipe (the face mesh, and the face-box detector of the
  technician's camera view), with its native log noise kept off the terminal;
- ``moves``: :class:`~kiosk.imaging.moves.ChallengeKind`, the face movements a liveness
  challenge asks for and the virtual subject performs.

No module here imports the kiosk's engines, settings or Qt; heavy libraries (OpenCV, dlib,
MediaPipe) load when first used, so importing the package costs nothing.
"""
