"""Document-versus-live pairs made from real photographs (see match_data.py for the sources).

For each photograph of a person this makes what the kiosk would see:

* **document**: a head-and-shoulders crop printed on a rendered ID card or passport page
  (kiosk.documents.render at 300 dpi, portrait box 25 x 32 mm / 35 x 45 mm), after a print
  simulation (halftone screen, the narrower dynamic range and softness of a printed photo), then
  scanned by render.degrade at 300 or 200 dpi (skew, blur, noise, JPEG, maybe upside down);
* **live**: ``FRAMES`` webcam frames of 640x480 built from the same photograph: the face at
  30-45% of the frame width, each frame with its own small head sway (roll, shift, scale),
  exposure change, sensor noise, lens softness and JPEG; one frame motion-blurred, as the best
  frames from liveness sometimes are.

Genuine pairs put a document made from one photograph against live frames made from a
different photograph of the same person (cross-photo: different day, light, age); people with one
photograph only give same-photo genuine pairs (reported apart: they are easier). Impostor pairs
are every document against every other person's live frames.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

FRAMES = 5
LIVE_SIZE = (640, 480)


@dataclass
class Photo:
    person: str
    path: Path
    index: int  # among the person's photos
    image: np.ndarray = field(repr=False)


def load_photos(people: dict[str, list[Path]], *, astronaut: bool = True) -> list[Photo]:
    photos = []
    for person, paths in people.items():
        for i, path in enumerate(paths):
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is None:
                raise RuntimeError(f"unreadable photo {path}")
            photos.append(Photo(person, path, i, image))
    if astronaut:
        from skimage import data

        photos.append(
            Photo(
                "astronaut",
                Path("skimage:astronaut"),
                0,
                cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR),
            )
        )
    return photos


def face_box(image: np.ndarray) -> tuple[float, float, float, float]:
    """(cx, cy, width, height) of the largest HOG face in ``image`` (give a face chip through
    :func:`prepared` first: HOG needs a border around the face)."""
    from kiosk.biometrics.faces import models

    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, 800 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    with models() as m:
        rects = m.detector(small, 1)
    if not rects:
        raise RuntimeError("no face in a source photo")
    r = max(rects, key=lambda r: r.width())
    return (
        (r.left() + r.right()) / 2 / scale,
        (r.top() + r.bottom()) / 2 / scale,
        r.width() / scale,
        r.height() / scale,
    )


def prepared(image: np.ndarray) -> np.ndarray:
    """A face chip as small as dlib's 150 px johns gets a replicated border (a chip has no
    shoulders or background) so that crops around it stay inside the image."""
    h, w = image.shape[:2]
    if max(h, w) <= 200:
        pad = h // 2
        image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        image = cv2.resize(image, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    return image


def _crop(image: np.ndarray, cx: float, cy: float, w: float, h: float) -> np.ndarray:
    """An axis-aligned crop that may reach outside the image (the border is replicated)."""
    H, W = image.shape[:2]
    x0, y0 = round(cx - w / 2), round(cy - h / 2)
    x1, y1 = x0 + round(w), y0 + round(h)
    pad = max(0, -x0, -y0, x1 - W, y1 - H)
    if pad:
        image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    return image[y0 + pad : y1 + pad, x0 + pad : x1 + pad].copy()


def head(image: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """An ICAO-like head-and-shoulders crop, 4:5, the face about 60% of the width."""
    cx, cy, fw, _fh = box
    w = fw / 0.6
    return _crop(image, cx, cy + 0.1 * fw, w, w * 1.25)


def _halftone(portrait: np.ndarray, lpi_px: float = 3.0) -> np.ndarray:
    """A printed photograph: rotated screen of dots per ink, softened by paper and ink spread,
    with the narrower dynamic range of a print (no pure black or white)."""
    img = portrait.astype(np.float32) / 255.0
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    out = np.empty_like(img)
    for c, angle in enumerate((15, 75, 45)):  # B, G, R screens at the usual angles
        a = np.deg2rad(angle)
        u = (xx * np.cos(a) + yy * np.sin(a)) / lpi_px
        v = (-xx * np.sin(a) + yy * np.cos(a)) / lpi_px
        screen = 0.5 + 0.25 * (np.cos(2 * np.pi * u) + np.cos(2 * np.pi * v))
        out[:, :, c] = (img[:, :, c] > screen).astype(np.float32)
    # ink spreads and the scanner does not resolve single dots: a blur over ~one screen cell
    out = cv2.GaussianBlur(out, (0, 0), lpi_px * 0.6)
    out = 0.08 + 0.84 * out
    return np.clip(out * 255, 0, 255).astype(np.uint8)


def document_scan(photo: Photo, rng: random.Random, *, dpi: int) -> np.ndarray:
    """The photograph printed on a rendered document (ID card or passport page), scanned."""
    from kiosk.documents import render, synthetic

    image = prepared(photo.image)
    portrait = head(image, face_box(image))
    kind = rng.choice(["TD1", "TD3"])
    # print at the document's portrait size (TD1 25x32 mm, TD3 35x45 mm at 300 dpi)
    size = (295, 378) if kind == "TD1" else (413, 531)
    printed = _halftone(cv2.resize(portrait, size, interpolation=cv2.INTER_AREA))
    person = synthetic.random_person(rng, today=dt.date(2026, 3, 1))
    doc = (render.render_td1 if kind == "TD1" else render.render_td3)(person, printed)
    side = doc.sides[doc.portrait_side]
    return render.degrade(side, rng, scan_dpi=dpi)


def live_frames(photo: Photo, rng: random.Random, *, frames: int = FRAMES) -> list[np.ndarray]:
    """``frames`` 640x480 webcam frames of the person in ``photo`` (see the module doc)."""
    image = prepared(photo.image)
    cx, cy, fw, _fh = face_box(image)
    W, H = LIVE_SIZE
    share = rng.uniform(0.30, 0.45)  # face width / frame width
    exposure = rng.uniform(0.65, 1.15)  # dim shop light to a bright one
    out = []
    for k in range(frames):
        zoom = share * W / fw * rng.uniform(0.95, 1.05)
        roll = rng.uniform(-6, 6)
        shift = (rng.uniform(-0.06, 0.06) * W, rng.uniform(-0.05, 0.05) * H)
        m = cv2.getRotationMatrix2D((cx, cy), roll, zoom)
        m[0, 2] += W / 2 + shift[0] - cx
        m[1, 2] += H * 0.45 + shift[1] - cy
        frame = cv2.warpAffine(
            image, m, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        ).astype(np.float32)
        frame = 255.0 * (frame / 255.0) ** (1 / exposure) * min(1.0, exposure)
        sigma = rng.uniform(0.6, 1.3)  # a webcam's soft lens and demosaicing
        frame = cv2.GaussianBlur(frame, (0, 0), sigma)
        if k == frames - 1:  # one frame with a little motion blur
            kernel = np.zeros((9, 9), np.float32)
            kernel[4, :] = 1 / 9
            frame = cv2.filter2D(frame, -1, kernel)
        noise = np.random.default_rng(rng.randrange(2**32)).normal(
            0, rng.uniform(3, 8), frame.shape
        )
        frame = np.clip(frame + noise, 0, 255).astype(np.uint8)
        ok, buf = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(70, 90)])
        assert ok
        out.append(cv2.imdecode(buf, cv2.IMREAD_COLOR))
    return out
