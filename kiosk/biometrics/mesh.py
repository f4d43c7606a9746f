"""MediaPipe's face mesh and the measures liveness reads from it.

This is the only module of the kiosk that imports ``mediapipe`` (the virtual subject in
``hardware`` runs its own one-time mesh of a photo): swapping the landmark model means changing
this file only. Landmarks come back as numpy arrays of shape (478, 3) in pixel units; MediaPipe's
z is relative depth in the same scale as x (smaller z = nearer the camera).

Conventions of the measures (camera image, not mirrored):
- yaw > 0: the nose moves towards image +x, i.e. the person turns to *their* left;
- pitch > 0: the head tilts down (forehead towards the camera, chin away).
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass

import numpy as np

# MediaPipe's and TensorFlow Lite's native log lines are silenced by hardware.native_log (its
# variables are set when it is imported, before mediapipe loads; FaceMesh holds its stderr
# filter from construction until the first frame with a face). It lives in ``hardware`` because
# the virtual subject (hardware.face_warp) runs a mesh of its own, which is what printed the
# XNNPACK line in the demo.
from hardware.native_log import QUIET as _QUIET
from hardware.native_log import quiet_python_logging

# The graph prints from its own threads once started (after the constructor has returned) and
# on the first frame with a face: quiet from construction until then, for at most this many
# frames so that a long-lived mesh with no one in front of it does not hold stderr.
QUIET_FRAMES = 100

N_LANDMARKS = 478

# Landmark indices of the canonical MediaPipe mesh.
NOSE_TIP = 1
FOREHEAD = 10
CHIN = 152
OUTLINE_RIGHT = 234  # image-left side of the face outline (the person's right cheek)
OUTLINE_LEFT = 454  # image-right side
EYE_OUTER_R, EYE_INNER_R = 33, 133  # the person's right eye (image left)
EYE_OUTER_L, EYE_INNER_L = 263, 362
# Eye aspect ratio pairs (upper lid, lower lid) for each eye, after Soukupova & Cech.
EAR_PAIRS_R = ((160, 144), (158, 153))
EAR_PAIRS_L = ((385, 380), (387, 373))
MOUTH_CORNER_R, MOUTH_CORNER_L = 61, 291
LIP_UPPER_INNER, LIP_LOWER_INNER = 13, 14

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

    def __init__(self, *, max_faces: int = 2, static: bool = False,
                 min_detection_confidence: float = 0.5,
                 min_tracking_confidence: float = 0.5) -> None:
        _QUIET.acquire()
        self._quiet = QUIET_FRAMES  # frames left in the quiet window; 0 once it is over
        try:
            import mediapipe as mp

            quiet_python_logging()
            self._mesh = mp.solutions.face_mesh.FaceMesh(
                static_image_mode=static, max_num_faces=max_faces, refine_landmarks=True,
                min_detection_confidence=min_detection_confidence,
                min_tracking_confidence=min_tracking_confidence)
        except BaseException:
            self._end_quiet()
            raise

    def _end_quiet(self) -> None:
        if self._quiet:
            self._quiet = 0
            _QUIET.release()

    def process(self, image: np.ndarray) -> list[np.ndarray]:
        """Landmarks of every face in a BGR image: a list of (478, 3) float32 arrays."""
        import cv2

        h, w = image.shape[:2]
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        result = self._mesh.process(rgb)
        if self._quiet:
            self._quiet -= 1
            if result.multi_face_landmarks or not self._quiet:
                self._end_quiet()
        faces = []
        for face in result.multi_face_landmarks or ():
            pts = np.array([(p.x, p.y, p.z) for p in face.landmark], np.float32)
            pts *= np.array([w, h, w], np.float32)
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


# -- measures -------------------------------------------------------------------------------------

def _dist(pts: np.ndarray, a: int, b: int) -> float:
    return float(np.hypot(*(pts[a, :2] - pts[b, :2])))


def eye_aspect_ratios(pts: np.ndarray) -> tuple[float, float]:
    """(right, left) eye aspect ratio: lid opening over eye width, in the image plane."""
    out = []
    for pairs, (outer, inner) in ((EAR_PAIRS_R, (EYE_OUTER_R, EYE_INNER_R)),
                                  (EAR_PAIRS_L, (EYE_OUTER_L, EYE_INNER_L))):
        opening = sum(_dist(pts, u, d) for u, d in pairs) / len(pairs)
        out.append(opening / max(_dist(pts, outer, inner), 1e-6))
    return out[0], out[1]


def head_pose(pts: np.ndarray) -> tuple[float, float]:
    """(yaw, pitch) in degrees from the mesh's 3-D points.

    Yaw is the angle of the cheek-to-cheek axis out of the image plane, pitch that of the
    forehead-to-chin axis; both are offset by the person's face shape, so liveness compares
    them with the person's own neutral baseline rather than with zero.
    """
    v = pts[OUTLINE_LEFT] - pts[OUTLINE_RIGHT]
    u = pts[CHIN] - pts[FOREHEAD]
    yaw = math.degrees(math.atan2(float(v[2]), float(v[0])))
    pitch = math.degrees(math.atan2(float(u[2]), float(u[1])))
    return yaw, pitch


def nose_parallax(pts: np.ndarray) -> tuple[float, float]:
    """The nose tip in affine coordinates of the face outline (cheeks and chin), 2-D only.

    Affine coordinates do not change when a flat picture of a face moves, rotates or tilts (up
    to perspective); they do when a real head turns or nods, because the nose is nearer the
    camera than the outline. (s, t): s > 0 towards image +x, t > 0 towards the chin.
    """
    mid = (pts[OUTLINE_LEFT, :2] + pts[OUTLINE_RIGHT, :2]) / 2
    a = (pts[OUTLINE_LEFT, :2] - pts[OUTLINE_RIGHT, :2]) / 2
    b = pts[CHIN, :2] - mid
    m = np.array([[a[0], b[0]], [a[1], b[1]]], np.float64)
    det = m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]
    if abs(det) < 1e-6:
        return 0.0, 0.0
    d = pts[NOSE_TIP, :2] - mid
    s = (m[1, 1] * d[0] - m[0, 1] * d[1]) / det
    t = (-m[1, 0] * d[0] + m[0, 0] * d[1]) / det
    return float(s), float(t)


def mouth_ratios(pts: np.ndarray) -> tuple[float, float]:
    """(mouth width / outer eye-corner distance, inner lip opening / mouth width)."""
    width = _dist(pts, MOUTH_CORNER_R, MOUTH_CORNER_L)
    eyes = max(_dist(pts, EYE_OUTER_R, EYE_OUTER_L), 1e-6)
    return width / eyes, _dist(pts, LIP_UPPER_INNER, LIP_LOWER_INNER) / max(width, 1e-6)


def face_aspect(pts: np.ndarray) -> float:
    """Forehead-to-chin over cheek-to-cheek length (2-D): what a tilted picture foreshortens."""
    return _dist(pts, FOREHEAD, CHIN) / max(_dist(pts, OUTLINE_RIGHT, OUTLINE_LEFT), 1e-6)


def face_box(pts: np.ndarray) -> tuple[int, int, int, int]:
    """(x, y, w, h) of the landmarks' bounding box in pixels."""
    x0, y0 = pts[:, 0].min(), pts[:, 1].min()
    x1, y1 = pts[:, 0].max(), pts[:, 1].max()
    return int(x0), int(y0), round(float(x1 - x0)), round(float(y1 - y0))


@dataclass(frozen=True)
class FaceMeasures:
    """Everything liveness reads from one face's landmarks."""

    ear: float  # mean of both eyes
    yaw: float
    pitch: float
    parallax_s: float
    parallax_t: float
    mouth_width: float
    mouth_open: float
    aspect: float

    @classmethod
    def of(cls, pts: np.ndarray) -> FaceMeasures:
        er, el = eye_aspect_ratios(pts)
        yaw, pitch = head_pose(pts)
        s, t = nose_parallax(pts)
        mw, mo = mouth_ratios(pts)
        return cls((er + el) / 2, yaw, pitch, s, t, mw, mo, face_aspect(pts))
