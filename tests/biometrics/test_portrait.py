"""find_portrait on rendered ID cards: either side, any right-angle orientation, degraded."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.documents.portrait import Portrait, find_portrait
from tests.biometrics.support import PORTRAIT, back_side, degrade, render_card

# Centre of the photo area on the upright card; the found box must contain it wherever the
# scan put it.
CENTRE = (PORTRAIT[0] + PORTRAIT[2] / 2, PORTRAIT[1] + PORTRAIT[3] / 2)


def _moved(
    point: tuple[float, float],
    size: tuple[int, int],
    rotate: int,
    margin: int = 0,
    scale: float = 1.0,
) -> tuple[float, float]:
    """Where a point of the upright card lands after degrade(margin, scale, rotate)."""
    x, y = (point[0] + margin) * scale, (point[1] + margin) * scale
    w, h = (size[0] + 2 * margin) * scale, (size[1] + 2 * margin) * scale
    return {0: (x, y), 180: (w - x, h - y), 90: (h - y, x), 270: (y, w - x)}[rotate]


def _contains(box: tuple[int, int, int, int], point: tuple[float, float]) -> bool:
    x, y, w, h = box
    return x <= point[0] <= x + w and y <= point[1] <= y + h


@pytest.fixture(scope="module")
def card(astronaut_head: np.ndarray) -> np.ndarray:
    return render_card(astronaut_head)


@pytest.mark.parametrize("rotate", [0, 180, 90, 270])
def test_portrait_found_in_every_orientation(card: np.ndarray, rotate: int) -> None:
    scan = degrade(card, margin=30, blur=0.8, jpeg=60, noise=3, rotate=rotate, seed=rotate)
    p = find_portrait([scan])
    assert p.found, p.reason
    assert p.image == 0
    assert p.rotation == (360 - rotate) % 360
    size = (card.shape[1], card.shape[0])
    assert _contains(p.box, _moved(CENTRE, size, rotate, margin=30))
    # The main portrait, not the small ghost copy (90 px wide on the card).
    assert max(p.box[2], p.box[3]) > 100
    # The crop is upright and holds the face box with a margin.
    assert p.crop is not None and p.crop.ndim == 3 and p.crop.shape[2] == 3
    assert min(p.crop.shape[:2]) > max(p.box[2], p.box[3])


def test_portrait_on_the_second_side_upside_down_and_small(card: np.ndarray) -> None:
    # A low-resolution, skewed, upside-down scan given after the back side.
    scan = degrade(card, margin=60, skew_deg=2.5, scale=0.5, blur=0.6, jpeg=50, rotate=180)
    p = find_portrait([back_side(), scan])
    assert p.found, p.reason
    assert p.image == 1 and p.rotation == 180
    size = (card.shape[1], card.shape[0])
    # Skew moves the centre a little; allow for it by checking with a slack of 15 px.
    cx, cy = _moved(CENTRE, size, 180, margin=60, scale=0.5)
    x, y, w, h = p.box
    assert x - 15 <= cx <= x + w + 15 and y - 15 <= cy <= y + h + 15


def test_box_is_in_original_coordinates_of_a_large_scan(card: np.ndarray) -> None:
    # Larger than the detector's working size: the box must be scaled back up.
    scan = degrade(card, scale=1.8, rotate=90)
    p = find_portrait([scan])
    assert p.found and p.rotation == 270
    assert _contains(p.box, _moved(CENTRE, (card.shape[1], card.shape[0]), 90, scale=1.8))
    x, y, w, h = p.box
    assert x + w <= scan.shape[1] and y + h <= scan.shape[0]
    assert w > 180  # the face is ~160 px on the card, so ~290 px at 1.8x


def test_grayscale_and_four_channel_scans(card: np.ndarray) -> None:
    import cv2

    gray = cv2.cvtColor(card, cv2.COLOR_BGR2GRAY)
    bgra = cv2.cvtColor(degrade(card, rotate=180), cv2.COLOR_BGR2BGRA)
    for scan, rotation in ((gray, 0), (bgra, 180)):
        p = find_portrait([scan])
        assert p.found and p.rotation == rotation
        assert p.crop is not None and p.crop.shape[2] == 3


def test_no_face_on_any_side_says_why() -> None:
    p = find_portrait([back_side(), back_side(seed=5)])
    assert not p.found and p.crop is None
    assert "no face photo found" in p.reason and "2 images" in p.reason
    assert find_portrait([]).reason == "no document image given"


def test_bad_arrays_are_refused() -> None:
    with pytest.raises(ValueError, match="8-bit"):
        find_portrait([np.zeros((100, 100), np.float32)])
    with pytest.raises(ValueError, match="shape"):
        find_portrait([np.zeros((100, 100, 2), np.uint8)])


def test_wipe_drops_the_face_pixels(card: np.ndarray) -> None:
    p = find_portrait([card])
    crop = p.crop
    assert crop is not None and crop.any()
    p.wipe()
    assert p.crop is None and not crop.any()
    assert Portrait(found=False).as_dict()["box"] is None
