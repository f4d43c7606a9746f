"""MRZ text from scanned images: locate the zone, read every cell, correct with check digits.

:func:`read_mrz_image` reads one side, :func:`read_mrz_images` tries each side of a document
(the MRZ is on the back of an ID card, the front of a passport page) and returns the first that
yields an MRZ. Reading goes: :mod:`mrz_locate` (zone, skew, cell grid) ->
:mod:`glyphs` (OCR-B template scores per cell, both orientations, the better one kept) ->
:mod:`mrz_correct` (field classes and check digits choose among the candidates).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kiosk.documents import glyphs
from kiosk.documents.mrz_correct import correct
from kiosk.documents.mrz_locate import LocateError, Zone, locate
from kiosk.errors import DocumentError


class MrzUnreadable(DocumentError):
    """No MRZ could be read from the image(s); the message says why, in plain words."""


@dataclass
class MrzRead:
    lines: list[str]
    image: int  # which of the given images held the MRZ
    upside_down: bool
    angle_deg: float
    confidence: float  # mean template correlation of the chosen characters (0..1)
    corrections: int  # characters changed from the raw best guess by the corrector
    raw_lines: list[str] = field(default_factory=list)


def _patches(zone: Zone) -> np.ndarray | None:
    """(lines, length, PATCH_H, PATCH_W) ink-centred cell patches; None when a cell is blank
    (every MRZ cell is printed, so a blank one means this is not a real MRZ)."""
    rows = []
    for line in zone.cells():
        row = []
        for x0, x1, y0, y1 in line:
            p = glyphs.cell_patch(zone.gray, x0, x1, y0, y1)
            if p is None:
                return None
            row.append(p)
        rows.append(np.stack(row))
    return np.stack(rows)


def read_zone(zone: Zone) -> MrzRead:
    """Read a located zone both ways up and keep the orientation whose glyphs match better.
    The upside-down reading needs no second cut: its cells are the same patches turned 180
    degrees, in reverse order."""
    patches = _patches(zone)
    if patches is None:
        raise MrzUnreadable("the MRZ lines have blank character cells")
    tpl = glyphs.templates()
    n_lines, length = patches.shape[:2]
    best = None
    for upside_down, cells in ((False, patches), (True, patches[::-1, ::-1, ::-1, ::-1])):
        scores = tpl.score(cells.reshape(n_lines * length, *cells.shape[2:]))
        scores = scores.reshape(n_lines, length, -1)
        conf = float(scores.max(axis=2).mean())
        if best is None or conf > best[0]:
            best = (conf, upside_down, scores)
    assert best is not None
    conf, upside_down, scores = best
    chars = tpl.chars
    raw = ["".join(chars[k] for k in row.argmax(axis=1)) for row in scores]
    lines, changed = correct(scores, chars)
    picked = [
        [scores[i, j, chars.index(c)] for j, c in enumerate(line)] for i, line in enumerate(lines)
    ]
    return MrzRead(lines, 0, upside_down, zone.angle_deg, float(np.mean(picked)), changed, raw)


def read_mrz_image(image: np.ndarray, *, sideways: bool | None = None) -> MrzRead:
    try:
        zone = locate(image, sideways=sideways)
    except LocateError as exc:
        raise MrzUnreadable(str(exc)) from None
    return read_zone(zone)


def read_mrz_images(images: list[np.ndarray]) -> MrzRead:
    """The MRZ from whichever image holds it; MrzUnreadable naming what each image showed.
    Every image is searched the usual way first; only then sideways (rare, and slower)."""
    if not images:
        raise MrzUnreadable("no image given")
    reasons = []
    for sideways in (False, True):
        for i, image in enumerate(images):
            try:
                read = read_mrz_image(image, sideways=sideways)
            except MrzUnreadable as exc:
                if not sideways:
                    reasons.append(f"image {i + 1}: {exc}" if len(images) > 1 else str(exc))
                continue
            read.image = i
            return read
    raise MrzUnreadable("; ".join(reasons))
