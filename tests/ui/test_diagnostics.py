"""The technician screen, driven as a technician: PIN typed on the keyboard, the freeze state
first, every check row, the devices tested live (test scan with a preview, camera with face box,
barcode wedge, serial MRZ reader), and the redacted diagnostic bundle."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import zipfile
from pathlib import Path

import cv2
import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from hardware.camera import FileCamera
from hardware.scanner import FolderScanner
from hardware.serial_reader import SerialMrzReader
from kiosk.diagnosis import run_all
from kiosk.logs import forget_personal, remember_personal_fields, setup_logging
from kiosk.session import Step
from kiosk.ui.early_init import write_crash
from kiosk.ui.i18n import tr
from simcontract.signing import x25519_public_pem
from tests.support.services_double import ICCID, synthetic_frame
from tests.ui.helpers import click, wait_step

LANG = "ru"  # the kiosk's default language, which the technician's screen speaks
PIN = "7391"
NO_DEVICE_ROWS = [
    "freeze",
    "camera",
    "scanner",
    "serial_reader",
    "barcode",
    "outbox",
    "key",
    "versions",
    "models",
    "disk",
    "state_dir",
    "diagnostics_pin",
]
TD1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]


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


@pytest.fixture
def tech_settings(make_settings, tmp_path):
    # records are stored only sealed to a known server key (else the kiosk is frozen): the
    # server's key as a technician configures it
    server_pem = tmp_path / "server_evidence.pub.pem"
    server_pem.write_text(x25519_public_pem(X25519PrivateKey.generate().public_key()))

    def make(**env: str):
        return make_settings(
            SIMKIOSK_KIOSK_DIAGNOSTICS_PIN=PIN, SIMKIOSK_RECORDS_EVIDENCE_KEY=str(server_pem), **env
        )

    return make


def keys_to_window(qtbot, window, text: str, *, enter: bool = False) -> None:
    """Type as a keyboard does: into whatever has the focus in the active window (the test
    never focuses a field itself)."""
    target = QApplication.focusWidget()
    assert target is not None and target.window() is window, "no focus inside the window"
    if text:
        qtbot.keyClicks(target, text)
    if enter:
        qtbot.keyClick(target, Qt.Key.Key_Return)


def _open(qtbot, window, pin: str) -> None:
    qtbot.keyClick(
        window.current_page(),
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.current_page() is window.diagnostics
    keys_to_window(qtbot, window, pin, enter=True)


def _unlock(qtbot, window) -> None:
    _open(qtbot, window, PIN)
    assert window.diagnostics.unlocked
    qtbot.waitUntil(lambda: window.diagnostics.checks_seconds is not None, timeout=20_000)


def _show_tab(qtbot, diag, index: int) -> None:
    bar = diag.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert diag.tabs.currentIndex() == index


def _row_status(diag, name: str) -> str:
    return diag.checks_list.rows[name].check_status


def test_pin_typed_on_the_keyboard_opens_and_every_row_is_there(
    qtbot, make_window, tech_settings, kiosk_logging
) -> None:
    window = make_window(settings=tech_settings())
    diag = window.diagnostics
    _open(qtbot, window, "1111")
    assert not diag.unlocked and diag.pages.currentWidget() is diag.pin_page
    assert diag.pin_notice.text() == tr(LANG, "diag_wrong_pin")
    assert diag.pin.text() == ""
    keys_to_window(qtbot, window, PIN, enter=True)
    assert diag.unlocked and diag.pages.currentWidget() is diag.main_page
    qtbot.waitUntil(lambda: diag.checks_seconds is not None, timeout=20_000)
    assert diag.checks_list.names() == NO_DEVICE_ROWS
    for name in NO_DEVICE_ROWS:
        row = diag.checks_list.rows[name]
        assert row.title.text() == tr(LANG, f"diag_check_{name}")
        assert row.detail.text()
    assert {_row_status(diag, n) for n in ("camera", "scanner", "barcode")} == {"untested"}
    assert _row_status(diag, "freeze") == "ok"
    # the freeze state is the first thing on the page
    page_children = [
        diag.main_page.layout().itemAt(i).widget() for i in range(diag.main_page.layout().count())
    ]
    assert page_children[0] is diag.freeze_box
    assert diag.freeze_label.text() == tr(LANG, "diag_not_frozen")
    assert "Qt " in diag.checks_list.rows["versions"].detail.text()
    assert "diagnostics: opened" in diag.log_view.toPlainText()
    click(qtbot, window, "diagnostics_close")
    assert window.current_page() is window.pages[Step.IDLE]
    assert not diag.unlocked


def test_a_frozen_kiosk_says_so_first_with_its_reasons(qtbot, make_window, tech_settings) -> None:
    settings = tech_settings(SIMKIOSK_RECORDS_FREEZE_MIN_FREE_DISK_MB=str(10**7))
    window = make_window(settings=settings)
    _unlock(qtbot, window)
    diag = window.diagnostics
    text = diag.freeze_label.text()
    assert text.startswith(tr(LANG, "diag_frozen"))
    assert "disk is nearly full" in text
    assert diag.freeze_label.property("state") == "frozen"
    assert _row_status(diag, "freeze") == "error"


def test_an_empty_pin_never_opens_the_screen(qtbot, make_window, make_settings) -> None:
    window = make_window(settings=make_settings(SIMKIOSK_KIOSK_DIAGNOSTICS_PIN=""))
    diag = window.diagnostics
    _open(qtbot, window, "")
    assert not diag.unlocked
    assert diag.pin_notice.text() == tr(LANG, "diag_no_pin_set")
    keys_to_window(qtbot, window, "0000", enter=True)
    assert not diag.unlocked
    assert not diag.unlock("")


def test_pin_attempts_are_limited(qtbot, make_window, tech_settings) -> None:
    window = make_window(settings=tech_settings())
    window.open_diagnostics()
    for _ in range(5):
        assert not window.diagnostics.unlock("0000")
    assert not window.diagnostics.unlock(PIN)  # locked for a while even with the right PIN
    assert window.diagnostics.pin_notice.text() == tr(LANG, "diag_pin_locked")


def test_diagnostics_only_from_the_attract_screen(qtbot, make_window) -> None:
    window = make_window()
    click(qtbot, window, "start")
    # the language page on screen, not only the session's step (start runs on a worker)
    wait_step(qtbot, window, Step.LANGUAGE)
    window.open_diagnostics()
    assert window.current_page() is window.pages[Step.LANGUAGE]


def _demo_documents(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    cv2.imwrite(str(docs / "card.png"), synthetic_frame(200))
    return docs


def test_test_scan_shows_a_preview_from_the_kiosk_scanner(
    qtbot, make_window, tech_settings, services, tmp_path
) -> None:
    scanner = FolderScanner(str(_demo_documents(tmp_path)))
    scanner.open()  # as the services hold it
    services.scanner = scanner
    window = make_window(settings=tech_settings(), svc=services)
    _unlock(qtbot, window)
    diag = window.diagnostics
    _show_tab(qtbot, diag, 1)
    assert diag.scan_preview.pixmap().isNull()
    with qtbot.waitSignal(diag.scan_previewed, timeout=10_000):
        click(qtbot, window, "diagnostics_test_scan")
    assert not diag.scan_preview.pixmap().isNull()
    assert _row_status(diag, "scanner") == "ok"
    assert "640x480" in diag.checks_list.rows["scanner"].detail.text()
    assert scanner.health().ok  # the kiosk's scanner stays open for the next customer
    click(qtbot, window, "diagnostics_close")
    assert diag.scan_preview.pixmap().isNull()  # a document's picture does not linger


def test_barcode_wedge_types_into_the_devices_tab(qtbot, make_window, tech_settings) -> None:
    window = make_window(settings=tech_settings())
    _unlock(qtbot, window)
    diag = window.diagnostics
    _show_tab(qtbot, diag, 1)
    keys_to_window(qtbot, window, ICCID, enter=True)  # what a wedge scanner sends
    assert diag.barcode.text() == ICCID
    assert _row_status(diag, "barcode") == "ok"
    assert diag.barcode_label.text() == tr(LANG, "diag_barcode_ok", n=19)
    bad = ICCID[:-1] + ("7" if ICCID[-1] != "7" else "8")
    keys_to_window(qtbot, window, bad, enter=True)  # replaces the selected previous code
    assert diag.barcode.text() == bad
    assert _row_status(diag, "barcode") == "warn"
    assert ICCID not in json.dumps(diag.last_checks) and bad not in json.dumps(diag.last_checks)


def test_serial_mrz_reader_hears_a_swiped_document(
    qtbot, make_window, tech_settings, services
) -> None:
    master, slave = os.openpty()
    reader = SerialMrzReader(os.ttyname(slave))
    try:
        reader.open()
        services.scanner = reader
        window = make_window(settings=tech_settings(), svc=services)
        _unlock(qtbot, window)
        diag = window.diagnostics
        _show_tab(qtbot, diag, 1)
        click(qtbot, window, "diagnostics_serial_listen")
        os.write(master, ("\r\n".join(TD1) + "\r\n").encode())
        qtbot.waitUntil(
            lambda: (
                "serial_reader" in diag._results
                and diag._results["serial_reader"]["status"] == "ok"
            ),
            timeout=15_000,
        )
        detail = diag.checks_list.rows["serial_reader"].detail.text()
        assert "an MRZ" in detail and "ERIKSSON" not in json.dumps(diag.last_checks)
    finally:
        reader.close()
        os.close(master)
        os.close(slave)


def test_live_camera_view_with_fps_and_face_box(
    qtbot, make_window, tech_settings, tmp_path
) -> None:
    from skimage import data

    image = tmp_path / "face.png"
    cv2.imwrite(str(image), cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR))
    camera = FileCamera(str(image), fps=15.0, realtime=True, loop=True)
    window = make_window(settings=tech_settings(), camera=camera)
    diag = window.diagnostics
    _unlock(qtbot, window)
    _show_tab(qtbot, diag, 1)
    click(qtbot, window, "diagnostics_camera")
    qtbot.waitUntil(
        lambda: diag.camera_view.frames_shown >= 5 and diag.camera_view.face_box is not None,
        timeout=15_000,
    )
    x, y, w, h = diag.camera_view.face_box
    assert 150 < x + w / 2 < 300 and 50 < y + h / 2 < 200  # the astronaut's face
    text = diag.fps_label.text()
    assert "fps" in text and "512x512" in text and camera.device_id in text
    assert tr(LANG, "diag_face_found") in text
    qtbot.waitUntil(lambda: _row_status(diag, "camera") == "ok")
    click(qtbot, window, "diagnostics_close")  # leaving stops the camera
    assert not diag.camera_running
    qtbot.waitUntil(lambda: camera.health().ok is False)  # it opened it, it closed it


def test_camera_error_is_shown_not_raised(qtbot, make_window, tech_settings, tmp_path) -> None:
    camera = FileCamera(str(tmp_path / "missing.mp4"), fps=30.0)
    window = make_window(settings=tech_settings(), camera=camera)
    diag = window.diagnostics
    _unlock(qtbot, window)
    diag.start_camera()
    error_prefix = tr(LANG, "diag_camera_error", error="")
    qtbot.waitUntil(lambda: diag.fps_label.text().startswith(error_prefix))
    assert "does not exist" in diag.fps_label.text()
    assert _row_status(diag, "camera") == "error"
    qtbot.waitUntil(lambda: window.tasks.running == 0, timeout=10_000)


def test_bundle_holds_no_personal_values(
    qtbot, tech_settings, make_window, kiosk_logging, services, tmp_path, simkiosk_home: Path
) -> None:
    settings = tech_settings()
    (settings.keys_dir / "device_ed25519.pem").write_text(
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKEYMATERIAL\n-----END PRIVATE KEY-----\n"
    )
    settings.outbox_path.write_bytes(b"SQLite format 3\x00outbox-secret-record")
    remember_personal_fields(
        {
            "surname": "ABDULLAYEVA",
            "given_names": "ZHANAR",
            "document_code": "ID",
            "number": "N12345678",
        }
    )
    logging.getLogger("kiosk.session").info(
        "scan of ABDULLAYEVA Zhanar IIN 900101400018 done; evidence key pinned; iccid_active"
    )
    try:
        raise RuntimeError("reading N12345678 failed")
    except RuntimeError as exc:
        write_crash(settings, type(exc), exc, exc.__traceback__)
    scanner = FolderScanner(str(_demo_documents(tmp_path)))
    scanner.open()
    services.scanner = scanner
    window = make_window(settings=settings, svc=services)
    _unlock(qtbot, window)
    diag = window.diagnostics
    _show_tab(qtbot, diag, 1)
    keys_to_window(qtbot, window, ICCID, enter=True)
    with qtbot.waitSignal(diag.scan_previewed, timeout=10_000):
        click(qtbot, window, "diagnostics_test_scan")
    with qtbot.waitSignal(diag.bundle_written, timeout=10_000) as blocker:
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
    assert not any(
        n.startswith(("keys", "outbox")) or n.endswith((".pem", ".jpg", ".png")) for n in names
    )
    # tested devices are in; untested ones (camera, serial reader) are not reported
    assert [c["name"] for c in checks] == [
        n for n in NO_DEVICE_ROWS if n not in ("camera", "serial_reader")
    ]
    assert {c["name"]: c["status"] for c in checks}["outbox"] == "error"  # not a database
    assert saved["kiosk"]["diagnostics_pin"] == "****"
    assert PIN.encode() not in blob
    assert b"PRIVATE KEY" not in blob and b"KEYMATERIAL" not in blob
    assert b"outbox-secret-record" not in blob
    for personal in (b"ABDULLAYEVA", b"Zhanar", b"900101400018", b"N12345678", ICCID.encode()):
        assert personal not in blob
    # ... and ordinary words survive the masking
    assert b"scan of *** *** IIN *** done; evidence key pinned; iccid_active" in blob


def test_crash_files_are_listed(qtbot, tech_settings, make_window, kiosk_logging) -> None:
    settings = tech_settings()
    try:
        raise ValueError("boom")
    except ValueError as exc:
        crash = write_crash(settings, type(exc), exc, exc.__traceback__)
    window = make_window(settings=settings, new_crashes=1)
    assert window.attract.crash_notice.isVisibleTo(window.attract)
    window.open_diagnostics()
    window.diagnostics.unlock(PIN)
    items = [
        window.diagnostics.crash_list.item(i).text()
        for i in range(window.diagnostics.crash_list.count())
    ]
    assert items == [crash.name]
    window.diagnostics.crash_list.setCurrentRow(0)
    assert "ValueError: boom" in window.diagnostics.log_view.toPlainText()
    assert not window.attract.crash_notice.isVisibleTo(window.attract)  # seen by a technician
    qtbot.waitUntil(lambda: window.diagnostics.checks_seconds is not None, timeout=20_000)


def test_full_checks_on_real_simulated_devices(qtbot, tech_settings, make_window, tmp_path) -> None:
    """The technician's checks as `simkiosk diagnose` runs them: a video camera playing an
    image, a folder scanner, and a server address where nothing listens."""
    import socket

    image = tmp_path / "frame.png"
    cv2.imwrite(str(image), synthetic_frame())
    with socket.socket() as s:  # a free port: connection refused, quickly
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = tech_settings(
        SIMKIOSK_DEVICES_CAMERA="video",
        SIMKIOSK_DEVICES_CAMERA_SOURCE=str(image),
        SIMKIOSK_DEVICES_SCANNER="folder",
        SIMKIOSK_DEVICES_SCANNER_SOURCE=str(_demo_documents(tmp_path)),
        SIMKIOSK_RECORDS_SERVER_URL=f"http://127.0.0.1:{port}",
        SIMKIOSK_RECORDS_CONNECT_TIMEOUT_S="0.5",
        SIMKIOSK_RECORDS_RETRIES="0",
    )
    window = make_window(settings=settings, checks=functools.partial(run_all, settings))
    _unlock(qtbot, window)
    status = {c["name"]: c["status"] for c in window.diagnostics.last_checks}
    assert status == {
        "freeze": "ok",
        "camera": "ok",
        "scanner": "ok",
        "serial_reader": "skip",
        "barcode": "skip",
        "server": "error",
        "tls": "ok",
        "clock": "skip",
        "outbox": "ok",
        "key": "error",
        "versions": "ok",
        "models": "ok",
        "disk": "ok",
        "state_dir": "ok",
        "diagnostics_pin": "ok",
    }
    rows = window.diagnostics.checks_list.rows
    assert rows["server"].status.text() == tr(LANG, "diag_status_error")
    assert rows["camera"].status.text() == tr(LANG, "diag_status_ok")
    assert window.diagnostics.status.text().startswith(tr(LANG, "diag_checks_done", n=15, bad=2))


def test_the_technician_screen_speaks_the_kiosks_language(
    qtbot, make_settings, make_window
) -> None:
    for lang, close, wrong in (("kk", "Жабу", "PIN-код қате."), ("en", "Close", "Wrong PIN.")):
        window = make_window(settings=make_settings(SIMKIOSK_KIOSK_DEFAULT_LANGUAGE=lang))
        diag = window.diagnostics
        window.open_diagnostics()
        assert not diag.unlock("0000")
        assert diag.pin_notice.text() == wrong
        assert diag.findChild(QPushButton, "diagnostics_close").text() == close


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)])
def test_touch_sizes_and_everything_fits(
    qtbot, make_window, tech_settings, services, tmp_path, size
) -> None:
    """The screen as it sits below the window's header on a 1280x800 or 1024x600 display (in a
    frame of its own: the window's height is the largest of all its pages', and the face page
    is another issue's), in Kazakh, the longest of the three languages here."""
    from kiosk.ui import theme
    from kiosk.ui.diagnostics import DiagnosticsScreen
    from kiosk.ui.tasks import TaskRunner

    settings = tech_settings(SIMKIOSK_KIOSK_DEFAULT_LANGUAGE="kk")
    header = make_window(settings=settings).stack.y()
    scanner = FolderScanner(str(_demo_documents(tmp_path)))
    scanner.open()
    frame = QWidget()
    frame.setStyleSheet(theme.STYLE)
    qtbot.addWidget(frame)
    tasks = TaskRunner()
    diag = DiagnosticsScreen(
        settings, tasks, scanner=scanner, camera=FileCamera(str(tmp_path / "none.png"))
    )
    diag.setParent(frame)
    width, height = size[0], size[1] - header
    diag.setGeometry(0, 0, width, height)
    frame.resize(width, height)
    frame.show()
    try:
        diag.enter()
        assert diag.minimumSizeHint().height() <= height
        assert diag.unlock(PIN)
        qtbot.waitUntil(lambda: diag.checks_seconds is not None, timeout=20_000)
        assert diag.size().width() == width and diag.size().height() == height
        for index in range(diag.tabs.count()):
            diag.tabs.setCurrentIndex(index)
            qtbot.waitUntil(lambda: diag.tabs.currentWidget().isVisible())
            for w in diag.findChildren(QWidget):
                if not w.isVisible():
                    continue
                top_left = w.mapTo(diag, QPoint(0, 0))
                inside_scroll = any(isinstance(p, QScrollArea) for p in _ancestors(w, diag))
                assert top_left.x() >= 0 and top_left.x() + w.width() <= width, (
                    w.objectName(),
                    type(w).__name__,
                    size,
                )
                if not inside_scroll:  # what is longer scrolls (vertically) inside its own area
                    assert top_left.y() >= 0, w.objectName()
                    assert top_left.y() + w.height() <= height, (w.objectName(), size)
                if isinstance(w, QLabel) and w.text():
                    assert QFontInfo(w.font()).pixelSize() >= 20, (w.text(), w.font().pixelSize())
                    # no word is cut off: each fits the label's width
                    room = w.contentsRect().width() - 2 * w.margin()
                    widest = max(
                        w.fontMetrics().horizontalAdvance(word)
                        for word in re.split(r"[\s\u200b]+", w.text())
                        if word
                    )
                    assert widest <= room, (w.text(), widest, room)
                if isinstance(w, QPushButton):
                    assert w.height() >= 56, (w.objectName(), w.height())
                    assert QFontInfo(w.font()).pixelSize() >= 20, w.objectName()
        for row in diag.checks_list.rows.values():
            assert row.height() >= 56
        assert diag.tabs.tabBar().height() >= 56
        log_font = QFontInfo(diag.log_view.font())
        assert isinstance(diag.log_view, QPlainTextEdit)
        assert log_font.pixelSize() >= 16 and log_font.fixedPitch()
        diag.leave()
    finally:
        tasks.shutdown()


def _ancestors(w: QWidget, stop: QWidget) -> list[QWidget]:
    out = []
    p = w.parentWidget()
    while p is not None and p is not stop:
        out.append(p)
        p = p.parentWidget()
    return out
