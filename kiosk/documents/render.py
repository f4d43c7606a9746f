"""Render identity documents and make them look scanned.

- :func:`render_td1` draws a Kazakh-style ID card (ICAO TD1, 85.6 x 54 mm): the front with the
  portrait and printed fields, the back with printed fields and the three-line MRZ (the IIN at
  line 1 positions 16-27).
- :func:`render_td3` draws a passport data page (ICAO TD3, 125 x 88 mm) with portrait and MRZ.
- :func:`degrade` puts a rendered side on a scanner bed and applies what scanners do: margin,
  skew, blur, noise, JPEG, resolution and, sometimes, the document upside down.

MRZ text comes from :mod:`kiosk.documents.synthetic` (or any lines given, e.g. tampered ones).
The MRZ is set in OCR-B at the ICAO pitch of 2.54 mm (10 characters per inch). All images are
BGR ``uint8`` arrays like everything else in the project.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kiosk.documents.fonts import ocrb_font_path, text_font_path
from kiosk.documents.synthetic import Person, td1_lines, td2_lines, td3_lines

TD1_MM = (85.6, 54.0)
TD3_MM = (125.0, 88.0)
TD2_MM = (105.0, 74.0)
MRZ_PITCH_MM = 2.54
_OCRB_ADVANCE_EM = 0.7229  # OCR-B advance width per em (measured from the font)


def _px(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


def _font(path: str, size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, max(6, round(size_px)))


def sample_portrait() -> np.ndarray:
    """A head-and-shoulders portrait (BGR) from scikit-image's public-domain astronaut photo."""
    from hardware.demo_photo import astronaut_rgb  # demo/test only; imported on demand

    rgb = astronaut_rgb()[0:256, 120:320]
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _background(size: tuple[int, int], tint: tuple[int, int, int], seed: int) -> Image.Image:
    """A light security-print background: a tint gradient and guilloche-like wavy lines."""
    w, h = size
    base = np.zeros((h, w, 3), np.float32)
    ramp = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :, None]
    base[:] = np.array(tint, np.float32) * (0.85 + 0.15 * ramp) + 255 * (0.15 - 0.15 * ramp)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    r = random.Random(seed)
    colour = tuple(max(0, c - 35) for c in tint)
    for k in range(14):
        amp, freq, phase = h * r.uniform(0.02, 0.06), r.uniform(2, 6), r.uniform(0, 6.28)
        y0 = h * (k + 0.5) / 14
        pts = [(x, y0 + amp * math.sin(freq * 6.283 * x / w + phase)) for x in range(0, w, 4)]
        draw.line(pts, fill=colour, width=1)
    return img


