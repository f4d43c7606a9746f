"""Find the machine-readable zone on a scan and cut it into character cells.

What we rely on (ICAO Doc 9303 part 3): the MRZ is 2 or 3 lines of 30, 36 or 44 OCR-B characters
at a fixed pitch of 2.54 mm, every cell printed (``<`` fills the empty ones), the lines parallel,
left-aligned and of equal length. Nothing else on a document looks like that, so:

1. Dark ink is separated from the background (adaptive threshold, plus an absolute darkness
   limit so that pale security print never counts) and cut into connected components.
2. Character-sized components are chained to their nearest right-hand neighbour at about one
   character pitch; a chain of 20 or more is a candidate MRZ line, whatever its position on the
   bed and whatever its skew (the chain follows the slant).
3. Parallel candidate lines with the same pitch, left edge and an even spacing form the zone;
   its angle comes from a least-squares fit through all character centres.
4. The zone is cut out, rotated level and scaled so that a capital is
   :data:`~kiosk.documents.glyphs.CAP_PX` pixels tall, in one affine warp. A joint fit of
   ``x = x0 + i * pitch`` through the characters of every line gives the cell grid, and the
   number of cells (30/36/44) gives the format.

The zone upside down is the same zone read right to left; the reader decides the orientation by
reading both. A zone turned 90 degrees is found by trying the image turned a quarter.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.documents.glyphs import CAP_PX, PITCH_PER_CAP, SMOOTH_SIGMA
from kiosk.errors import DocumentError
from kiosk.imaging.convert import to_gray

LINE_LENGTHS = (30, 36, 44)
LINE_COUNTS = {30: 3, 36: 2, 44: 2}
# Scans are worked at no more than this long side (a 600 dpi A4 flatbed scan is ~7000 px); the
# MRZ characters are still >25 px tall at a card's worth of 300 dpi in that size.
MAX_SIDE = 3600
# The search for character chains runs on a copy of at most this long side (a 600 dpi card scan
# is ~2700 px; its MRZ characters are still ~35 px tall here); the zone itself is then cut from
# the full image, so no resolution is lost for reading.
SEARCH_SIDE = 1800
# Darkest acceptable "background" for MRZ ink: MRZ print is black, security print is pale.
INK_MAX_GRAY = 150
MIN_CHAIN = 20
# Pieces of a line broken by a smudge, a fold or a hologram are joined when collinear; a piece
# needs this many characters to be considered at all.
MIN_PIECE = 6


class LocateError(DocumentError):
    """No MRZ on this image; the message says what was (not) seen."""


@dataclass
class Zone:
    """A levelled, normalised MRZ: ``gray`` at CAP_PX scale, cell grid and line centres."""

    gray: np.ndarray  # smoothed, levelled, scaled crop of the zone (dark ink on light)
    line_y: list[float]
    x0: float  # centre of the first cell
    pitch: float
    length: int  # characters per line
    angle_deg: float  # skew that was removed
    rotated90: bool = False

    def cells(self) -> list[list[tuple[float, float, float, float]]]:
        """Per line, per cell: (x0, x1, y0, y1) windows in ``gray``."""
        spacing = min(np.diff(self.line_y)) if len(self.line_y) > 1 else 2 * CAP_PX
        half_w, half_h = self.pitch / 2, min(CAP_PX * 0.85, 0.48 * spacing)
        return [
            [
                (
                    self.x0 + i * self.pitch - half_w,
                    self.x0 + i * self.pitch + half_w,
                    y - half_h,
                    y + half_h,
                )
                for i in range(self.length)
            ]
            for y in self.line_y
        ]

    def turned(self) -> Zone:
        """The same zone rotated 180 degrees (a document put on the glass upside down)."""
        h, w = self.gray.shape
        last = self.x0 + (self.length - 1) * self.pitch
        return Zone(
            cv2.rotate(self.gray, cv2.ROTATE_180),
            [h - 1 - y for y in self.line_y][::-1],
            w - 1 - last,
            self.pitch,
            self.length,
            self.angle_deg,
            self.rotated90,
        )


def _ink(gray: np.ndarray) -> np.ndarray:
    block = max(15, (max(gray.shape) // 40) | 1)
    local = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 20
    )
    dark = (gray < INK_MAX_GRAY).astype(np.uint8) * 255
    return cv2.bitwise_and(local, dark)


@dataclass(eq=False)
class _Chain:
    xs: np.ndarray
    ys: np.ndarray
    hs: np.ndarray
    slope: float
    pitch: float

    @property
    def height(self) -> float:
        return float(np.median(self.hs))


def _chains(ink: np.ndarray) -> list[_Chain]:
    n, _, stats, _cents = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return []
    w = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float32)
    h = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float32)
    area = stats[1:, cv2.CC_STAT_AREA].astype(np.float32)
    cx = stats[1:, cv2.CC_STAT_LEFT] + w / 2
    cy = stats[1:, cv2.CC_STAT_TOP] + h / 2
    ok = (h >= 8) & (h <= 200) & (w <= 1.3 * h) & (w >= 0.15 * h) & (area >= 0.08 * w * h)
    idx = np.flatnonzero(ok)
    if len(idx) < MIN_CHAIN:
        return []
    cx, cy, h = cx[idx], cy[idx], h[idx]
    # Right-hand neighbour: 0.6-1.6 pitches to the right, level within half a height, similar
    # height. Pairwise arrays are fine: a scan has at most a few thousand such components.
    dx = cx[None, :] - cx[:, None]
    dy = np.abs(cy[None, :] - cy[:, None])
    ratio = h[None, :] / h[:, None]
    pitch = PITCH_PER_CAP * h[:, None]
    cand = (
        (dx > 0.6 * pitch)
        & (dx < 1.6 * pitch)
        & (dy < 0.35 * h[:, None])
        & (ratio > 0.7)
        & (ratio < 1.4)
    )
    dist = np.where(cand, dx + 2 * dy, np.inf)
    right = np.where(np.isfinite(dist.min(axis=1)), dist.argmin(axis=1), -1)
    left = np.where(np.isfinite(dist.min(axis=0)), dist.argmin(axis=0), -1)
    has_left = np.zeros(len(cx), bool)
    for i, j in enumerate(right):
        if j >= 0 and left[j] == i:
            has_left[j] = True
    chains = []
    for start in np.flatnonzero(~has_left):
        members = [start]
        while (j := right[members[-1]]) >= 0 and left[j] == members[-1]:
            members.append(j)
        if len(members) >= MIN_PIECE:
            m = np.array(members)
            slope = float(np.polyfit(cx[m], cy[m], 1)[0])
            chains.append(_Chain(cx[m], cy[m], h[m], slope, float(np.median(np.diff(cx[m])))))
    return [c for c in _join(chains) if len(c.xs) >= MIN_CHAIN]


def _join(pieces: list[_Chain]) -> list[_Chain]:
    """Join collinear pieces of one line: same pitch, on each other's line, a gap of at most a
    few characters between them."""
    pieces = sorted(pieces, key=lambda c: float(c.xs[0]))
    joined: list[_Chain] = []
    for c in pieces:
        for k, j in enumerate(joined):
            gap = float(c.xs[0] - j.xs[-1])
            off = float(c.ys[0] - (j.ys[-1] + j.slope * gap))
            if (
                0 < gap < 5 * j.pitch
                and abs(c.pitch - j.pitch) < 0.15 * j.pitch
                and abs(off) < 0.3 * j.height
            ):
                xs, ys = np.concatenate([j.xs, c.xs]), np.concatenate([j.ys, c.ys])
                joined[k] = _Chain(
                    xs, ys, np.concatenate([j.hs, c.hs]), float(np.polyfit(xs, ys, 1)[0]), j.pitch
                )
                break
        else:
            joined.append(c)
    return joined


def _groups(chains: list[_Chain]) -> list[list[_Chain]]:
    """Candidate zones, most characters first: runs of 2-3 parallel, left-aligned, evenly
    spaced chains of one pitch."""
    found: list[list[_Chain]] = []
    for seed in sorted(chains, key=lambda c: -len(c.xs)):
        angle = seed.slope

        def across(c: _Chain, angle: float = angle) -> float:  # distance across the lines
            return float(np.median(c.ys - angle * c.xs))

        def along(c: _Chain, angle: float = angle) -> float:
            return float(c.xs.min() + angle * c.ys[np.argmin(c.xs)])

        group = [
            c
            for c in chains
            if abs(c.pitch - seed.pitch) < 0.12 * seed.pitch
            and abs(c.slope - seed.slope) < 0.03
            and abs(along(c) - along(seed)) < 2.5 * seed.pitch
            and abs(across(c) - across(seed)) < 3 * 2.6 * seed.pitch
        ]
        group.sort(key=across)
        # keep the run of lines around the seed whose spacing is about 1-2.6 pitches
        ys = [across(c) for c in group]
        k = group.index(seed)
        lo = hi = k
        while lo > 0 and 0.9 * seed.pitch < ys[lo] - ys[lo - 1] < 2.6 * seed.pitch:
            lo -= 1
        while hi < len(group) - 1 and 0.9 * seed.pitch < ys[hi + 1] - ys[hi] < 2.6 * seed.pitch:
            hi += 1
        run = group[lo : hi + 1]
        if len(run) > 3:
            run = sorted(run, key=lambda c: -len(c.xs))[:3]
        run.sort(key=lambda c: float(np.median(c.ys)))
        if len(run) >= 2 and not any({id(c) for c in run} == {id(c) for c in f} for f in found):
            found.append(run)
    found.sort(key=lambda run: -sum(len(c.xs) for c in run))
    return found


def _affine(group: list[_Chain]) -> tuple[np.ndarray, float, tuple[int, int]]:
    """The warp that levels and scales the zone: (2x3 affine, angle in degrees, output size)."""
    xs = np.concatenate([c.xs for c in group])
    ys = np.concatenate([c.ys for c in group])
    # One slope for all lines (each with its own offset): least squares with per-line intercepts.
    xm = np.concatenate([c.xs - c.xs.mean() for c in group])
    ym = np.concatenate([c.ys - c.ys.mean() for c in group])
    slope = float((xm * ym).sum() / max((xm * xm).sum(), 1e-6))
    angle = float(np.degrees(np.arctan(slope)))
    cap = float(np.median(np.concatenate([c.hs for c in group])))
    # Digits are ~8% taller than capitals and most MRZ cells hold one; median covers both.
    scale = CAP_PX / (cap * 0.96)
    pitch = float(np.median([c.pitch for c in group]))
    cxm, cym = float(xs.mean()), float(ys.mean())
    rot = cv2.getRotationMatrix2D((cxm, cym), angle, scale)
    half_w = (xs.max() - xs.min()) / 2 + 4 * pitch
    half_h = (ys.max() - ys.min()) / 2 + 2.5 * pitch
    out_w, out_h = int(2 * half_w * scale), int(2 * half_h * scale)
    rot[0, 2] += out_w / 2 - cxm
    rot[1, 2] += out_h / 2 - cym
    return rot, angle, (out_w, out_h)


def _grid(group: list[_Chain], rot: np.ndarray) -> tuple[list[float], float, float, int]:
    """Line centres, first-cell centre, pitch and cell count in the levelled crop: one fit of
    ``x = x0 + i * pitch`` through the characters of all lines (they share the grid)."""
    scale = float(np.hypot(rot[0, 0], rot[0, 1]))
    pitch = float(np.median([c.pitch for c in group])) * scale
    xs, line_y = [], []
    for c in group:
        pts = np.stack([c.xs, c.ys, np.ones_like(c.xs)], axis=1) @ rot.T
        xs.append(pts[:, 0])
        line_y.append(float(np.median(pts[:, 1])))
    left = min(float(x.min()) for x in xs)
    xv = np.concatenate(xs)
    x0 = left
    for _ in range(3):  # assign cell indices, refit, reassign with the better pitch
        xi = np.round((xv - x0) / pitch)
        pitch, x0 = (float(v) for v in np.polyfit(xi, xv, 1))
    count = int(np.round((xv.max() - x0) / pitch)) + 1
    return line_y, x0, pitch, count


def _search(gray: np.ndarray) -> list[_Chain]:
    """Character chains of ``gray``, found on a reduced copy, in ``gray``'s coordinates."""
    step = -(-max(gray.shape) // SEARCH_SIDE)  # whole-number steps: OpenCV's fast area path
    if step == 1:
        return _chains(_ink(gray))
    f = 1.0 / step
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    return [
        _Chain((c.xs + 0.5) / f - 0.5, (c.ys + 0.5) / f - 0.5, c.hs / f, c.slope, c.pitch / f)
        for c in _chains(_ink(small))
    ]


def _zone(gray: np.ndarray, rotated90: bool) -> Zone:
    chains = _search(gray)
    if not chains:
        raise LocateError("no line of MRZ-like characters")
    groups = _groups(chains)
    if not groups:
        raise LocateError("a line of characters but no two or three parallel MRZ lines")
    reasons = []
    for group in groups:
        rot, angle, size = _affine(group)
        line_y, x0, pitch, count = _grid(group, rot)
        length = min(LINE_LENGTHS, key=lambda n: abs(n - count))
        if abs(length - count) > 2:
            reasons.append(f"lines of about {count} characters (an MRZ has 30, 36 or 44)")
        elif len(group) != LINE_COUNTS[length]:
            reasons.append(f"{len(group)} lines of {length} characters is not an MRZ layout")
        else:
            crop = cv2.warpAffine(
                gray, rot, size, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE
            )
            crop = cv2.GaussianBlur(crop, (0, 0), SMOOTH_SIGMA)
            return Zone(crop, line_y, x0, pitch, length, angle, rotated90)
    raise LocateError(reasons[0])


def locate(image: np.ndarray, *, sideways: bool | None = None) -> Zone:
    """The MRZ of one scanned side, levelled and scaled; raises LocateError when absent.
    ``sideways``: False looks only along the image rows, True only along its columns (the
    document lying sideways on the bed), None tries rows, then columns."""
    gray = to_gray(image)
    shrink = min(1.0, MAX_SIDE / max(gray.shape))
    if shrink < 1.0:
        gray = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    if sideways:
        return _zone(cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE), True)
    try:
        return _zone(gray, False)
    except LocateError as upright:
        if sideways is False:
            raise
        try:
            return _zone(cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE), True)
        except LocateError:
            raise upright from None
