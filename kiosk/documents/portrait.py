"""Find the holder's face photo on scanned document sides, whichever side and orientation.

A scan may hold the front or the back first, and a customer may put the card on the glass upside
down or sideways. We run dlib's HOG frontal-face detector (no model file, a few ms per pass on a
downscaled copy) on every side in all four right-angle orientations and keep the strongest face.
The HOG detector only fires on roughly upright faces, so the orientation that finds the face is
also the orientation that makes it upright.

Cost: the detector runs on a copy whose long side is at most ``WORK_SIDE`` pixels, because its
time grows with pixel count and a portrait on an ID card at 150-600 dpi is still comfortably above
the detector's ~80 px minimum at that size. Only if nothing is found anywhere do we try again with
dlib's 2x upsampling (a whole A4 flatbed scan with a small card in it).

Documents may carry a second, smaller "ghost" copy of the portrait (Kazakh ID cards do). The main
portrait is the largest face, so among the detections of the winning side we keep the largest.

This module deliberately does not import ``kiosk.biometrics`` (sibling layers stay independent,
see the import-linter contract); the biometrics engine re-detects and aligns the face inside
``Portrait.crop``, which is cut with a generous margin for that purpose.

Coordinates: ``box`` is (x, y, w, h) in the ORIGINAL image of side ``image``, before any
rotation. ``rotation`` is how many degrees the original image must be turned CLOCKWISE for the
face to be upright (0, 90, 180 or 270); ``crop`` is already upright.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.imaging.convert import as_bgr, check_image, rotate, to_gray
from kiosk.imaging.detector import load_frontal_detector

# Long side of the copy the detector sees. ID-1 card at 300 dpi is ~1010 px wide; passport data
# page ~1480 px: at 800 px the face is still 130-160 px, well above HOG's minimum.
WORK_SIDE = 800
# Margin added around the detector's box for the crop, as a fraction of the box size on each
# side: enough forehead, chin and background for a re-detection and a 5-point alignment.
CROP_MARGIN = 0.5
# A detection below this HOG score is too weak to call a portrait (dlib's own default is 0).
MIN_SCORE = 0.0
# A detection this strong ends the search early (rendered portraits score 0.7-1.6): the other
# sides and orientations are not tried. Weaker ones are compared across every view.
CONFIDENT_SCORE = 0.5

MIN_IMAGE_SIDE = 8  # pixels: anything smaller is no scan of a document
# Upright first, then upside down (the common mistake), then sideways.
ROTATIONS = (0, 180, 90, 270)


@dataclass
class Portrait:
    found: bool
    image: int = -1
    box: tuple[int, int, int, int] = (0, 0, 0, 0)
    rotation: int = 0
    crop: np.ndarray | None = field(default=None, repr=False)
    reason: str = ""
    score: float = 0.0

    def as_dict(self) -> dict:
        """The JSON shape ``read-document`` reports (no pixels)."""
        return {
            "found": self.found,
            "image": self.image if self.found else None,
            "box": list(self.box) if self.found else None,
            "rotation": self.rotation,
            "reason": self.reason,
        }

    def wipe(self) -> None:
        """Drop the face pixels (biometric data) as soon as the session no longer needs them."""
        if self.crop is not None:
            self.crop.fill(0)
        self.crop = None


_detector = None
_detector_lock = threading.Lock()


def _detect(gray: np.ndarray, upsample: int) -> list[tuple[tuple[int, int, int, int], float]]:
    """HOG detections as ((left, top, right, bottom), score); one detector per process."""
    global _detector

    with _detector_lock:
        if _detector is None:
            _detector = load_frontal_detector()
        rects, scores, _ = _detector.run(gray, upsample, MIN_SCORE)
    return [
        ((r.left(), r.top(), r.right(), r.bottom()), float(s))
        for r, s in zip(rects, scores, strict=True)
    ]


def _to_original(
    box: tuple[float, float, float, float], rotation: int, width: int, height: int
) -> tuple[int, int, int, int]:
    """Map (l, t, r, b) in the image rotated ``rotation`` deg clockwise back to the original
    (width x height) image; returns (x, y, w, h) clipped to the original."""
    left, top, right, bottom = box
    corners = [(left, top), (right, bottom)]
    pts = []
    for xr, yr in corners:
        if rotation == 0:
            x, y = xr, yr
        elif rotation == 90:  # rotated (xr, yr) came from original (yr, H - xr)
            x, y = yr, height - xr
        elif rotation == 180:
            x, y = width - xr, height - yr
        else:  # 270: rotated (xr, yr) came from original (W - yr, xr)
            x, y = width - yr, xr
        pts.append((x, y))
    x0 = max(0, round(min(p[0] for p in pts)))
    y0 = max(0, round(min(p[1] for p in pts)))
    x1 = min(width, round(max(p[0] for p in pts)))
    y1 = min(height, round(max(p[1] for p in pts)))
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


@dataclass
class _Candidate:
    image: int
    rotation: int
    box_work: tuple[int, int, int, int]  # l, t, r, b in the rotated working copy
    scale: float  # working copy = original * scale
    score: float

    @property
    def area(self) -> int:
        left, top, right, bottom = self.box_work
        return (right - left) * (bottom - top)


def _small(gray: np.ndarray) -> tuple[np.ndarray, float]:
    h, w = gray.shape[:2]
    scale = min(1.0, WORK_SIDE / max(h, w))
    small = (
        gray
        if scale == 1.0
        else cv2.resize(
            gray, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
        )
    )
    return small, scale


def _views(count: int, prefer: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Every (image, rotation) pair, the preferred ones first."""
    every = [(i, r) for i in range(count) for r in ROTATIONS]
    first = [v for v in (prefer or []) if v in every]
    return first + [v for v in every if v not in first]


