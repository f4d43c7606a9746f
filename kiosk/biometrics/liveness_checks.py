"""Passive liveness checks on the frames the challenges are answered in.

- :func:`frame_quality`: face size and position in the frame (guidance codes);
- :class:`SharpnessGate`: sharpness against the stream's own recent best (motion blur), not an
  absolute number: a soft webcam is judged against itself;
- :func:`exposure` / :func:`exposure_guidance`: too dark, light behind the person (advisory);
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
# fmt: off
PLANAR_POINTS = np.array(sorted({
    # forehead, temples and cheekbones; not the jaw, which moves when the mouth does
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 132, 93, 234, 127, 162, 21, 54, 103,
    67, 109,
    33, 133, 263, 362,  # eye corners
    1, 4, 5, 195, 168, 6, 98, 327, 2, 19, 94,  # nose ridge, tip and wings
}), np.int32)
# fmt: on

SHARPNESS_WIDTH = 96  # the face crop is measured at this width, so the cost is fixed
# Variance of the Laplacian (green channel, area-averaged to 96 px) of a face crop. Absolute
# values depend on the camera, the light and the person (median of a steady stream: virtual
# subject 520, heavy sensor noise 970, dim shop 115, backlit 90, a soft 640x480 webcam 76), and
# vary by +-20% frame to frame. A 9-pixel motion smear brings each to 0.16-0.5 of its median.
# So a frame is judged against the stream's own recent best (its 75th percentile over the last
# few seconds), and only below MIN_SHARPNESS is nothing left of the face's detail.
MIN_SHARPNESS = 8.0
SHARPNESS_RELATIVE = 0.4
SHARPNESS_MEMORY_MS = 4000.0  # how far back "recent" goes
SHARPNESS_MIN_HISTORY = 5  # frames before the relative test applies
# Exposure guidance (0-255 grey of the inner face, green channel). Advisory: the face mesh still
# works at these levels, but the person can help (more light, not standing against a window).
DARK_FACE = 60.0
BACKLIGHT_SURROUND = 170.0  # the surroundings this bright ...
BACKLIGHT_GAP = 70.0  # ... and this much brighter than the face
# Held photo: the face departed from a similarity by more than PLANAR_MOTION (tilted, turned)
# but never from a plane by more than PLANAR_RESIDUAL (shares of the face width, 95th
# percentile of the landmarks). MediaPipe's own jitter on a tilted print stays under ~0.025.
PLANAR_RESIDUAL = 0.035
PLANAR_MOTION = 0.03
# Between PLANAR_MOTION and PLANAR_MOTION_STRONG the test cannot tell a swaying head from a
# held print (field set, 95th-percentile shares of the face width: a head swaying +-5 degrees
# through a blink and a smile read motion 0.034-0.049, residual 0.022-0.034; held prints
# 0.035-0.051 and 0.016-0.031). There a face that showed an expression is not called flat.
PLANAR_MOTION_STRONG = 0.06


def sharpness(image: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Variance of the Laplacian of the face crop, scaled to a fixed width."""
    x, y, w, h = box
    hh, ww = image.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, ww), min(y + h, hh)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return 0.0
    # The green channel stands in for luminance, area-averaged to SHARPNESS_WIDTH: a fixed
    # cost whatever the face size, and averaging keeps sensor noise from passing for detail
    # (subsampling without it read noise: 250-1250 on one steady stream).
    # (Resized as BGR, a plain ROI view OpenCV reads in place; a channel view would be copied.)
    hh = max(8, round(SHARPNESS_WIDTH * (y1 - y0) / (x1 - x0)))
    small = cv2.resize(image[y0:y1, x0:x1], (SHARPNESS_WIDTH, hh), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(small[..., 1], cv2.CV_32F).var())


