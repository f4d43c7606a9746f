"""A minimal ID card drawn with OpenCV around a face, for the biometrics tests and the match
benchmark (a module of its own: several test folders have a conftest.py, and `from conftest
import` would pick whichever was imported last).

The card is deliberately simple (the documents engineer owns the full ICAO renderer): a tinted
ID-1 sized background, text lines, a main portrait on the left and a small faded "ghost" copy
on the right, as Kazakh ID cards have. Scanner-like degradation is applied by ``degrade``.
"""

from __future__ import annotations

import cv2
import numpy as np

CARD_W, CARD_H = 1012, 638  # ID-1 (85.6 x 54 mm) at 300 dpi
PORTRAIT = (50, 120, 300, 380)  # x, y, w, h of the photo area on the card


def render_card(face: np.ndarray, *, ghost: bool = True, seed: int = 0) -> np.ndarray:
    """A synthetic ID card (BGR, 1012x638) with ``face`` as its portrait."""
    rng = np.random.default_rng(seed)
    card = np.empty((CARD_H, CARD_W, 3), np.uint8)
    # A soft two-colour gradient with guilloche-like sine lines, like a security background.
    xs = np.linspace(0, 1, CARD_W)[None, :, None]
    card[:] = (np.array([235, 225, 205]) * (1 - xs) + np.array([215, 235, 240]) * xs).astype(
        np.uint8
    )
    for k in range(12):
        pts = [(x, int(300 + 200 * np.sin(x / (60 + 7 * k) + k))) for x in range(0, CARD_W, 8)]
        cv2.polylines(card, [np.array(pts, np.int32)], False, (200, 210, 190), 1, cv2.LINE_AA)
    cv2.rectangle(card, (0, 0), (CARD_W, 90), (150, 110, 40), -1)
    cv2.putText(
        card,
        "REPUBLIC OF TESTLAND  IDENTITY CARD",
        (40, 60),
        cv2.FONT_HERSHEY_SIMPLEX,
        1.1,
        (255, 255, 255),
        2,
        cv2.LINE_AA,
    )
    x, y, w, h = PORTRAIT
    card[y : y + h, x : x + w] = cv2.resize(face, (w, h), interpolation=cv2.INTER_AREA)
    fields = [
        "SURNAME",
        "TESTOV",
        "GIVEN NAMES",
        "TEST",
        "DATE OF BIRTH",
        "01.02.1990",
        "DOCUMENT NO",
        f"{int(rng.integers(10**8, 10**9))}",
    ]
    for i, text in enumerate(fields):
        size, thick = (0.6, 1) if i % 2 == 0 else (0.95, 2)
        cv2.putText(
            card,
            text,
            (400, 150 + 45 * i),
            cv2.FONT_HERSHEY_SIMPLEX,
            size,
            (40, 40, 40),
            thick,
            cv2.LINE_AA,
        )
    if ghost:  # small faded grey copy of the portrait
        g = cv2.cvtColor(
            cv2.resize(face, (90, 114), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY
        )
        g = cv2.cvtColor(g, cv2.COLOR_GRAY2BGR).astype(np.float32)
        region = card[470:584, 860:950].astype(np.float32)
        card[470:584, 860:950] = (0.45 * g + 0.55 * region).astype(np.uint8)
    return card


def degrade(
    image: np.ndarray,
    *,
    blur: float = 0.0,
    jpeg: int = 0,
    noise: float = 0.0,
    scale: float = 1.0,
    margin: int = 0,
    skew_deg: float = 0.0,
    rotate: int = 0,
    seed: int = 0,
) -> np.ndarray:
    """Scanner-like damage: white margin, slight skew, scale, blur, noise, JPEG, rotation."""
    rng = np.random.default_rng(seed)
    out = image
    if margin:
        out = cv2.copyMakeBorder(
            out, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=(250, 250, 250)
        )
    if skew_deg:
        h, w = out.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), skew_deg, 1.0)
        out = cv2.warpAffine(out, m, (w, h), borderValue=(250, 250, 250))
    if scale != 1.0:
        out = cv2.resize(out, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if blur:
        out = cv2.GaussianBlur(out, (0, 0), blur)
    if noise:
        out = np.clip(out.astype(np.float32) + rng.normal(0, noise, out.shape), 0, 255).astype(
            np.uint8
        )
    if jpeg:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        assert ok
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    if rotate:
        out = cv2.rotate(
            out,
            {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}[
                rotate
            ],
        )
    return np.ascontiguousarray(out)


def back_side(seed: int = 1) -> np.ndarray:
    """The back of the card: text and a barcode-like pattern, no face."""
    rng = np.random.default_rng(seed)
    card = np.full((CARD_H, CARD_W, 3), 236, np.uint8)
    for i in range(6):
        cv2.putText(
            card,
            f"ADDRESS LINE {i}  ISSUED BY TEST AUTHORITY",
            (40, 80 + 50 * i),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.8,
            (50, 50, 50),
            2,
            cv2.LINE_AA,
        )
    bars = rng.integers(0, 2, 200)
    for i, b in enumerate(bars):
        if b:
            cv2.rectangle(card, (40 + 4 * i, 420), (42 + 4 * i, 600), (0, 0, 0), -1)
    return card


def webcam_frames(
    photo: np.ndarray, n: int = 4, *, seed: int = 0, face_share: float = 0.4
) -> list[np.ndarray]:
    """``n`` 640x480 webcam-like frames of the one face in ``photo``: the face about
    ``face_share`` of the frame width, each frame with its own small head roll and shift, a soft
    lens, sensor noise and JPEG, as the best frames of a liveness check look."""
    from kiosk.imaging.detector import load_frontal_detector

    rng = np.random.default_rng(seed)
    gray = cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, 800 / max(gray.shape))
    rects = load_frontal_detector()(
        cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), 1
    )
    assert rects, "no face in the source photo"
    r = max(rects, key=lambda r: r.width())
    cx, cy = (r.left() + r.right()) / 2 / scale, (r.top() + r.bottom()) / 2 / scale
    zoom = face_share * 640 / (r.width() / scale)
    frames = []
    for _ in range(n):
        m = cv2.getRotationMatrix2D((cx, cy), rng.uniform(-5, 5), zoom * rng.uniform(0.96, 1.04))
        m[0, 2] += 320 + rng.uniform(-25, 25) - cx
        m[1, 2] += 215 + rng.uniform(-15, 15) - cy
        frame = cv2.warpAffine(photo, m, (640, 480), borderMode=cv2.BORDER_REPLICATE)
        frame = cv2.GaussianBlur(frame, (0, 0), rng.uniform(0.6, 1.1))
        frames.append(
            degrade(
                frame,
                noise=rng.uniform(3, 6),
                jpeg=int(rng.integers(75, 90)),
                seed=int(rng.integers(2**31)),
            )
        )
    return frames
