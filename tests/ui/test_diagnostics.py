"""The technician screen: PIN gate, checks in the background, log tail, crash files, a live
camera with its frame rate, and the redacted diagnostic bundle."""

from __future__ import annotations

import functools
import json
import logging
import zipfile
from pathlib import Path

import cv2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from ui_doubles import synthetic_frame
from ui_helpers import click, type_into

from hardware.camera import FileCamera
from kiosk.commands.diagnose import run_checks
from kiosk.logs import forget_personal, remember_personal, setup_logging
from kiosk.session import Step
from kiosk.ui.early_init import write_crash
from kiosk.ui.i18n import tr

LANG = "ru"  # the kiosk's default language, which the technician's screen speaks


@pytest.fixture
def kiosk_logging():
    setup_logging(None, "INFO", ring_size=200)
    yield
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_simkiosk", False):
            root.removeHandler(h)
            h.close()
    forget_personal()


def _open(qtbot, window, pin: str) -> None:
    qtbot.keyClick(window.current_page(), Qt.Key.Key_D,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.current_page() is window.diagnostics
    type_into(qtbot, window, "diagnostics_pin", pin, enter=True)


def test_wrong_pin_keeps_it_locked_right_pin_opens(qtbot, make_window, kiosk_logging) -> None:
    window = make_window()
    diag = window.diagnostics
    _open(qtbot, window, "1111")
    assert not diag.unlocked and diag.pages.currentWidget() is diag.pin_page
    assert diag.pin_notice.text() == tr(LANG, "diag_wrong_pin")
    assert diag.pin.text() == ""
    type_into(qtbot, window, "diagnostics_pin", "4321", enter=True)
    assert diag.unlocked and diag.pages.currentWidget() is diag.main_page
    qtbot.waitUntil(lambda: bool(diag.last_checks), timeout=10_000)
    names = [c["name"] for c in diag.last_checks]
    assert {"state_dir", "disk", "models"} <= set(names)
    assert diag.checks_tree.topLevelItemCount() == len(names)
    assert "diagnostics: opened" in diag.log_view.toPlainText()
    click(qtbot, window, "diagnostics_close")
    assert window.current_page() is window.pages[Step.IDLE]
    assert not diag.unlocked


def test_pin_attempts_are_limited(qtbot, make_window, kiosk_logging) -> None:
    window = make_window()
    window.open_diagnostics()
    for _ in range(5):
        assert not window.diagnostics.unlock("0000")
    assert not window.diagnostics.unlock("4321")  # locked for a while even with the right PIN
    assert window.diagnostics.pin_notice.text() == tr(LANG, "diag_pin_locked")


def test_diagnostics_only_from_the_attract_screen(qtbot, make_window) -> None:
    window = make_window()
    click(qtbot, window, "start")
    qtbot.waitUntil(lambda: window.current_step is Step.LANGUAGE)
    window.open_diagnostics()
    assert window.current_page() is window.pages[Step.LANGUAGE]


def test_bundle_is_redacted(qtbot, make_settings, make_window, kiosk_logging,
                            simkiosk_home: Path) -> None:
    settings = make_settings()
    (settings.keys_dir / "device_ed25519.pem").write_text(
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKEYMATERIAL\n"
        "-----END PRIVATE KEY-----\n")
    settings.outbox_path.write_bytes(b"SQLite format 3\x00outbox-secret-record")
    remember_personal(["ABDULLAYEVA"])
    logging.getLogger("test").info("scan of ABDULLAYEVA IIN 900101400018 done")
    try:
        raise RuntimeError("reading N12345678 failed")
    except RuntimeError as exc:
        write_crash(settings, type(exc), exc, exc.__traceback__)
    window = make_window(settings=settings,
                         checks=functools.partial(run_checks, settings, devices=False,
                                                  server=False))
    window.open_diagnostics()
    assert window.diagnostics.unlock("4321")
    qtbot.waitUntil(lambda: bool(window.diagnostics.last_checks), timeout=10_000)
    with qtbot.waitSignal(window.diagnostics.bundle_written, timeout=10_000) as blocker:
        click(qtbot, window, "diagnostics_export")
    path = Path(blocker.args[0])
    assert path.parent == simkiosk_home / "bundles" and path.stat().st_mode & 0o077 == 0
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        blob = b"".join(zf.read(n) for n in names)
        checks = json.loads(zf.read("checks.json"))
        saved = json.loads(zf.read("settings.json"))
    assert {"manifest.json", "checks.json", "settings.json", "log-tail.txt"} <= set(names)
    assert any(n.startswith("crashes/crash-") for n in names)
    assert not any(n.startswith(("keys", "outbox")) or n.endswith((".pem", ".jpg", ".png"))
                   for n in names)
    assert {c["name"] for c in checks} == {"state_dir", "disk", "models", "outbox", "device key"}
    assert saved["kiosk"]["diagnostics_pin"] == "****"
    assert b"4321" not in blob  # the PIN
    assert b"PRIVATE KEY" not in blob and b"KEYMATERIAL" not in blob
    assert b"outbox-secret-record" not in blob
    for personal in (b"ABDULLAYEVA", b"900101400018", b"N12345678"):
        assert personal not in blob
    assert b"scan of *** IIN *** done" in blob


def test_crash_files_are_listed(qtbot, make_settings, make_window, kiosk_logging) -> None:
    settings = make_settings()
    try:
        raise ValueError("boom")
    except ValueError as exc:
        crash = write_crash(settings, type(exc), exc, exc.__traceback__)
    window = make_window(settings=settings, new_crashes=1)
    assert window.attract.crash_notice.isVisibleTo(window.attract)
    window.open_diagnostics()
    window.diagnostics.unlock("4321")
    items = [window.diagnostics.crash_list.item(i).text()
             for i in range(window.diagnostics.crash_list.count())]
    assert items == [crash.name]
    window.diagnostics.crash_list.setCurrentRow(0)
    assert "ValueError: boom" in window.diagnostics.log_view.toPlainText()
    assert not window.attract.crash_notice.isVisibleTo(window.attract)  # seen by a technician
    qtbot.waitUntil(lambda: bool(window.diagnostics.last_checks), timeout=10_000)


def test_live_camera_view_with_fps(qtbot, make_settings, make_window, tmp_path) -> None:
    image = tmp_path / "frame.png"
    cv2.imwrite(str(image), synthetic_frame())
    camera = FileCamera(str(image), fps=30.0, realtime=True, loop=True)
    window = make_window(camera=camera)
    diag = window.diagnostics
    window.open_diagnostics()
    diag.unlock("4321")
    click(qtbot, window, "diagnostics_camera")
    qtbot.waitUntil(lambda: diag.camera_view.frames_shown >= 5)
    assert "fps" in diag.fps_label.text() and "640x480" in diag.fps_label.text()
    click(qtbot, window, "diagnostics_close")  # leaving stops the camera
    assert not diag.camera_running
    qtbot.waitUntil(lambda: camera.health().ok is False)  # closed on its own lane
    qtbot.waitUntil(lambda: bool(diag.last_checks) or window.tasks.running == 0,
                    timeout=10_000)


def test_camera_error_is_shown_not_raised(qtbot, make_window, tmp_path) -> None:
    camera = FileCamera(str(tmp_path / "missing.mp4"), fps=30.0)
    window = make_window(camera=camera)
    diag = window.diagnostics
    window.open_diagnostics()
    diag.unlock("4321")
    diag.start_camera()
    error_prefix = tr(LANG, "diag_camera_error", error="")
    qtbot.waitUntil(lambda: diag.fps_label.text().startswith(error_prefix))
    assert "does not exist" in diag.fps_label.text()
    qtbot.waitUntil(lambda: window.tasks.running == 0, timeout=10_000)


def test_full_checks_on_real_simulated_devices(qtbot, make_settings, make_window,
                                               tmp_path) -> None:
    """The technician's checks as `simkiosk diagnose` runs them: a video camera playing an
    image, a folder scanner, and a server address where nothing listens."""
    import socket

    image = tmp_path / "frame.png"
    cv2.imwrite(str(image), synthetic_frame())
    docs = tmp_path / "docs"
    docs.mkdir()
    cv2.imwrite(str(docs / "card.png"), synthetic_frame(200))
    with socket.socket() as s:  # a free port: connection refused, quickly
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = make_settings(
        SIMKIOSK_DEVICES_CAMERA="video", SIMKIOSK_DEVICES_CAMERA_SOURCE=str(image),
        SIMKIOSK_DEVICES_SCANNER="folder", SIMKIOSK_DEVICES_SCANNER_SOURCE=str(docs),
        SIMKIOSK_RECORDS_SERVER_URL=f"http://127.0.0.1:{port}",
        SIMKIOSK_RECORDS_CONNECT_TIMEOUT_S="0.5", SIMKIOSK_RECORDS_RETRIES="0")
    window = make_window(settings=settings, checks=functools.partial(run_checks, settings))
    window.open_diagnostics()
    window.diagnostics.unlock("4321")
    qtbot.waitUntil(lambda: bool(window.diagnostics.last_checks), timeout=20_000)
    status = {c["name"]: c["status"] for c in window.diagnostics.last_checks}
    assert status == {"state_dir": "ok", "disk": "ok", "models": "ok", "camera": "ok",
                      "scanner": "ok", "server": "error", "outbox": "ok", "device key": "warn"}
    tree = window.diagnostics.checks_tree
    rows = [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1))
            for i in range(tree.topLevelItemCount())]
    assert ("ERROR", "server") in rows and ("OK", "camera") in rows
    assert window.diagnostics.status.text() == tr(LANG, "diag_checks_done", n=8, bad=1)


def test_the_technician_screen_speaks_the_kiosks_language(qtbot, make_settings,
                                                         make_window) -> None:
    for lang, close, wrong in (("kk", "Жабу", "PIN-код қате."), ("en", "Close", "Wrong PIN.")):
        window = make_window(settings=make_settings(SIMKIOSK_KIOSK_DEFAULT_LANGUAGE=lang))
        diag = window.diagnostics
        window.open_diagnostics()
        assert not diag.unlock("0000")
        assert diag.pin_notice.text() == wrong
        assert diag.findChild(QPushButton, "diagnostics_close").text() == close