class SharpnessGate:
    """Judges each frame's sharpness against the best of the last ``SHARPNESS_MEMORY_MS`` of the
    same stream (a running maximum over a short history, cheap per frame)."""

    def __init__(self) -> None:
        self._hist: list[tuple[float, float]] = []

    def reset(self) -> None:
        self._hist = []

    def recent_best(self) -> float:
        """The 75th percentile of the recent frames (one noisy outlier is not the best)."""
        if not self._hist:
            return 0.0
        vals = sorted(v for _, v in self._hist)
        return vals[(3 * (len(vals) - 1)) // 4]

    def blurred(self, ts: float, sharp: float) -> bool:
        """True when this frame is motion-blurred (or smeared beyond use); records it."""
        cut = ts - SHARPNESS_MEMORY_MS
        while self._hist and self._hist[0][0] < cut:
            self._hist.pop(0)
        enough = len(self._hist) >= SHARPNESS_MIN_HISTORY
        best = self.recent_best()
        self._hist.append((ts, sharp))
        return sharp < MIN_SHARPNESS or (enough and sharp < SHARPNESS_RELATIVE * best)


EYE_CORNERS = ((33, 133), (263, 362))
EYE_PATCH = (24, 12)  # the eye opening sampled at this size, along the corner-to-corner axis


def eye_openness(image: np.ndarray, pts: np.ndarray) -> float:
    """How open the eyes *look*: (median - 10th percentile) / median of the grey levels in a
    patch spanning each eye, averaged over both eyes.

    An open eye holds the dark iris, pupil and lash line; a closed lid is skin. This sees a
    blink that the mesh misses: behind thick spectacle frames and lens reflections the mesh's
    lid landmarks barely move (eye aspect ratio 0.67-0.96 of the open eye at the height of a
    blink, against 0.40-0.57 without glasses) while this measure falls to 0.40-0.66 (0.91 when
    a reflection covers the eye). Turns, nods and smiles leave it above 0.88."""
    vals = []
    w, h = EYE_PATCH
    for a, b in EYE_CORNERS:
        pa, pb = pts[a, :2].astype(np.float64), pts[b, :2].astype(np.float64)
        c, v = (pa + pb) / 2, pb - pa
        length = float(np.hypot(*v))
        if length < 4:
            return 0.0
        u = v / length
        n = np.array([-u[1], u[0]])
        # Only a small window around the eye is handed to OpenCV (a channel of the whole frame
        # would be copied first: 2 ms a frame).
        r = int(0.6 * length) + 2
        x0, y0 = max(int(c[0]) - r, 0), max(int(c[1]) - r, 0)
        x1, y1 = min(int(c[0]) + r + 1, image.shape[1]), min(int(c[1]) + r + 1, image.shape[0])
        if x1 - x0 < 4 or y1 - y0 < 4:
            return 0.0
        o = np.array([x0, y0], np.float64)
        src = np.array(
            [
                c - o - 0.5 * length * u - 0.3 * length * n,
                c - o + 0.5 * length * u - 0.3 * length * n,
                c - o - 0.5 * length * u + 0.3 * length * n,
            ],
            np.float32,
        )
        m = cv2.getAffineTransform(src, np.array([[0, 0], [w, 0], [0, h]], np.float32))
        window = np.ascontiguousarray(image[y0:y1, x0:x1, 1])
        patch = cv2.warpAffine(window, m, (w, h), flags=cv2.INTER_AREA).ravel()
        k10, k50 = len(patch) // 10, len(patch) // 2
        part = np.partition(patch, (k10, k50))
        p10, p50 = float(part[k10]), float(part[k50])
        vals.append((p50 - p10) / max(p50, 1.0))
    return float(np.mean(vals))


def exposure(image: np.ndarray, box: tuple[int, int, int, int]) -> tuple[float, float]:
    """(mean grey of the inner face, mean grey of the surroundings), green channel, subsampled.

    The surroundings are a band around the face box as wide as half the face: what stands
    behind the person's head (a window, a lamp), not the whole frame."""
    x, y, w, h = box
    hh, ww = image.shape[:2]
    step = max(1, w // 48)
    fx0, fy0 = max(x + w // 5, 0), max(y + h // 5, 0)
    fx1, fy1 = min(x + w - w // 5, ww), min(y + h - h // 4, hh)
    if fx1 - fx0 < 4 or fy1 - fy0 < 4:
        return 0.0, 0.0
    face = image[fy0:fy1:step, fx0:fx1:step, 1]
    ox0, oy0 = max(x - w // 2, 0), max(y - h // 2, 0)
    ox1, oy1 = min(x + w + w // 2, ww), min(y + h, hh)
    outer = image[oy0:oy1:step, ox0:ox1:step, 1]
    n_outer = outer.size
    inner = image[max(y, 0) : oy1 : step, max(x, 0) : min(x + w, ww) : step, 1]
    rest = n_outer - inner.size
    f_mean = float(face.mean())
    if rest <= 0:
        return f_mean, f_mean
    s_mean = (float(outer.sum(dtype=np.int64)) - float(inner.sum(dtype=np.int64))) / rest
    return f_mean, s_mean


def exposure_guidance(face_mean: float, surround_mean: float) -> str:
    """'' / 'backlight' (light behind the person) / 'too_dark' (more light on the face)."""
    if surround_mean >= BACKLIGHT_SURROUND and surround_mean - face_mean >= BACKLIGHT_GAP:
        return "backlight"
    if face_mean < DARK_FACE:
        return "too_dark"
    return ""


def frame_quality(
    box: tuple[int, int, int, int],
    size: tuple[int, int],
    min_face_px: int,
    sharp: float | None = None,
) -> str:
    """'' when the face is usable; otherwise the guidance code for the person. ``sharp`` is
    the old absolute sharpness test (used by nothing in the checker now, kept for callers)."""
    x, y, w, h = box
    fw, fh = size
    if w < min_face_px:
        return "move_closer"
    if w > 0.8 * fw or h > 0.95 * fh:
        return "move_back"
    cx, cy = x + w / 2, y + h / 2
    if (
        x < 0
        or y < 0
        or x + w > fw
        or y + h > fh
        or not 0.2 * fw < cx < 0.8 * fw
        or not 0.15 * fh < cy < 0.85 * fh
    ):
        return "center_face"
    if sharp is not None and sharp < MIN_SHARPNESS:
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

    def looks_flat(self, *, expressive: bool = False) -> bool:
        """Moved as a plane. ``expressive``: the face showed an expression (blink, smile) that
        a picture cannot, so only a strong planar motion counts."""
        least = PLANAR_MOTION_STRONG if expressive else PLANAR_MOTION
        return self.max_motion > least and self.max_residual < PLANAR_RESIDUAL

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

    def offer(
        self, image: np.ndarray, timestamp_ms: float, sharp: float, off_frontal: float
    ) -> None:
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