def _crop(original: np.ndarray, box: tuple[int, int, int, int], rotation: int) -> np.ndarray:
    x, y, w, h = box
    mx, my = round(w * CROP_MARGIN), round(h * CROP_MARGIN)
    H, W = original.shape[:2]
    x0, y0 = max(0, x - mx), max(0, y - my)
    x1, y1 = min(W, x + w + mx), min(H, y + h + my)
    return np.ascontiguousarray(rotate(as_bgr(original)[y0:y1, x0:x1].copy(), rotation))


def find_portrait(
    images: list[np.ndarray], prefer: list[tuple[int, int]] | None = None
) -> Portrait:
    """The holder's portrait on any of the scanned sides, in any right-angle orientation.

    ``prefer`` lists (image index, rotation) views to try first, e.g. from where the MRZ was
    found; a confident face in an early view ends the search. Returns
    ``Portrait(found=False, reason=...)`` when no side holds a face; raises ValueError
    for arrays that are not 8-bit images.
    """
    if not images:
        return Portrait(found=False, reason="no document image given")
    for im in images:
        check_image(im, min_side=MIN_IMAGE_SIDE)
    smalls = [_small(to_gray(im)) for im in images]
    cands: list[_Candidate] = []
    for upsample in (0, 1):
        for i, rotation in _views(len(images), prefer):
            small, scale = smalls[i]
            found = _detect(np.ascontiguousarray(rotate(small, rotation)), upsample)
            cands.extend(_Candidate(i, rotation, box, scale, score) for box, score in found)
            if any(score >= CONFIDENT_SCORE for _, score in found):
                break
        if cands:
            break
    if not cands:
        sides = "the image" if len(images) == 1 else f"any of the {len(images)} images"
        return Portrait(
            found=False, reason=f"no face photo found on {sides} (tried all four orientations)"
        )
    best = max(cands, key=lambda c: c.score)
    # The main portrait is the largest face on the winning side and orientation; a smaller
    # ghost image may score higher when the main photo is glared or printed darker.
    same_view = [c for c in cands if c.image == best.image and c.rotation == best.rotation]
    best = max(same_view, key=lambda c: (c.area, c.score))
    original = images[best.image]
    H, W = original.shape[:2]
    left, top, right, bottom = (v / best.scale for v in best.box_work)
    rotated_w, rotated_h = (W, H) if best.rotation in (0, 180) else (H, W)
    clipped = (
        max(0.0, left),
        max(0.0, top),
        min(float(rotated_w), right),
        min(float(rotated_h), bottom),
    )
    box = _to_original(clipped, best.rotation, W, H)
    return Portrait(
        found=True,
        image=best.image,
        box=box,
        rotation=best.rotation,
        crop=_crop(original, box, best.rotation),
        score=best.score,
        reason="portrait found",
    )
