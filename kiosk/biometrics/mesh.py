"""The measures liveness reads from MediaPipe's face mesh.

The mesh itself (the one wrapper of ``mediapipe``) is :class:`kiosk.imaging.mesh.FaceMesh`,
re-exported here for the liveness modules. Landmarks are numpy arrays of shape (478, 3) in pixel
units; MediaPipe's z is relative depth in the same scale as x (smaller z = nearer the camera).

Conventions of the measures (camera image, not mirrored):
- yaw > 0: the nose moves towards image +x, i.e. the person turns to *their* left;
- pitch > 0: the head tilts down (forehead towards the camera, chin away).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kiosk.imaging.mesh import MODEL_NAME, FaceMesh

__all__ = [
    "MODEL_NAME",
    "FaceMeasures",
    "FaceMesh",
    "eye_aspect_ratios",
    "face_aspect",
    "face_box",
    "head_pose",
    "mouth_ratios",
    "nose_parallax",
]

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


# -- measures -------------------------------------------------------------------------------------


def _dist(pts: np.ndarray, a: int, b: int) -> float:
    return float(np.hypot(*(pts[a, :2] - pts[b, :2])))


def eye_aspect_ratios(pts: np.ndarray) -> tuple[float, float]:
    """(right, left) eye aspect ratio: lid opening over eye width, in the image plane."""
    out = []
    for pairs, (outer, inner) in (
        (EAR_PAIRS_R, (EYE_OUTER_R, EYE_INNER_R)),
        (EAR_PAIRS_L, (EYE_OUTER_L, EYE_INNER_L)),
    ):
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
