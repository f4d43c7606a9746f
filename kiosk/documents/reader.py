"""Read and verify one identity document: MRZ (from images or a serial reader), IIN, portrait,
rules. This is the documents engine's entry point for the session and ``simkiosk read-document``.

A zone that was read but does not check out is an answer (``valid: false``, verdict
``refuse``), not an error: it is what a misprint or a forger's edit looks like. Only the absence
of any readable MRZ raises :class:`MrzNotFound`, with the reason for each image.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiosk.documents.iin import Iin
from kiosk.documents.mrz import Mrz, MrzFormatError, parse_mrz
from kiosk.documents.portrait import MIN_IMAGE_SIDE, Portrait, find_portrait
from kiosk.documents.rules import DocumentVerdict, Problem, evaluate, extract_iin, verdict
from kiosk.errors import DocumentError, InputError
from kiosk.imaging.convert import check_image
from kiosk.settings import DocumentSettings

__all__ = ["DocumentReading", "MrzNotFound", "Problem", "read_document"]

_MRZ_KEYS = (
    "format",
    "lines",
    "document_code",
    "issuer",
    "number",
    "birth_date",
    "expiry_date",
    "sex",
    "nationality",
    "surname",
    "given_names",
    "personal_number",
    "checks",
    "valid",
)


class MrzNotFound(InputError, DocumentError):
    """No readable MRZ on the image(s); the message says why."""

    def __init__(self, why: str) -> None:
        super().__init__(f"no readable MRZ on the image(s): {why}")
        self.why = why


@dataclass
class DocumentReading:
    mrz: Mrz | None
    iin: Iin | None
    portrait: Portrait
    problems: list[Problem]
    verdict: DocumentVerdict
    elapsed_ms: float
    mrz_source: str = "image"  # image | serial
    mrz_image: int | None = None  # which image held the MRZ
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.mrz is not None and self.mrz.valid

    def as_dict(self) -> dict[str, Any]:
        """Exactly the ``simkiosk read-document --json`` object."""
        mrz = None
        if self.mrz is not None:
            full = self.mrz.as_dict()
            mrz = {k: full[k] for k in _MRZ_KEYS}
        p = self.portrait
        return {
            "mrz": mrz,
            "iin": self.iin.as_dict() if self.iin is not None else None,
            "portrait": {
                "found": p.found,
                "image": p.image if p.found else None,
                "box": list(p.box) if p.found else None,
            },
            "problems": [pr.as_dict() for pr in self.problems],
            "elapsed_ms": round(self.elapsed_ms, 1),
        }

    def wipe(self) -> None:
        """Zero the portrait pixels and drop every personal field."""
        self.portrait.wipe()
        self.portrait.box = (0, 0, 0, 0)
        self.mrz = None
        self.iin = None


def _parse(lines: list[str], today: dt.date) -> tuple[Mrz, Iin | None]:
    mrz = parse_mrz(lines, today=today)
    iin = extract_iin(mrz)
    if iin is not None and iin.valid and iin.century is not None:
        # The IIN's century digit is exact where the two-digit MRZ year is only a guess.
        mrz = parse_mrz(lines, today=today, birth_century=iin.century)
    return mrz, iin


def _portrait_views(
    count: int, mrz_image: int | None, upside_down: bool, mrz: Mrz
) -> list[tuple[int, int]]:
    """Where the portrait most likely is: a passport page has it beside the MRZ (same side, same
    orientation); an ID card on the other side, either way up."""
    if mrz_image is None:
        return []
    same = (mrz_image, 180 if upside_down else 0)
    others = [(j, r) for j in range(count) if j != mrz_image for r in (0, 180)]
    return [same, *others] if mrz.format == "TD3" or not others else [*others, same]


def read_document(
    images: list[np.ndarray],
    rules: DocumentSettings,
    *,
    mrz_lines: list[str] | None = None,
    today: dt.date | None = None,
) -> DocumentReading:
    """Read one document from its scanned sides (any order, any of them upside down) or from the
    lines a serial MRZ reader sent. Raises MrzNotFound when no MRZ can be read."""
    from kiosk.documents.ocr import MrzUnreadable, read_mrz_images

    t0 = time.perf_counter()
    today = today or dt.date.today()
    for i, image in enumerate(images):
        try:
            check_image(image, min_side=MIN_IMAGE_SIDE)
        except ValueError as exc:
            raise InputError(f"image {i + 1}: {exc}") from None
    timings: dict[str, float] = {}
    source, image_index, upside_down = "image", None, False
    if mrz_lines is not None:
        source = "serial"
        lines = [ln.strip() for ln in mrz_lines if ln.strip()]
    else:
        try:
            read = read_mrz_images(list(images))
        except MrzUnreadable as exc:
            raise MrzNotFound(str(exc)) from None
        lines, image_index, upside_down = read.lines, read.image, read.upside_down
    timings["mrz"] = (time.perf_counter() - t0) * 1000
    try:
        mrz, iin = _parse(lines, today)
    except MrzFormatError as exc:
        raise MrzNotFound(f"the {source} lines are not an MRZ: {exc}") from None
    t1 = time.perf_counter()
    if images:
        portrait = find_portrait(
            list(images), _portrait_views(len(images), image_index, upside_down, mrz)
        )
    else:
        portrait = Portrait(found=False, reason="no document image (MRZ from a serial reader)")
    timings["portrait"] = (time.perf_counter() - t1) * 1000
    problems = evaluate(mrz, iin, rules, today=today, portrait_found=portrait.found)
    return DocumentReading(
        mrz,
        iin,
        portrait,
        problems,
        verdict(problems),
        (time.perf_counter() - t0) * 1000,
        source,
        image_index,
        timings,
    )
