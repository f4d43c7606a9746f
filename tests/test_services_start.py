"""Start-up of the kiosk's services: the slow part (the camera, the clock) can wait for
``open_late``, which the window runs in the background; a camera that does not open freezes new
enrollments instead of failing the first customer's face step."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware.base import DeviceError
from hardware.scanner import FolderScanner
from kiosk.services import build_services
from kiosk.settings import load_settings


class BrokenCamera:
    device_id = "broken"

    def __init__(self) -> None:
        self.opened = 0

    def open(self) -> None:
        self.opened += 1
        raise DeviceError("no camera at /dev/video0")

    def close(self) -> None:
        pass


def test_camera_opens_late_and_a_failure_freezes(tmp_path: Path) -> None:
    settings = load_settings(env={"SIMKIOSK_HOME": str(tmp_path / "home")})
    settings.ensure_dirs()
    docs = tmp_path / "docs"
    docs.mkdir()
    cv2.imwrite(str(docs / "card.png"), np.full((40, 60, 3), 200, np.uint8))
    camera = BrokenCamera()
    services = build_services(
        settings,
        camera=camera,
        scanner=FolderScanner(str(docs)),
        background_sender=False,
        late=False,
    )
    try:
        assert camera.opened == 0  # the window shows first
        assert not any("camera" in r for r in services.freeze_reasons())
        with pytest.raises(DeviceError):
            services.open_late()
        assert camera.opened == 1
        assert "the camera did not open (DeviceError)" in services.freeze_reasons()
    finally:
        services.close()
