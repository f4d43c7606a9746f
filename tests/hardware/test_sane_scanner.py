"""SaneScanner against SANE's own `test` backend (enabled through SANE_CONFIG_DIR), faults
injected through that backend's configuration (a jammed feeder, a slow device)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from hardware.base import DeviceError
from hardware.registry import SCANNERS, resolve
from hardware.sane_scanner import SaneScanner
from hardware.scanner import DocumentScanner


def _configure(folder: Path, **test_conf: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "dll.conf").write_text("test\n")
    conf = {
        "number_of_devices": "1",
        "mode": "Color",
        "test-picture": '"Color pattern"',
        **test_conf,
    }
    (folder / "test.conf").write_text("".join(f"{k} {v}\n" for k, v in conf.items()))


@pytest.fixture
def sane_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("scanimage") is None:
        pytest.skip("scanimage (sane-utils) is not installed")
    folder = tmp_path / "sane"
    _configure(folder)
    monkeypatch.setenv("SANE_CONFIG_DIR", str(folder))
    listed = subprocess.run(
        ["scanimage", "-L"], capture_output=True, text=True, timeout=30, env=os.environ, check=False
    ).stdout
    if "test:0" not in listed:
        pytest.skip("SANE's test backend (libsane1) is not available")
    return folder


def test_scans_a_page_from_the_test_backend(sane_test: Path) -> None:
    sc = SaneScanner("test:0", dpi=75)
    assert isinstance(sc, DocumentScanner)
    assert resolve(SCANNERS, "sane", "scanner") is SaneScanner
    assert not sc.health().ok
    sc.open()
    scan = sc.scan(timeout_s=30)
    sc.close()
    (image,) = scan.images
    assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
    # the backend's default scan area is 80 x 100 mm: 236 x 295 px at 75 dpi
    assert abs(image.shape[1] - 236) <= 2 and abs(image.shape[0] - 295) <= 2
    assert image.std() > 10  # a colour test pattern, not a blank page
    assert scan.mrz_lines is None and scan.source == "sane:test:0"


def test_resolution_is_applied(sane_test: Path) -> None:
    sc = SaneScanner("test:0", dpi=150)
    sc.open()
    image = sc.scan().images[0]
    sc.close()
    assert abs(image.shape[1] - 472) <= 3


def test_unknown_device_is_a_device_error(sane_test: Path) -> None:
    sc = SaneScanner("nosuch:0")
    with pytest.raises(DeviceError, match="no such SANE device"):
        sc.open()
    assert not sc.health().ok
    with pytest.raises(DeviceError, match="not open"):
        sc.scan()


def test_jammed_feeder_reason_is_reported(sane_test: Path) -> None:
    _configure(sane_test, **{"read-status-code": '"SANE_STATUS_JAMMED"'})
    sc = SaneScanner("test:0", dpi=75)
    sc.open()
    with pytest.raises(DeviceError, match="jammed"):
        sc.scan()
    assert "jammed" in sc.health().detail and not sc.health().ok


def test_a_device_that_never_finishes_is_killed_at_the_timeout(sane_test: Path) -> None:
    _configure(sane_test, **{"read-delay": "true", "read-delay-duration": "5000000"})
    sc = SaneScanner("test:0", dpi=75)
    sc.open()
    with pytest.raises(DeviceError, match="did not finish within 1 s"):
        sc.scan(timeout_s=1)


def test_missing_scanimage_program(sane_test: Path) -> None:
    with pytest.raises(DeviceError, match="sane-utils"):
        SaneScanner("test:0", program="no-such-scanimage").open()
