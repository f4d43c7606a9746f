"""A dedicated OCR-B glyph reader for MRZ character cells.

The MRZ alphabet is 37 characters in one fixed font at one fixed pitch, so instead of a general
OCR engine we compare each character cell with templates of the 37 glyphs rendered from the
OCR-B font itself (Debian ``fonts-ocr-b``) once per process. Both the templates and the scanned
cells are brought to the same scale (cap height :data:`CAP_PX`), centred on their ink, slightly
blurred, and compared by zero-mean normalised correlation; small shifts are absorbed by comparing
each cell with every template shifted by up to one pixel, in a sharp and a soft version. All
cells of a document are scored in one matrix product, so reading is a few milliseconds.

Each cell keeps its full score vector: the MRZ-aware corrector picks the best character of the
class a field allows (digits in dates, letters in names) and, where a check digit fails, the
runner-up characters that make it check out.
"""

from __future__ import annotations

import functools
import threading

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kiosk.documents.fonts import ocrb_font_path
from simcontract.checkdigits import MRZ_CHARS

# Scale everything is compared at: height of an OCR-B capital, in pixels. 24 px keeps strokes
# (about 3 px) distinct while 90 cells x 37 glyphs x 9 shifts stay a tiny matrix product.
CAP_PX = 24
# OCR-B geometry (measured from the font): character pitch and digit height over cap height.
PITCH_PER_CAP = 1.018
# Patch compared per cell: a little larger than a glyph so that the ink is whole when centred.
PATCH_H = 32
PATCH_W = 28
# Blur applied to templates and cells alike: evens out print, scan blur and resampling.
SMOOTH_SIGMA = 0.9
SHIFTS = (-1, 0, 1)
# Extra blur on top of SMOOTH_SIGMA for a second template set: a soft scan (a 200 dpi scanner
# out of focus) looks more like a blurred glyph; H and M, B and 8 stay apart that way.
EXTRA_BLURS = (0.0, 1.4)
_SUPERSAMPLE = 4
_lock = threading.Lock()


def ink_box(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) exclusive of the dark ink in a cell, ignoring specks; None if empty."""
    lo, hi = float(gray.min()), float(gray.max())
    if hi - lo < 40:
        return None
    ink = (gray < (lo + hi) / 2).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA]
    width = gray.shape[1]
    keep = []
    for i, a in enumerate(areas, start=1):
        left = stats[i, cv2.CC_STAT_LEFT]
        at_edge = left == 0 or left + stats[i, cv2.CC_STAT_WIDTH] >= width
        # a minor blob on the cell's side edge is a neighbour's stroke bleeding in (blur)
        if a >= max(4, 0.08 * areas.max()) and not (at_edge and a < 0.5 * areas.max()):
            keep.append(i)
    x0 = min(stats[i, cv2.CC_STAT_LEFT] for i in keep)
    y0 = min(stats[i, cv2.CC_STAT_TOP] for i in keep)
    x1 = max(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in keep)
    y1 = max(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in keep)
    return int(x0), int(y0), int(x1), int(y1)


def centred_patch(gray: np.ndarray, cx: float, cy: float, dx: int = 0, dy: int = 0) -> np.ndarray:
    """A PATCH_H x PATCH_W float patch of ``gray`` centred on (cx+dx, cy+dy), edge-padded."""
    x0 = round(cx - PATCH_W / 2) + dx
    y0 = round(cy - PATCH_H / 2) + dy
    h, w = gray.shape
    px0, py0 = max(0, -x0), max(0, -y0)
    px1, py1 = max(0, x0 + PATCH_W - w), max(0, y0 + PATCH_H - h)
    sub = gray[max(0, y0) : min(h, y0 + PATCH_H), max(0, x0) : min(w, x0 + PATCH_W)]
    if px0 or py0 or px1 or py1:
        sub = cv2.copyMakeBorder(sub, py0, py1, px0, px1, cv2.BORDER_REPLICATE)
    return sub.astype(np.float32)


def _normalise(rows: np.ndarray) -> np.ndarray:
    """Zero-mean, unit-norm rows (so a dot product is the normalised correlation)."""
    rows = rows - rows.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-6)


def _render_glyph(ch: str) -> np.ndarray:
    """One glyph, dark on white, at CAP_PX scale (rendered large, then area-averaged down)."""
    cap_big = CAP_PX * _SUPERSAMPLE
    size = round(cap_big / 0.71)  # OCR-B capitals are 0.71 em tall
    font = ImageFont.truetype(ocrb_font_path(), size)
    canvas = Image.new("L", (size * 2, size * 2), 255)
    ImageDraw.Draw(canvas).text((size // 2, size // 2), ch, font=font, fill=0)
    big = np.asarray(canvas)
    small = cv2.resize(
        big,
        (big.shape[1] // _SUPERSAMPLE, big.shape[0] // _SUPERSAMPLE),
        interpolation=cv2.INTER_AREA,
    )
    return cv2.GaussianBlur(small, (0, 0), SMOOTH_SIGMA)


class GlyphTemplates:
    """The 37 MRZ glyph templates, shifted copies included, as normalised row vectors."""

    def __init__(self) -> None:
        self.chars = MRZ_CHARS
        rows = []
        for ch in self.chars:
            sharp = _render_glyph(ch)
            for extra in EXTRA_BLURS:
                img = cv2.GaussianBlur(sharp, (0, 0), extra) if extra else sharp
                box = ink_box(img)
                assert box is not None, ch  # every MRZ glyph has ink
                cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
                for dy in SHIFTS:
                    for dx in SHIFTS:
                        rows.append(centred_patch(img, cx, cy, dx, dy).ravel())
        self.matrix = _normalise(np.stack(rows)).T.copy()  # (features, templates)
        # templates per glyph (blur variants x shifts); the first variant's middle one is the
        # plain glyph
        self.variants = len(EXTRA_BLURS) * len(SHIFTS) ** 2
        self.plain = len(SHIFTS) ** 2 // 2

    def score(self, patches: np.ndarray) -> np.ndarray:
        """(cells, 37) best correlation of each cell with each glyph over all shifts."""
        if len(patches) == 0:
            return np.zeros((0, len(self.chars)), np.float32)
        sims = _normalise(patches.reshape(len(patches), -1)) @ self.matrix
        return sims.reshape(len(patches), len(self.chars), self.variants).max(axis=2)


@functools.cache
def _templates() -> GlyphTemplates:
    return GlyphTemplates()


def templates() -> GlyphTemplates:
    """The per-process template set (built on first use, ~50 ms)."""
    with _lock:
        return _templates()


def cell_patch(gray: np.ndarray, x0: float, x1: float, y0: float, y1: float) -> np.ndarray | None:
    """The normalised-scale patch for the cell spanning [x0, x1) x [y0, y1) of ``gray``
    (already at CAP_PX scale and smoothed), centred on the cell's ink; None if the cell is
    blank."""
    h, w = gray.shape
    ix0, iy0 = max(0, round(x0)), max(0, round(y0))
    ix1, iy1 = min(w, round(x1)), min(h, round(y1))
    if ix1 - ix0 < 3 or iy1 - iy0 < 3:
        return None
    box = ink_box(gray[iy0:iy1, ix0:ix1])
    if box is None:
        return None
    cx = ix0 + (box[0] + box[2]) / 2
    cy = iy0 + (box[1] + box[3]) / 2
    return centred_patch(gray, cx, cy)
