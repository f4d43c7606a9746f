"""Where the OCR-B font (Debian ``fonts-ocr-b``) and a text font for printed fields live.

Both the renderer and the glyph reader need OCR-B; the reader renders its glyph templates from it
at start-up, so nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from kiosk.errors import DocumentError

_OCRB_CANDIDATES = (
    "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
    "/usr/share/fonts/truetype/ocr-b/OCRB.ttf",
)
_TEXT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)


class FontMissing(DocumentError, RuntimeError):
    """A font the document code needs is not installed; the message says which package."""


def _fc_match(pattern: str, wanted: str) -> str | None:
    if not shutil.which("fc-list"):
        return None
    out = subprocess.run(
        ["fc-list", ":", "file", "family", "style"], capture_output=True, text=True, check=False
    ).stdout
    for line in out.splitlines():
        path, _, rest = line.partition(":")
        if pattern.lower() in rest.lower() and wanted.lower() in rest.lower():
            return path.strip()
    return None


@functools.cache
def ocrb_font_path() -> str:
    for p in _OCRB_CANDIDATES:
        if Path(p).is_file():
            return p
    found = _fc_match("OCR B", "Regular")
    if found:
        return found
    raise FontMissing("the OCR-B font is not installed (Debian package fonts-ocr-b)")


@functools.cache
def text_font_path() -> str:
    for p in _TEXT_CANDIDATES:
        if Path(p).is_file():
            return p
    found = _fc_match("Sans", "Regular")
    if found:
        return found
    raise FontMissing("no sans-serif text font (Debian package fonts-dejavu-core)")
