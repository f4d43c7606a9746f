"""The one wrapper of MediaPipe: the face mesh (liveness, the face step's pre-check, the virtual
subject's one-time mesh of its photo) and the short-range face detector (the technician's camera
view). Swapping the landmark model means changing this file only.

Landmarks come back as numpy arrays of shape (478, 3) in pixel units; MediaPipe's z is relative
depth in the same scale as x (smaller z = nearer the camera). The measures liveness reads from
them are in :mod:`kiosk.biometrics.mesh`.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import numpy as np

# MediaPipe's and TensorFlow Lite's native log lines are kept off the console by
# kiosk.imaging.native_log (imported before mediapipe loads). FaceMesh holds its stderr filter
# from construction until the first frame with a face: the graph prints from its own threads
# once started and on that frame; for at most QUIET_FRAMES frames, so that a long-lived mesh
# with no one in front of it does not hold stderr.
from kiosk.imaging.native_log import QUIET as _QUIET
from kiosk.imaging.native_log import quiet_python_logging

QUIET_FRAMES = 100

N_LANDMARKS = 478

try:  # the version names the model in records; mediapipe is imported lazily elsewhere
    from importlib.metadata import version as _version

    MODEL_NAME = f"mediapipe_face_mesh_{_version('mediapipe')}"
except Exception:  # pragma: no cover - metadata missing in odd installs
    MODEL_NAME = "mediapipe_face_mesh"


class FaceMesh:
    """MediaPipe face mesh with refined (iris) landmarks, up to ``max_faces`` faces.

    ``max_faces=2`` so that a second face in the frame is seen rather than ignored; with
    ``static=False`` MediaPipe tracks between frames (feed frames of one stream in order).
    """

    def __init__(
        self,
        *,
        max_faces: int = 2,
        static: bool = False,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        _QUIET.acquire()
        self._quiet = QUIET_FRAMES  # frames left in the quiet window; 0 once it is over
        try:
            import mediapipe as mp

            quiet_python_logging()
            self._mesh = mp.solutions.face_mesh.FaceMesh(
                static_image_mode=static,
                max_num_faces=max_faces,
                refine_landmarks=True,
                min_detection_confidence=min_detection_confidence,
                min_tracking_confidence=min_tracking_confidence,
            )
        except BaseException:
            self._end_quiet()
            raise

    def _end_quiet(self) -> None:
        if self._quiet:
            self._quiet = 0
            _QUIET.release()

    def process(self, image: np.ndarray, dtype: type = np.float32) -> list[np.ndarray]:
        """Landmarks of every face in a BGR image: a list of (478, 3) arrays of ``dtype``."""
        import cv2

        h, w = image.shape[:2]
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        result = self._mesh.process(rgb)
        if self._quiet:
            self._quiet -= 1
            if result.multi_face_landmarks or not self._quiet:
                self._end_quiet()
        faces: list[np.ndarray] = []
        for face in result.multi_face_landmarks or ():
            pts: np.ndarray = np.array([(p.x, p.y, p.z) for p in face.landmark], dtype)
            pts *= np.array([w, h, w], dtype)
            faces.append(pts)
        return faces

    def __del__(self) -> None:  # a mesh dropped without close() must not keep stderr
        with contextlib.suppress(Exception):
            self._end_quiet()

    def close(self) -> None:
        self._end_quiet()
        if self._mesh is not None:
            self._mesh.close()
            self._mesh = None

    def __enter__(self) -> FaceMesh:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FaceBoxes:
    """MediaPipe's short-range face detector: the camera check's and the camera view's face box
    (x, y, w, h in pixels). ~2 ms a frame, and it lets go of the GIL while it works: dlib's HOG
    detector takes ~0.8 s to build with the GIL held, a frozen screen each time the camera
    starts. (FaceMesh above is the face mesh; this detector only draws a box and never
    feeds a record.) One graph per instance, used by one thread; close() frees it."""

    MIN_CONFIDENCE = 0.5

    def __init__(self) -> None:
        self._detector: Any = None
        self._lock = threading.Lock()

    def __call__(self, image: np.ndarray) -> list[tuple[int, int, int, int]]:
        import cv2

        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        with self._lock:
            if self._detector is None:
                with _QUIET.held():  # its first graph would print TFLite's XNNPACK line
                    import mediapipe as mp

                    quiet_python_logging()
                    self._detector = mp.solutions.face_detection.FaceDetection(
                        model_selection=0, min_detection_confidence=self.MIN_CONFIDENCE
                    )
                    result = self._detector.process(rgb)
            else:
                result = self._detector.process(rgb)
        h, w = image.shape[:2]
        boxes = []
        for d in result.detections or []:
            r = d.location_data.relative_bounding_box
            boxes.append(
                (round(r.xmin * w), round(r.ymin * h), round(r.width * w), round(r.height * h))
            )
        return boxes

    def close(self) -> None:
        with self._lock:
            if self._detector is not None:
                self._detector.close()
                self._detector = None
