"""The SIM pack's Code 128 barcode read from camera-like frames: a rendered barcode on a pack,
rotated, blurred, noisy and small in a 640x480 frame of a cluttered scene."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import zxingcpp

from hardware.barcode import read_barcodes, read_digits

ICCID = "8997201000000000006"


def pack_in_frame(
    text: str, *, angle: float = 7.0, mirrored: bool = False, seed: int = 1
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128)
    bars = np.asarray(zxingcpp.write_barcode_to_image(code, scale=2, add_quiet_zones=True))
    bars = cv2.resize(bars, (bars.shape[1], 90), interpolation=cv2.INTER_NEAREST)
    card = np.full((200, bars.shape[1] + 40, 3), 235, np.uint8)  # the pack's white label
    card[40 : 40 + bars.shape[0], 20 : 20 + bars.shape[1]] = bars[..., None]
    frame = rng.integers(40, 120, (480, 640, 3), dtype=np.uint8)  # a busy background
    frame = cv2.GaussianBlur(frame, (9, 9), 0)
    h, w = card.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[:, 2] += (320 - w / 2, 240 - h / 2)
    mask = cv2.warpAffine(np.full((h, w), 255, np.uint8), m, (640, 480))
    warped = cv2.warpAffine(card, m, (640, 480))
    frame[mask > 0] = warped[mask > 0]
    frame = cv2.GaussianBlur(frame, (3, 3), 0.8)  # camera softness
    noisy = frame.astype(np.int16) + rng.normal(0, 6, frame.shape).astype(np.int16)
    frame = np.clip(noisy, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(frame[:, ::-1]) if mirrored else frame


@pytest.mark.parametrize("mirrored", [False, True])
def test_iccid_read_from_a_camera_frame(mirrored) -> None:
    frame = pack_in_frame(ICCID, mirrored=mirrored)
    assert read_digits(frame) == ICCID
    (code,) = read_barcodes(frame)
    assert code.format == "Code128"
    x, y, w, h = code.box
    assert 100 < x + w / 2 < 540 and 140 < y + h / 2 < 340  # where the pack is


def test_no_barcode_and_non_iccid_barcodes_give_none() -> None:
    assert read_digits(pack_in_frame(ICCID)[:100]) is None  # the pack is out of the picture
    assert read_digits(pack_in_frame("SIM-PACK-42")) is None  # a code, but not an ICCID
    assert read_barcodes(np.zeros((480, 640, 3), np.uint8)) == []


def test_bad_frame_shape_is_named() -> None:
    with pytest.raises(ValueError, match="HxW"):
        read_barcodes(np.zeros((4, 4, 5), np.uint8))


def _services_on(camera, tmp_path):
    from kiosk.services import KioskServices
    from kiosk.settings import load_settings

    settings = load_settings(env={"SIMKIOSK_HOME": str(tmp_path)})
    # Only the camera is used by the barcode watch; the other parts are not touched.
    return KioskServices(
        settings, camera=camera, scanner=None, outbox=None, client=None, key=None, clerks=object()
    )  # type: ignore[arg-type]


def test_services_watch_the_camera_until_the_pack_is_shown(tmp_path) -> None:
    import threading

    from hardware.camera import FileCamera

    frames = tmp_path / "frames"
    frames.mkdir()
    empty = pack_in_frame(ICCID).copy()
    empty[120:360, 100:540] = 80  # nothing shown yet
    for i in range(6):
        cv2.imwrite(str(frames / f"{i:02d}.png"), empty)
    for i in range(6, 12):
        cv2.imwrite(str(frames / f"{i:02d}.png"), pack_in_frame(ICCID, seed=i))
    camera = FileCamera(str(frames), realtime=False)
    camera.open()
    try:
        services = _services_on(camera, tmp_path)
        assert services.read_sim_barcode(threading.Event(), timeout_s=30) == ICCID
        stop = threading.Event()
        stop.set()
        assert services.read_sim_barcode(stop, timeout_s=30) is None  # stopped: returns at once
    finally:
        camera.close()


def test_a_pack_with_a_wrong_check_digit_is_not_taken(tmp_path) -> None:
    import threading

    from hardware.camera import FileCamera

    frames = tmp_path / "frames"
    frames.mkdir()
    bad = ICCID[:-1] + "7"  # Luhn fails
    for i in range(6):
        cv2.imwrite(str(frames / f"{i:02d}.png"), pack_in_frame(bad, seed=i))
    camera = FileCamera(str(frames), realtime=False)
    camera.open()
    try:
        assert _services_on(camera, tmp_path).read_sim_barcode(threading.Event(), 30) is None
    finally:
        camera.close()
