"""Passive liveness checks on the frames the challenges are answered in.

- :func:`frame_quality`: face size, position in the frame and sharpness (guidance codes);
- :class:`PlanarMotion`: how well one homography explains the face's landmarks against the
  neutral baseline — a printed photo or a phone screen moves as a plane, a head does not;
- :class:`BestFrames`: the sharpest, most frontal neutral frames of the track, for matching.
"""

from __future__ import annotations

import cv2
import numpy as np

# Rigid landmarks (they move with the skull, not with expressions) spread in depth: the face
# outline is far from the camera, the nose near. A blink or a smile leaves them in place; a
# turning head cannot keep them on a plane; a tilted picture always does.
PLANAR_POINTS = np.array(sorted({
    # forehead, temples and cheekbones; not the jaw, which moves when the mouth does
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 132, 93, 234, 127, 162, 21, 54, 103,
    67, 109,
    33, 133, 263, 362,  # eye corners
    1, 4, 5, 195, 168, 6, 98, 327, 2, 19, 94,  # nose ridge, tip and wings
}), np.int32)

SHARPNESS_WIDTH = 96  # the face crop is measured at this width, so the cost is fixed
# Variance of the Laplacian (green channel, subsampled) below which a face crop is blurred.
# Sensor noise keeps sharp frames in the hundreds; a 3-pixel Gaussian blur brings them to ~30.
MIN_SHARPNESS = 40.0
# Held photo: the face departed from a similarity by more than PLANAR_MOTION (tilted, turned)
# but never from a plane by more than PLANAR_RESIDUAL (shares of the face width, 95th
# percentile of the landmarks). MediaPipe's own jitter on a tilted print stays under ~0.025.
PLANAR_RESIDUAL = 0.035
PLANAR_MOTION = 0.03


def sharpness(image: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Variance of the Laplacian of the face crop, scaled to a fixed width."""
    x, y, w, h = box
    hh, ww = image.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, ww), min(y + h, hh)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return 0.0
    # The green channel stands in for luminance, subsampled to about SHARPNESS_WIDTH: no colour
    # conversion, no resampling, a fixed cost whatever the face size.
    step = max(1, (x1 - x0) // SHARPNESS_WIDTH)
    crop = np.ascontiguousarray(image[y0:y1:step, x0:x1:step, 1])
    return float(cv2.Laplacian(crop, cv2.CV_32F).var())


def frame_quality(box: tuple[int, int, int, int], size: tuple[int, int], min_face_px: int,
                  sharp: float) -> str:
    """'' when the face is usable; otherwise the guidance code for the person."""
    x, y, w, h = box
    fw, fh = size
    if w < min_face_px:
        return "move_closer"
    if w > 0.8 * fw or h > 0.95 * fh:
        return "move_back"
    cx, cy = x + w / 2, y + h / 2
    if (x < 0 or y < 0 or x + w > fw or y + h > fh or not 0.2 * fw < cx < 0.8 * fw
            or not 0.15 * fh < cy < 0.85 * fh):
        return "center_face"
    if sharp < MIN_SHARPNESS:
        return "hold_still"
    return ""


class PlanarMotion:
    """Fits a homography from the baseline landmarks to each frame's; keeps the largest
    residual (how far the face departed from any plane) and the largest out-of-plane motion
    (how far it departed from a similarity transform), both relative to the face width.

    A held photo or screen tilted about shows motion but no residual; a head shows both."""

    def __init__(self) -> None:
        self.reference: np.ndarray | None = None
        self.face_w = 1.0
        self.max_residual = 0.0
        self.max_motion = 0.0

    def reset(self, pts: np.ndarray) -> None:
        self.reference = pts[PLANAR_POINTS, :2].astype(np.float32).copy()
        self.face_w = max(float(np.ptp(self.reference[:, 0])), 1.0)
        self.max_residual = self.max_motion = 0.0

    def looks_flat(self) -> bool:
        return self.max_motion > PLANAR_MOTION and self.max_residual < PLANAR_RESIDUAL

    def update(self, pts: np.ndarray) -> float:
        if self.reference is None:
            return 0.0
        cur = pts[PLANAR_POINTS, :2].astype(np.float32)
        h, _ = cv2.findHomography(self.reference, cur, 0)
        if h is None:
            return 0.0
        proj = cv2.perspectiveTransform(self.reference[None], h)[0]
        err = np.hypot(*(proj - cur).T)
        # The 95th percentile rather than the maximum: one jittery landmark is not a head.
        residual = _p95(err) / self.face_w
        # How far the face departed from a mere move/turn/zoom in the image plane (a person
        # stepping about): what tilting a picture out of its plane or turning a head causes.
        motion = _p95(_similarity_residual(self.reference, cur)) / self.face_w
        self.max_residual = max(self.max_residual, residual)
        self.max_motion = max(self.max_motion, motion)
        return residual


class BestFrames:
    """The few best frames of the track (copies): sharp, frontal, eyes open, mouth neutral."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep
        self._items: list[tuple[float, float, np.ndarray]] = []

    def offer(self, image: np.ndarray, timestamp_ms: float, sharp: float,
              off_frontal: float) -> None:
        """``off_frontal``: degrees away from the person's neutral pose (0 is best)."""
        score = sharp / (1.0 + (off_frontal / 4.0) ** 2)
        if len(self._items) >= self.keep:
            worst = min(range(len(self._items)), key=lambda i: self._items[i][0])
            if score <= self._items[worst][0]:
                return
            self._wipe_one(self._items.pop(worst)[2])
        self._items.append((score, timestamp_ms, image.copy()))

    def frames(self) -> list[np.ndarray]:
        return [img for _, _, img in sorted(self._items, key=lambda it: -it[0])]

    def timestamps(self) -> list[float]:
        return [ts for _, ts, _ in sorted(self._items, key=lambda it: -it[0])]

    @staticmethod
    def _wipe_one(image: np.ndarray) -> None:
        image.fill(0)

    def clear(self, *, wipe: bool = True) -> None:
        if wipe:
            for _, _, img in self._items:
                img.fill(0)
        self._items = []


def _p95(values: np.ndarray) -> float:
    """The 95th percentile (nearest rank): np.percentile costs more than the fit itself."""
    k = int(0.95 * (len(values) - 1))
    return float(np.partition(values, k)[k])


def _similarity_residual(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Per-point distances left after the least-squares similarity (Umeyama) src -> dst."""
    ms, md = src.mean(axis=0), dst.mean(axis=0)
    a, b = (src - ms).astype(np.float64), (dst - md).astype(np.float64)
    # As complex numbers a similarity is one complex factor: b ~ z * a.
    ac, bc = a[:, 0] + 1j * a[:, 1], b[:, 0] + 1j * b[:, 1]
    z = np.vdot(ac, bc) / max(float(np.vdot(ac, ac).real), 1e-9)
    return np.abs(bc - z * ac)
