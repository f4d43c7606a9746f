"""Camera identity from sysfs (a fake sysfs and /dev tree in tmp_path) and frame timing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hardware.base import DeviceError
from hardware.camera_identity import identify, refusal, timing_anomaly
from hardware.diagnostics import ERROR, OK, WARN, check_camera_identity


def _usb_camera(root: Path, n: int, name: str, vendor: str, product: str, serial: str) -> None:
    usbdev = root / "sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"
    node = usbdev / "1-2:1.0" / "video4linux" / f"video{n}"
    node.mkdir(parents=True)
    (node / "name").write_text(name + "\n")
    for f, v in (("idVendor", vendor), ("idProduct", product), ("serial", serial)):
        (usbdev / f).write_text(v + "\n")
    drivers = root / "sys/bus/usb/drivers/uvcvideo"
    drivers.mkdir(parents=True, exist_ok=True)
    os.symlink(os.path.relpath(drivers, usbdev / "1-2:1.0"), usbdev / "1-2:1.0" / "driver")
    os.symlink(os.path.relpath(usbdev / "1-2:1.0", node), node / "device")
    _class_link(root, n, node)
    by_path = root / "dev/v4l/by-path"
    by_path.mkdir(parents=True, exist_ok=True)
    os.symlink(f"../../video{n}", by_path / "pci-0000:00:14.0-usb-0:2:1.0-video-index0")


def _loopback(root: Path, n: int, name: str) -> None:
    node = root / "sys/devices/virtual/video4linux" / f"video{n}"
    node.mkdir(parents=True)
    (node / "name").write_text(name + "\n")
    _class_link(root, n, node)


def _class_link(root: Path, n: int, node: Path) -> None:
    cls = root / "sys/class/video4linux"
    cls.mkdir(parents=True, exist_ok=True)
    os.symlink(os.path.relpath(node, cls), cls / f"video{n}")
    (root / "dev").mkdir(exist_ok=True)
    (root / "dev" / f"video{n}").touch()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    _usb_camera(tmp_path, 0, "HD Pro Webcam C920", "046D", "082d", "A1B2C3D4")
    _loopback(tmp_path, 2, "Dummy video device (0x0000)")
    _loopback(tmp_path, 3, "Kiosk Cam")  # a loopback renamed to look like a camera
    return tmp_path


def _ident(tree: Path, dev: str):
    return identify(dev, sys_root=tree / "sys", dev_root=tree / "dev")


def test_usb_camera_is_identified_from_sysfs(tree):
    ident = _ident(tree, "/dev/video0")
    assert ident.name == "HD Pro Webcam C920" and ident.driver == "uvcvideo"
    assert (ident.usb_vendor, ident.usb_product, ident.usb_serial) == ("046d", "082d", "A1B2C3D4")
    assert not ident.virtual
    assert ident.by_path == (
        str(tree / "dev/v4l/by-path/pci-0000:00:14.0-usb-0:2:1.0-video-index0"),
    )
    assert _ident(tree, "0") == ident  # an OpenCV index names the same node
    assert _ident(tree, ident.by_path[0]).usb_serial == "A1B2C3D4"  # and the by-path link


def test_configured_camera_is_accepted_and_others_refused(tree):
    ident = _ident(tree, "/dev/video0")
    assert refusal(ident, usb_vendor="046d", usb_product="082D", usb_serial="A1B2C3D4") == ""
    assert refusal(ident, by_path=ident.by_path[0]) == ""
    assert "serial number" in refusal(ident, usb_vendor="046d", usb_serial="ZZZ")
    assert "not the configured camera" in refusal(ident, by_path="/dev/v4l/by-path/other")
    assert "no camera identity configured" in refusal(ident)


@pytest.mark.parametrize("dev", ["/dev/video2", "/dev/video3"])
def test_loopback_cameras_are_refused_whatever_their_name(tree, dev):
    ident = _ident(tree, dev)
    assert ident.virtual and ident.usb_vendor == ""
    assert "virtual camera" in refusal(ident, usb_vendor="046d")
    assert identify(
        dev, sys_root=tree / "sys", dev_root=tree / "dev", querycap_driver="v4l2 loopback"
    ).virtual


def test_diagnostics_check_names_the_reason(tree):
    kw = {"sys_root": tree / "sys", "dev_root": tree / "dev"}
    ok = check_camera_identity(
        "opencv",
        "/dev/video0",
        production=True,
        usb_vendor="046d",
        usb_product="082d",
        usb_serial="A1B2C3D4",
        **kw,
    )
    assert ok.status == OK and ok.name == "camera_identity"
    loop = check_camera_identity("opencv", "/dev/video2", production=False, usb_vendor="046d", **kw)
    assert loop.status == ERROR and "virtual camera" in loop.detail
    sim = check_camera_identity("virtual", "", production=True, **kw)
    assert sim.status == ERROR and "physical camera" in sim.detail
    assert check_camera_identity("virtual", "", production=False, **kw).status == WARN
    missing = check_camera_identity("opencv", "/dev/video9", production=True, **kw)
    assert missing.status == ERROR and "video9" in missing.detail


def test_unknown_devices_are_device_errors(tree):
    with pytest.raises(DeviceError, match="not a V4L2"):
        _ident(tree, "/dev/sda")
    with pytest.raises(DeviceError, match="video7"):
        _ident(tree, "7")


def test_frame_timing_no_sensor_produces_is_flagged():
    import random

    rng = random.Random(1)
    real, t = [], 0.0
    for _ in range(60):
        t += 33.3 + rng.gauss(0, 0.4)
        real.append(t)
    assert timing_anomaly(real, 30) == ""
    assert "perfectly regular" in timing_anomaly([k * 1000 / 30 for k in range(60)], 30)
    assert "backwards" in timing_anomaly([*real[:30], real[29], *real[30:]], 30)
    assert "far above" in timing_anomaly([k * 5.0 + rng.random() for k in range(60)], 30)
    assert timing_anomaly(real[:10], 30) == ""  # too few frames to judge


# -- simkiosk run refuses a camera that is not the configured physical one ------------------------

CONFIGURED = {
    "SIMKIOSK_DEVICES_CAMERA_USB_VENDOR": "046d",
    "SIMKIOSK_DEVICES_CAMERA_USB_PRODUCT": "082d",
    "SIMKIOSK_DEVICES_CAMERA_USB_SERIAL": "A1B2C3D4",
}


def _run_settings(tmp_path: Path, **env: str):
    from kiosk.settings import load_settings

    return load_settings(
        env={"SIMKIOSK_HOME": str(tmp_path / "home"), "SIMKIOSK_DEVICES_CAMERA": "opencv", **env}
    )


@pytest.fixture
def fake_tree(tree, monkeypatch):
    from kiosk import app

    monkeypatch.setattr(app, "SYS_ROOT", tree / "sys")
    monkeypatch.setattr(app, "DEV_ROOT", tree / "dev")
    return tree


def test_run_accepts_only_the_configured_physical_camera(fake_tree, tmp_path):
    from kiosk.app import camera_refusal

    configured = dict(CONFIGURED, SIMKIOSK_DEVICES_CAMERA_SOURCE="/dev/video0")
    assert camera_refusal(_run_settings(tmp_path, **configured)) == ""
    by_path = str(fake_tree / "dev/v4l/by-path/pci-0000:00:14.0-usb-0:2:1.0-video-index0")
    assert (
        camera_refusal(
            _run_settings(
                tmp_path,
                SIMKIOSK_DEVICES_CAMERA_SOURCE=by_path,
                SIMKIOSK_DEVICES_CAMERA_BY_PATH=by_path,
            )
        )
        == ""
    )
    other = camera_refusal(
        _run_settings(tmp_path, **dict(configured, SIMKIOSK_DEVICES_CAMERA_USB_SERIAL="ZZZ"))
    )
    assert other.startswith("camera refused: ") and "serial number A1B2C3D4" in other
    assert "configured ZZZ" in other and "devices.camera_usb_serial" in other
    unset = camera_refusal(_run_settings(tmp_path, SIMKIOSK_DEVICES_CAMERA_SOURCE="0"))
    assert "no camera identity configured" in unset and "camera_by_path" in unset
    loop = camera_refusal(
        _run_settings(tmp_path, **dict(CONFIGURED, SIMKIOSK_DEVICES_CAMERA_SOURCE="/dev/video3"))
    )
    assert "virtual camera" in loop and "set devices.camera_source" in loop
    gone = camera_refusal(
        _run_settings(tmp_path, **dict(CONFIGURED, SIMKIOSK_DEVICES_CAMERA_SOURCE="/dev/video9"))
    )
    assert "video9" in gone and "by-path" in gone


def test_simulated_cameras_and_the_demo_are_not_checked(fake_tree, tmp_path):
    import dataclasses

    from kiosk.app import camera_refusal

    assert camera_refusal(_run_settings(tmp_path, SIMKIOSK_DEVICES_CAMERA="virtual")) == ""
    loop = _run_settings(tmp_path, SIMKIOSK_DEVICES_CAMERA_SOURCE="/dev/video2")
    assert camera_refusal(loop) != ""
    assert camera_refusal(dataclasses.replace(loop, demo=True)) == ""


@pytest.mark.parametrize("source", ["/dev/video2", "/dev/video0"])
def test_run_with_a_refused_camera_ends_with_one_line(
    fake_tree, tmp_path, monkeypatch, capsys, source
):
    from kiosk.cli import main

    env = {
        "SIMKIOSK_HOME": str(tmp_path / "home"),
        "SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": "7391",
        "SIMKIOSK_DEVICES_CAMERA": "opencv",
        "SIMKIOSK_DEVICES_CAMERA_SOURCE": source,
        "SIMKIOSK_DEVICES_CAMERA_USB_VENDOR": "046d",
        "SIMKIOSK_DEVICES_CAMERA_USB_SERIAL": "OTHER1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["run"]) == 4  # a device error
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("simkiosk: cannot start the kiosk: camera refused: ")
    assert ("virtual camera" if source.endswith("2") else "serial number") in err[0]


def test_run_on_a_camera_this_machine_does_not_have_exits_without_a_traceback(tmp_path):
    import subprocess
    import sys

    env = {
        **os.environ,
        "SIMKIOSK_HOME": str(tmp_path / "home"),
        "SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": "7391",
        "QT_QPA_PLATFORM": "offscreen",
        "SIMKIOSK_DEVICES_CAMERA": "opencv",
        "SIMKIOSK_DEVICES_CAMERA_SOURCE": "/dev/video97",
        "SIMKIOSK_DEVICES_CAMERA_BY_PATH": "/dev/v4l/by-path/pci-0000:00:14.0-usb-0:2:1.0",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 4  # a device error
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith("simkiosk: cannot start the kiosk: camera refused: ")
    assert "video97" in lines[0] and "devices.camera_source" in lines[0]
