"""The SIM pack's barcode read from camera frames (zxing-cpp): a customer without a wedge
scanner at hand holds the pack up to the kiosk camera.

Linear codes only (Code 128 is what SIM packs print the ICCID in; Code 39 and ITF are seen on
older packs); the reader tries the frame as it is and then mirrored, because some kiosks mirror
their camera stream. No Qt here: this runs on the camera lane, the screen only gets the digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import zxingcpp

_FORMATS = (
    zxingcpp.BarcodeFormat.Code128,
    zxingcpp.BarcodeFormat.Code39,
    zxingcpp.BarcodeFormat.ITF,
)


@dataclass(frozen=True)
class Barcode:
    text: str
    format: str  # "Code128", ...
    box: tuple[int, int, int, int]  # x, y, w, h in the frame (for a frame drawn around it)


def _gray(frame: np.ndarray) -> np.ndarray:
    if frame.ndim == 2:
        return np.ascontiguousarray(frame)
    if frame.ndim != 3 or frame.shape[2] not in (3, 4):
        raise ValueError(f"a camera frame is HxW or HxWx3/4, not {frame.shape}")
    b, g, r = (frame[..., i].astype(np.uint16) for i in range(3))  # BGR, as the cameras give
    return np.ascontiguousarray(((29 * b + 150 * g + 77 * r) >> 8).astype(np.uint8))


def _box(result: zxingcpp.Barcode, width: int, mirrored: bool) -> tuple[int, int, int, int]:
    p = result.position
    xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
    ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
    x0, x1 = min(xs), max(xs)
    if mirrored:
        x0, x1 = width - 1 - x1, width - 1 - x0
    return x0, min(ys), x1 - x0 + 1, max(ys) - min(ys) + 1


def read_barcodes(frame: np.ndarray) -> list[Barcode]:
    """Every linear barcode in a frame (BGR or grey), in the order zxing finds them."""
    gray = _gray(frame)
    width = gray.shape[1]
    for mirrored in (False, True):
        image = np.ascontiguousarray(gray[:, ::-1]) if mirrored else gray
        # zxing-cpp 3 wants a tuple of formats (its `|` is deprecated, a warning in the tests);
        # its own stub still declares the old BarcodeFormats type.
        found = zxingcpp.read_barcodes(
            image,
            formats=_FORMATS,  # type: ignore[arg-type]
            try_rotate=True,
        )
        hits = [
            Barcode(r.text, r.format.name, _box(r, width, mirrored))
            for r in found
            if r.valid and r.text
        ]
        if hits:
            return hits
    return []


def read_digits(frame: np.ndarray, *, min_len: int = 19, max_len: int = 20) -> str | None:
    """The first barcode whose text is all digits of the given length (an ICCID), or None.
    Whether its check digit is right is the caller's rule (simcontract.checkdigits)."""
    for code in read_barcodes(frame):
        text = code.text.strip().replace(" ", "")
        if text.isdigit() and min_len <= len(text) <= max_len:
            return text
    return None