def _paste_portrait(img: Image.Image, portrait: np.ndarray, box: tuple[int, int, int, int]) -> None:
    """Fill the box with the portrait, centre-cropped to the box's aspect ratio."""
    x, y, w, h = box
    ph, pw = portrait.shape[:2]
    target = w / h
    if pw / ph > target:
        nw = round(ph * target)
        crop = portrait[:, (pw - nw) // 2 : (pw - nw) // 2 + nw]
    else:
        nh = round(pw / target)
        crop = portrait[(ph - nh) // 2 : (ph - nh) // 2 + nh]
    crop = cv2.resize(crop, (w, h), interpolation=cv2.INTER_AREA)
    img.paste(Image.fromarray(np.ascontiguousarray(crop[:, :, ::-1])), (x, y))


def _fields(
    draw: ImageDraw.ImageDraw,
    x: int,
    y: int,
    rows: list[tuple[str, str]],
    dpi: int,
    label_mm: float = 1.6,
    value_mm: float = 2.4,
    gap_mm: float = 0.8,
) -> int:
    label_font = _font(text_font_path(), _px(label_mm, dpi))
    value_font = _font(text_font_path(), _px(value_mm, dpi))
    for label, value in rows:
        draw.text((x, y), label, font=label_font, fill=(70, 70, 90))
        y += _px(label_mm + 0.4, dpi)
        draw.text((x, y), value, font=value_font, fill=(15, 15, 25))
        y += _px(value_mm + gap_mm, dpi)
    return y


def _draw_mrz(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    left_mm: float,
    bottom_mm: float,
    dpi: int,
    line_pitch_mm: float = 4.0,
) -> None:
    """OCR-B at 10 characters per inch, each character placed on its own cell (exact pitch)."""
    pitch = MRZ_PITCH_MM * dpi / 25.4
    font = _font(ocrb_font_path(), pitch / _OCRB_ADVANCE_EM)
    ascent, _ = font.getmetrics()
    cap = font.getbbox("H")[3] - font.getbbox("H")[1]
    top_first = bottom_mm - line_pitch_mm * (len(lines) - 1)
    for i, line in enumerate(lines):
        baseline = (top_first + i * line_pitch_mm) * dpi / 25.4
        for j, ch in enumerate(line):
            draw.text(
                (left_mm * dpi / 25.4 + j * pitch, baseline - ascent),
                ch,
                font=font,
                fill=(10, 10, 10),
            )
    del cap


@dataclass(frozen=True)
class RenderedDocument:
    """The sides of one document (BGR) and the MRZ printed on it."""

    sides: list[np.ndarray]
    mrz_lines: list[str]
    portrait_side: int
    portrait_box: tuple[int, int, int, int]  # x, y, w, h on that side, in pixels


def render_td1(
    person: Person,
    portrait: np.ndarray,
    *,
    dpi: int = 300,
    mrz_lines: list[str] | None = None,
    issuer: str = "KAZ",
) -> RenderedDocument:
    """Front (portrait, names, dates, IIN) and back (MRZ) of a Kazakh-style ID card."""
    lines = mrz_lines or td1_lines(person, issuer=issuer)
    size = (_px(TD1_MM[0], dpi), _px(TD1_MM[1], dpi))
    seed = int(person.iin) % 100_000

    front = _background(size, (200, 225, 240), seed)
    d = ImageDraw.Draw(front)
    d.text(
        (_px(4, dpi), _px(2.5, dpi)),
        "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ  REPUBLIC OF KAZAKHSTAN",
        font=_font(text_font_path(), _px(2.6, dpi)),
        fill=(20, 60, 120),
    )
    d.text(
        (_px(4, dpi), _px(6.3, dpi)),
        "ЖЕКЕ КУӘЛІК  IDENTITY CARD",
        font=_font(text_font_path(), _px(2.2, dpi)),
        fill=(20, 60, 120),
    )
    box = (_px(4, dpi), _px(12, dpi), _px(25, dpi), _px(32, dpi))
    _paste_portrait(front, portrait, box)
    _fields(
        d,
        _px(32, dpi),
        _px(11, dpi),
        [
            ("ТЕГІ / SURNAME", person.surname),
            ("АТЫ / GIVEN NAMES", person.given_names),
            ("ТУҒАН КҮНІ / DATE OF BIRTH", f"{person.birth_date:%d.%m.%Y}"),
            ("ЖСН / IIN", person.iin),
        ],
        dpi,
    )
    d.text(
        (_px(4, dpi), _px(46, dpi)),
        f"№ {person.document_number}",
        font=_font(text_font_path(), _px(2.6, dpi)),
        fill=(160, 20, 20),
    )

    back = _background(size, (225, 235, 215), seed + 1)
    d = ImageDraw.Draw(back)
    _fields(
        d,
        _px(4, dpi),
        _px(3, dpi),
        [
            ("ҰЛТЫ / NATIONALITY", "ҚАЗАҚ"),
            ("БЕРІЛГЕН КҮНІ / DATE OF ISSUE", f"{person.issue_date:%d.%m.%Y}"),
            ("ҚОЛДАНУ МЕРЗІМІ / EXPIRY", f"{person.expiry_date:%d.%m.%Y}"),
        ],
        dpi,
        value_mm=2.2,
        gap_mm=0.5,
    )
    # ICAO TD1: the MRZ sits in the bottom 17.9 mm; here three lines, the last 3.5 mm up.
    _draw_mrz(
        d, lines, left_mm=(TD1_MM[0] - 30 * MRZ_PITCH_MM) / 2, bottom_mm=TD1_MM[1] - 3.5, dpi=dpi
    )
    return RenderedDocument([_bgr(front), _bgr(back)], lines, 0, box)


def render_td3(
    person: Person, portrait: np.ndarray, *, dpi: int = 300, mrz_lines: list[str] | None = None
) -> RenderedDocument:
    """A passport data page: portrait left, fields right, two MRZ lines at the bottom."""
    lines = mrz_lines or td3_lines(person)
    size = (_px(TD3_MM[0], dpi), _px(TD3_MM[1], dpi))
    page = _background(size, (235, 225, 205), int(person.iin) % 100_000)
    d = ImageDraw.Draw(page)
    d.text(
        (_px(6, dpi), _px(3, dpi)),
        "ПАСПОРТ  PASSPORT  ·  ҚАЗАҚСТАН  KAZAKHSTAN",
        font=_font(text_font_path(), _px(3.0, dpi)),
        fill=(90, 30, 30),
    )
    box = (_px(6, dpi), _px(12, dpi), _px(32, dpi), _px(41, dpi))
    _paste_portrait(page, portrait, box)
    _fields(
        d,
        _px(44, dpi),
        _px(11, dpi),
        [
            ("ТЕГІ / SURNAME", person.surname),
            ("АТЫ / GIVEN NAMES", person.given_names),
            ("АЗАМАТТЫҒЫ / NATIONALITY", person.nationality),
            ("ТУҒАН КҮНІ / DATE OF BIRTH", f"{person.birth_date:%d.%m.%Y}"),
            ("ЖЫНЫСЫ / SEX", person.sex),
            ("ҚОЛДАНУ МЕРЗІМІ / DATE OF EXPIRY", f"{person.expiry_date:%d.%m.%Y}"),
        ],
        dpi,
        gap_mm=0.6,
    )
    _draw_mrz(
        d, lines, left_mm=(TD3_MM[0] - 44 * MRZ_PITCH_MM) / 2, bottom_mm=TD3_MM[1] - 4.0, dpi=dpi
    )
    return RenderedDocument([_bgr(page)], lines, 0, box)


def render_td2(
    person: Person, portrait: np.ndarray, *, dpi: int = 300, mrz_lines: list[str] | None = None
) -> RenderedDocument:
    """A TD2 card or visa-sized document (105 x 74 mm): portrait, fields, two lines of 36."""
    lines = mrz_lines or td2_lines(person)
    size = (_px(TD2_MM[0], dpi), _px(TD2_MM[1], dpi))
    page = _background(size, (215, 230, 235), int(person.iin) % 100_000)
    d = ImageDraw.Draw(page)
    d.text(
        (_px(5, dpi), _px(3, dpi)),
        "IDENTITY DOCUMENT  ·  TD2",
        font=_font(text_font_path(), _px(3.0, dpi)),
        fill=(30, 60, 90),
    )
    box = (_px(5, dpi), _px(11, dpi), _px(27, dpi), _px(35, dpi))
    _paste_portrait(page, portrait, box)
    _fields(
        d,
        _px(38, dpi),
        _px(11, dpi),
        [
            ("SURNAME", person.surname),
            ("GIVEN NAMES", person.given_names),
            ("DATE OF BIRTH", f"{person.birth_date:%d.%m.%Y}"),
            ("DATE OF EXPIRY", f"{person.expiry_date:%d.%m.%Y}"),
        ],
        dpi,
        gap_mm=0.6,
    )
    _draw_mrz(
        d, lines, left_mm=(TD2_MM[0] - 36 * MRZ_PITCH_MM) / 2, bottom_mm=TD2_MM[1] - 4.0, dpi=dpi
    )
    return RenderedDocument([_bgr(page)], lines, 0, box)


def _bgr(img: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(img.convert("RGB"))[:, :, ::-1])


def degrade(
    image: np.ndarray,
    rng: random.Random,
    *,
    dpi: int = 300,
    scan_dpi: int = 300,
    margin_mm: tuple[float, float] = (3.0, 20.0),
    skew_deg: float = 3.0,
    blur_sigma: tuple[float, float] = (0.3, 1.1),
    noise_sigma: tuple[float, float] = (2, 7),
    jpeg_quality: tuple[int, int] = (55, 92),
    upside_down: bool | None = None,
) -> np.ndarray:
    """A scanner's view of a rendered side (BGR). ``upside_down=None`` decides at random.

    ``dpi`` is what the side was rendered at, ``scan_dpi`` the scanner's resolution."""
    img = image
    if scan_dpi != dpi:
        img = cv2.resize(
            img, None, fx=scan_dpi / dpi, fy=scan_dpi / dpi, interpolation=cv2.INTER_AREA
        )
    h, w = img.shape[:2]
    m = [_px(rng.uniform(*margin_mm), scan_dpi) for _ in range(4)]  # top right bottom left
    # Extra room so rotation never cuts the document off, cropped back to the margins later.
    pad = math.ceil(max(h, w) * math.sin(math.radians(abs(skew_deg)) + 1e-3)) + 2
    bed_level = rng.randint(228, 250)
    H, W = h + m[0] + m[2] + 2 * pad, w + m[1] + m[3] + 2 * pad
    bed: np.ndarray = np.full((H, W, 3), bed_level, np.uint8)  # OpenCV's results follow
    y0, x0 = pad + m[0], pad + m[3]
    # a faint shadow along the card edge, as the lid light casts it
    cv2.rectangle(
        bed, (x0 - 2, y0 - 2), (x0 + w + 1, y0 + h + 1), (bed_level - 60,) * 3, thickness=2
    )
    bed[y0 : y0 + h, x0 : x0 + w] = img
    angle = rng.uniform(-skew_deg, skew_deg)
    rot = cv2.getRotationMatrix2D((W / 2, H / 2), angle, 1.0)
    bed = cv2.warpAffine(bed, rot, (W, H), flags=cv2.INTER_LINEAR, borderValue=(bed_level,) * 3)
    bed = bed[pad : H - pad, pad : W - pad]
    if upside_down if upside_down is not None else rng.random() < 0.3:
        bed = cv2.rotate(bed, cv2.ROTATE_180)
    sigma = rng.uniform(*blur_sigma)
    if sigma > 0.05:
        bed = cv2.GaussianBlur(bed, (0, 0), sigma)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(
        0.0, rng.uniform(*noise_sigma), bed.shape
    )
    bed = np.clip(bed.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", bed, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(*jpeg_quality)])
    if not ok:  # pragma: no cover - OpenCV always encodes a valid uint8 image
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)
