"""The technician's screen, behind the diagnostics PIN.

Top to bottom: the freeze state and its reasons (what a technician is usually called for), the
actions, then three tabs: every check as a touch-sized row; the devices tested live (camera with
face box, frame rate, resolution and device id; a test scan with a preview; the barcode reader's
typed text with ICCID validity; the serial MRZ reader listening for a line); the log tail and
crash files. Every device call and check runs on a worker lane, never on the GUI thread.

The bundle (a zip under ``<home>/bundles``) holds the checks as JSON (including the live device
tests' results, never their images or typed values), the masked log tail, the settings
(``Settings.as_dict`` already hides the PIN) and the crash files (already masked when written). It
never holds keys, images or the outbox: it is built from that explicit list, not by copying
directories.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import os
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot, qVersion
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hardware.camera import Camera
from kiosk import __version__
from kiosk.checksums import iccid_problem
from kiosk.diagnosis import ORDER, FaceBoxes
from kiosk.logs import mask_text, ring
from kiosk.settings import Settings
from kiosk.ui.diag_widgets import (
    ROW_MIN_PX,
    STYLE,
    CheckList,
    freeze_text,
    repolish,
    touch_scroll,
)
from kiosk.ui.early_init import crash_files
from kiosk.ui.flow import frame_to_qimage
from kiosk.ui.i18n import tr
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.widgets import CameraView, button, label

log = logging.getLogger(__name__)

MAX_PIN_FAILURES = 5
PIN_LOCK_S = 60.0
LOG_TAIL_LINES = 300
SERIAL_LISTEN_S = 10.0  # how long the serial test waits for the technician's swipe
SCAN_TIMEOUT_S = 30.0
FACE_EVERY_N_FRAMES = 2  # face detection on every 2nd camera frame (~2 ms each)
FREEZE_MAX_PX = 150
CAMERA_MAX_PX = 240  # the camera view leaves room for the other devices at 1280x800
DEVICE_ROWS = ("camera", "scanner", "barcode", "serial_reader")


def basic_checks(settings: Settings) -> list[Any]:
    """Every check that needs neither the devices nor the server (used when the caller gives no
    fuller check function)."""
    from kiosk.diagnosis import run_all

    return run_all(settings, devices=False, server=False)


def write_bundle(settings: Settings, checks: list[dict[str, Any]]) -> Path:
    """Write the redacted diagnostic bundle; returns its path."""
    now = dt.datetime.now(dt.UTC)
    out_dir = settings.home / "bundles"
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = out_dir / f"simkiosk-diag-{settings.kiosk.id}-{now.strftime('%Y%m%dT%H%M%SZ')}.zip"
    handler = ring()
    tail = handler.tail(LOG_TAIL_LINES) if handler is not None else []
    manifest = {"kiosk_id": settings.kiosk.id, "version": __version__,
                "created_at": now.isoformat(timespec="seconds"),
                "contents": ["checks.json", "settings.json", "log-tail.txt", "crashes/"]}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, indent=2))
        # Check details are written by the checks and hold no personal data; masked anyway.
        zf.writestr("checks.json", mask_text(json.dumps(checks, indent=2)))
        zf.writestr("settings.json", json.dumps(settings.as_dict(), indent=2))
        # The ring holds masked lines already; masking again costs little and guards lines
        # that entered through a handler without the filter.
        zf.writestr("log-tail.txt", "".join(mask_text(line) + "\n" for line in tail))
        for crash in crash_files(settings):
            zf.writestr(f"crashes/{crash.name}", mask_text(crash.read_text("utf-8", "replace")))
    log.info("diagnostic bundle written: %s", path.name)
    return path


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return touch_scroll(area)


class DiagnosticsScreen(QWidget):
    closed = Signal()
    crashes_seen = Signal()
    checks_done = Signal(list)  # list of check dicts
    bundle_written = Signal(str)
    scan_previewed = Signal()
    _camera_frame = Signal(object, float, object)  # QImage, fps, face box (camera lane)

    def __init__(self, settings: Settings, tasks: TaskRunner, *, camera: Camera | None = None,
                 scanner: Any = None, checks: Callable[[], list[Any]] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.setObjectName("diagnostics")
        self.setStyleSheet(STYLE)
        self.settings = settings
        self.tasks = tasks
        self.camera = camera
        self.scanner = scanner
        self._checks_fn = checks or (lambda: basic_checks(settings))
        self._clock = clock
        self._failures: list[float] = []
        self._camera_stop: threading.Event | None = None
        self._frame_pending = False
        self._results: dict[str, dict[str, Any]] = {}
        self.checks_seconds: float | None = None  # wall time of the last full check run
        self.unlocked = False

        self.pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.addWidget(self.pages)
        self._build_pin_page()
        self._build_main_page()
        self.log_timer = QTimer(self)
        self.log_timer.setInterval(1000)
        self.log_timer.timeout.connect(self.refresh_log)
        self._camera_frame.connect(self._on_camera_frame)

    def _tr(self, key: str, **values: object) -> str:
        """The technician's words, in the kiosk's default language."""
        return tr(self.settings.kiosk.default_language, key, **values)

    def _title(self, name: str) -> str:
        try:
            return self._tr(f"diag_check_{name}")
        except KeyError:  # a check this screen does not know yet: its own name
            return name.replace("_", " ")

    # -- building -------------------------------------------------------------------------------

    def _build_pin_page(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addStretch(1)
        box.addWidget(label(self._tr("diag_pin_title"), "title"))
        self.pin = QLineEdit()
        self.pin.setObjectName("diagnostics_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(32)
        self.pin.setMaximumWidth(560)
        self.pin.returnPressed.connect(lambda: self.unlock(self.pin.text()))
        box.addWidget(self.pin, 0, Qt.AlignmentFlag.AlignHCenter)
        self.pin_notice = label("", "notice")
        box.addWidget(self.pin_notice)
        row = QHBoxLayout()
        back = button(self._tr("diag_back"), "cancel", "diagnostics_back")
        back.clicked.connect(self.closed)
        ok = button(self._tr("diag_open"), "primary", "diagnostics_unlock")
        ok.clicked.connect(lambda: self.unlock(self.pin.text()))
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(ok)
        box.addLayout(row)
        box.addStretch(2)
        self.pages.addWidget(page)
        self.pin_page = page

    def _build_main_page(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        # The freeze state first; its reasons scroll inside their box when there are many.
        self.freeze_label = QLabel()
        self.freeze_label.setObjectName("diagnostics_freeze")
        self.freeze_label.setProperty("role", "freeze")
        self.freeze_label.setWordWrap(True)
        self.freeze_box = _scroll(self.freeze_label)
        self.freeze_box.setFrameShape(QScrollArea.Shape.NoFrame)
        box.addWidget(self.freeze_box)
        buttons = QHBoxLayout()
        self.checks_button = button(self._tr("diag_run_checks"), "tech",
                                    "diagnostics_run_checks")
        self.checks_button.clicked.connect(self.run_checks)
        self.bundle_button = button(self._tr("diag_export"), "tech", "diagnostics_export")
        self.bundle_button.clicked.connect(self.export_bundle)
        close = button(self._tr("diag_close"), "tech", "diagnostics_close")
        close.clicked.connect(self.closed)
        self.status = label("", None, center=False)
        self.status.setObjectName("diagnostics_status")
        buttons.addWidget(self.checks_button)
        buttons.addWidget(self.bundle_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        box.addLayout(buttons)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("diagnostics_tabs")
        self.checks_list = CheckList()
        self.tabs.addTab(self.checks_list, self._tr("diag_tab_checks"))
        self.tabs.addTab(_scroll(self._build_devices()), self._tr("diag_tab_devices"))
        self.tabs.addTab(self._build_log(), self._tr("diag_tab_log"))
        self.tabs.currentChanged.connect(self._tab_changed)
        box.addWidget(self.tabs, 1)
        self.pages.addWidget(page)
        self.main_page = page

    def _build_devices(self) -> QWidget:
        """Camera and scanner side by side, barcode and serial reader below: all four in view at
        1280x800 (the tab scrolls on smaller screens)."""
        w = QWidget()
        grid = QGridLayout(w)
        grid.setHorizontalSpacing(20)
        grid.setVerticalSpacing(6)
        # camera: the live view with the face box, and its figures
        cam = QVBoxLayout()
        cam.addWidget(label(self._title("camera"), "devicehead", center=False))
        self.camera_view = CameraView(mirror=False)
        self.camera_view.setMinimumSize(240, 180)
        self.camera_view.setMaximumHeight(CAMERA_MAX_PX)
        cam.addWidget(self.camera_view, 1)
        cam_row = QHBoxLayout()
        self.camera_button = button(self._tr("diag_camera"), "tech", "diagnostics_camera")
        self.camera_button.clicked.connect(self.toggle_camera)
        self.camera_button.setEnabled(self.camera is not None)
        cam_row.addWidget(self.camera_button)
        self.fps_label = label(self._tr("diag_camera_off" if self.camera else "diag_no_camera"),
                               None, center=False)
        self.fps_label.setObjectName("diagnostics_fps")
        cam_row.addWidget(self.fps_label, 1)
        cam.addLayout(cam_row)
        grid.addLayout(cam, 0, 0)
        # scanner: a test scan and its preview
        scan = QVBoxLayout()
        scan.addWidget(label(self._title("scanner"), "devicehead", center=False))
        self.scan_preview = QLabel()
        self.scan_preview.setObjectName("diagnostics_scan_preview")
        self.scan_preview.setFixedSize(200, 150)
        self.scan_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scan_preview.setStyleSheet("background: #222222;")
        scan.addWidget(self.scan_preview)
        self.scan_button = button(self._tr("diag_test_scan"), "tech", "diagnostics_test_scan")
        self.scan_button.clicked.connect(self.test_scan)
        self.scan_button.setEnabled(self.scanner is not None)
        scan.addWidget(self.scan_button)
        self.scan_label = label(self._tr("diag_no_scanner") if self.scanner is None else "",
                                None, center=False)
        self.scan_label.setObjectName("diagnostics_scan_result")
        scan.addWidget(self.scan_label)
        scan.addStretch(1)
        grid.addLayout(scan, 0, 1)
        # barcode (keyboard wedge): what it typed, and whether that is a valid ICCID
        code = QVBoxLayout()
        code.addWidget(label(self._title("barcode"), "devicehead", center=False))
        self.barcode = QLineEdit()
        self.barcode.setObjectName("diagnostics_barcode")
        self.barcode.setProperty("role", "compact")
        self.barcode.setPlaceholderText(self._tr("diag_barcode_hint"))
        self.barcode.setMaxLength(64)
        self.barcode.returnPressed.connect(self._barcode_read)
        code.addWidget(self.barcode)
        self.barcode_label = label("", None, center=False)
        self.barcode_label.setObjectName("diagnostics_barcode_result")
        code.addWidget(self.barcode_label)
        grid.addLayout(code, 1, 0)
        # serial MRZ reader: listen for a line
        serial = QVBoxLayout()
        serial.addWidget(label(self._title("serial_reader"), "devicehead", center=False))
        self.serial_button = button(self._tr("diag_serial_listen", s=f"{SERIAL_LISTEN_S:g}"),
                                    "tech", "diagnostics_serial_listen")
        self.serial_button.clicked.connect(self.test_serial)
        self.serial_button.setEnabled(self._serial_reader() is not None)
        serial.addWidget(self.serial_button)
        self.serial_label = label("" if self._serial_reader() else self._tr("diag_no_serial"),
                                  None, center=False)
        self.serial_label.setObjectName("diagnostics_serial_result")
        serial.addWidget(self.serial_label)
        grid.addLayout(serial, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(2, 1)
        return w

    def _build_log(self) -> QWidget:
        w = QWidget()
        box = QHBoxLayout(w)
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("diagnostics_log")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(LOG_TAIL_LINES)
        box.addWidget(self.log_view, 3)
        crash_box = QVBoxLayout()
        crash_box.addWidget(label(self._tr("diag_crash_files"), None, center=False))
        self.crash_list = QListWidget()
        self.crash_list.setObjectName("diagnostics_crashes")
        self.crash_list.currentTextChanged.connect(self._show_crash)
        crash_box.addWidget(self.crash_list)
        box.addLayout(crash_box, 1)
        return w

    # -- lock -----------------------------------------------------------------------------------

    def enter(self) -> None:
        self.unlocked = False
        self.pin.clear()
        self.pin_notice.clear()
        self.pages.setCurrentWidget(self.pin_page)
        self.pin.setFocus()

    def leave(self) -> None:
        self.stop_camera()
        self.log_timer.stop()
        self.unlocked = False
        self.pin.clear()
        self.camera_view.clear()
        self.scan_preview.clear()
        self.barcode.clear()
        self.barcode_label.clear()
        self.log_view.clear()
        self.pages.setCurrentWidget(self.pin_page)

    def unlock(self, pin: str) -> bool:
        now = self._clock()
        self._failures = [t for t in self._failures if now - t < PIN_LOCK_S]
        self.pin.clear()
        if not self.settings.kiosk.diagnostics_pin.strip():
            # No PIN configured: nothing typed (not even nothing) opens the screen.
            log.warning("diagnostics: no PIN is configured (kiosk.diagnostics_pin)")
            self.pin_notice.setText(self._tr("diag_no_pin_set"))
            return False
        if len(self._failures) >= MAX_PIN_FAILURES:
            self.pin_notice.setText(self._tr("diag_pin_locked"))
            return False
        if not pin or not hmac.compare_digest(pin.encode(),
                                              self.settings.kiosk.diagnostics_pin.encode()):
            self._failures.append(now)
            log.warning("diagnostics: wrong PIN")
            self.pin_notice.setText(self._tr("diag_wrong_pin"))
            return False
        self._failures.clear()
        log.info("diagnostics: opened")
        self.unlocked = True
        self.pages.setCurrentWidget(self.main_page)
        self.tabs.setCurrentIndex(0)
        self._show_freeze(None)
        for name in DEVICE_ROWS:
            if name not in self._results:
                self._set_row(name, "untested", self._tr("diag_untested"))
        self.refresh_crashes()
        self.refresh_log()
        self.log_timer.start()
        self.run_checks()
        return True

    # -- check rows -----------------------------------------------------------------------------

    @property
    def last_checks(self) -> list[dict[str, Any]]:
        """Every result, in screen order (the bundle's checks.json)."""
        return [self._results[n] for n in self.checks_list.names() if n in self._results]

    def _set_row(self, name: str, status: str, detail: str) -> None:
        row = self.checks_list.row(name, self._title(name))
        row.show_check(status, self._tr(f"diag_status_{status}"), detail)
        self.checks_list.order([n for n in ORDER if n in self.checks_list.rows]
                               + [n for n in self.checks_list.rows if n not in ORDER])

    def _record(self, check: dict[str, Any]) -> None:
        self._results[check["name"]] = check
        self._set_row(check["name"], check["status"], check["detail"])
        if check["name"] == "freeze":
            self._show_freeze(check)

    def _show_freeze(self, check: dict[str, Any] | None) -> None:
        state, text = freeze_text(check, self._tr("diag_frozen"), self._tr("diag_not_frozen"),
                                  self._tr("diag_freeze_unknown"))
        self.freeze_label.setText(text)
        self.freeze_label.setProperty("state", state)
        repolish(self.freeze_label)
        self._fit_freeze_box()

    def _fit_freeze_box(self) -> None:
        """As tall as its reasons, up to FREEZE_MAX_PX (beyond that they scroll inside)."""
        width = max(200, self.freeze_box.viewport().width())
        need = self.freeze_label.heightForWidth(width)
        self.freeze_box.setFixedHeight(max(ROW_MIN_PX, min(FREEZE_MAX_PX, need + 2)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_freeze_box()

    # -- checks ---------------------------------------------------------------------------------

    def run_checks(self) -> None:
        self.checks_button.setEnabled(False)
        self.status.setText(self._tr("diag_running"))
        started = time.perf_counter()

        def work() -> list[dict[str, Any]]:
            return [c.as_dict() for c in self._checks_fn()]

        self.tasks.run(work, lane="diagnostics", label="diagnostics checks",
                       on_success=lambda checks: self._show_checks(checks, started),
                       on_failure=self._checks_failed)

    def _show_checks(self, checks: list[dict[str, Any]], started: float) -> None:
        self.checks_seconds = time.perf_counter() - started
        for c in checks:
            if c["name"] == "versions":  # the Qt actually loaded, not only the package's
                c = {**c, "info": {**c["info"], "Qt": qVersion()},
                     "detail": f"{c['detail']}, Qt {qVersion()}"}
            self._record(c)
        bad = sum(c["status"] == "error" for c in self.last_checks)
        self.status.setText(self._tr("diag_checks_done", n=len(self.last_checks), bad=bad)
                            + f" ({self.checks_seconds:.1f} s)")
        self.checks_button.setEnabled(True)
        self.checks_done.emit(self.last_checks)

    def _checks_failed(self, exc: BaseException) -> None:
        self.tasks.report("diagnostics checks", exc)
        self.status.setText(self._tr("diag_checks_error", error=type(exc).__name__))
        self.checks_button.setEnabled(True)

    # -- devices: scanner, barcode, serial reader ----------------------------------------------

    def test_scan(self) -> None:
        """One scan on the scanner's own lane; the preview replaces the scan (wiped)."""
        if self.scanner is None:
            return
        from hardware.diagnostics import try_scan

        scanner = self.scanner
        self.scan_button.setEnabled(False)
        self.scan_label.setText(self._tr("diag_scanning"))

        def work() -> tuple[dict[str, Any], QImage | None]:
            check, thumb = try_scan(scanner, SCAN_TIMEOUT_S, own=False)
            image = frame_to_qimage(thumb) if thumb is not None else None
            if thumb is not None:
                thumb.fill(0)
            return check.as_dict(), image

        def done(result: tuple[dict[str, Any], QImage | None]) -> None:
            check, image = result
            self.scan_button.setEnabled(True)
            self.scan_label.setText(check["detail"])
            self._record(check)
            if image is not None and self.unlocked:
                self.scan_preview.setPixmap(QPixmap.fromImage(image).scaled(
                    self.scan_preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))
                self.scan_previewed.emit()

        def failed(exc: BaseException) -> None:
            self.scan_button.setEnabled(True)
            self.tasks.report("test scan", exc)
            self.scan_label.setText(str(exc))

        self.tasks.run(work, lane="scanner", label="test scan", on_success=done,
                       on_failure=failed)

    @Slot()
    def _barcode_read(self) -> None:
        """A wedge scanner typed a code and Enter. The code stays on screen only; the row (and
        the bundle) get its length and validity, never the digits."""
        text = self.barcode.text().strip().replace(" ", "")
        problem = iccid_problem(text)
        if problem:
            detail = self._tr("diag_barcode_bad", n=len(text), reason=problem)
        else:
            detail = self._tr("diag_barcode_ok", n=len(text))
        self.barcode_label.setText(detail)
        self._record({"name": "barcode", "status": "warn" if problem else "ok",
                      "detail": detail, "info": {"chars": len(text), "iccid_valid": not problem}})
        self.barcode.selectAll()  # the next scan replaces this one

    def _serial_reader(self) -> Any:
        return self.scanner if hasattr(self.scanner, "listen") else None

    def test_serial(self) -> None:
        reader = self._serial_reader()
        if reader is None:
            return
        from hardware.diagnostics import ERROR, OK, WARN, Check

        self.serial_button.setEnabled(False)
        self.serial_label.setText(self._tr("diag_serial_listening", s=f"{SERIAL_LISTEN_S:g}"))

        def work() -> dict[str, Any]:
            if not reader.health().ok:
                reader.open()
            heard = reader.listen(SERIAL_LISTEN_S)
            info = {"port": reader.device_id, **heard}
            if heard["line_after_s"] is None:
                return Check("serial_reader", WARN, f"{reader.device_id}: no line within "
                             f"{SERIAL_LISTEN_S:g} s ({heard['bytes']} bytes)", info).as_dict()
            what = "an MRZ" if heard["mrz"] else "a line (not an MRZ)"
            return Check("serial_reader", OK, f"{reader.device_id}: {what} after "
                         f"{heard['line_after_s']:.1f} s", info).as_dict()

        def done(check: dict[str, Any]) -> None:
            self.serial_button.setEnabled(True)
            self.serial_label.setText(check["detail"])
            self._record(check)

        def failed(exc: BaseException) -> None:
            self.serial_button.setEnabled(True)
            self.serial_label.setText(str(exc))
            self._record(Check("serial_reader", ERROR, str(exc)).as_dict())

        self.tasks.run(work, lane="scanner", label="serial reader test", on_success=done,
                       on_failure=failed)

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.barcode.setFocus()  # a wedge scanner types wherever the focus is

    # -- bundle ---------------------------------------------------------------------------------

    def export_bundle(self) -> None:
        self.bundle_button.setEnabled(False)
        checks = list(self.last_checks)
        self.status.setText(self._tr("diag_writing"))

        def done(path: Path) -> None:
            self.bundle_button.setEnabled(True)
            self.status.setText(self._tr("diag_written", path=path.name))
            self.bundle_written.emit(str(path))

        def failed(exc: BaseException) -> None:
            self.bundle_button.setEnabled(True)
            self.tasks.report("diagnostic bundle", exc)
            self.status.setText(self._tr("diag_write_failed", error=exc))

        self.tasks.run(lambda: write_bundle(self.settings, checks), lane="diagnostics",
                       label="diagnostic bundle", on_success=done, on_failure=failed)

    # -- log and crashes ------------------------------------------------------------------------

    def refresh_log(self) -> None:
        handler = ring()
        lines = handler.tail(LOG_TAIL_LINES) if handler is not None else [
            "(logging is not set up in this process)"]
        text = "\n".join(lines)
        if text != self.log_view.toPlainText():
            self.log_view.setPlainText(text)
            bar = self.log_view.verticalScrollBar()
            bar.setValue(bar.maximum())

    def refresh_crashes(self) -> None:
        self.crash_list.clear()
        files = crash_files(self.settings)
        for path in files:
            self.crash_list.addItem(path.name)
        if not files:
            self.crash_list.addItem(self._tr("diag_no_crashes"))
        self.crashes_seen.emit()

    @Slot(str)
    def _show_crash(self, name: str) -> None:
        path = self.settings.crash_dir / name
        if name.startswith("crash-") and path.is_file():
            self.log_timer.stop()  # keep the crash on screen until the next refresh
            self.log_view.setPlainText(path.read_text("utf-8", "replace"))

    # -- camera ---------------------------------------------------------------------------------

    @property
    def camera_running(self) -> bool:
        return self._camera_stop is not None

    def toggle_camera(self) -> None:
        if self.camera_running:
            self.stop_camera()
        else:
            self.start_camera()

    def start_camera(self) -> None:
        if self.camera is None or self.camera_running:
            return
        stop = threading.Event()
        self._camera_stop = stop
        self.fps_label.setText(self._tr("diag_camera_starting"))
        self.tasks.run(lambda: self._camera_loop(self.camera, stop), lane="camera",
                       label="diagnostics camera",
                       on_success=lambda why: self._camera_ended(stop, self._tr(why)),
                       on_failure=lambda exc: self._camera_failed(stop, exc))

    def stop_camera(self) -> None:
        if self._camera_stop is not None:
            self._camera_stop.set()
            self._camera_stop = None

    def _camera_loop(self, camera: Camera, stop: threading.Event) -> str:
        """Camera lane: read frames until stopped; find the face on every few frames; hand the
        latest frame to the GUI. The kiosk's own camera (already open) is left open. Returns the
        text key of why it ended."""
        own = not camera.health().ok
        if own:
            camera.open()
        faces = FaceBoxes()
        stamps: list[float] = []
        box = None
        try:
            n = 0
            while not stop.is_set():
                frame = camera.read()
                if frame is None:
                    return "diag_stream_ended"
                now = time.monotonic()
                stamps = [t for t in stamps if now - t < 1.0] + [now]
                if n % FACE_EVERY_N_FRAMES == 0:
                    found = faces(frame.image)
                    box = max(found, key=lambda b: b[2] * b[3]) if found else None
                n += 1
                if not self._frame_pending:
                    self._frame_pending = True
                    self._camera_frame.emit(frame_to_qimage(frame.image), float(len(stamps)),
                                            box)
        finally:
            faces.close()
            if own:
                camera.close()
        return "diag_camera_off"

    @Slot(object, float, object)
    def _on_camera_frame(self, image: QImage, fps: float, box: Any) -> None:
        self._frame_pending = False
        if not self.camera_running:
            return
        self.camera_view.set_frame(image, box)
        device = self.camera.device_id if self.camera else ""
        face = self._tr("diag_face_found") if box else self._tr("diag_no_face")
        detail = f"{device}: {fps:.0f} fps, {image.width()}x{image.height()}, {face}"
        self.fps_label.setText(detail)
        if self.camera_view.frames_shown % 15 == 1:  # the row follows, without churning
            self._record({"name": "camera", "status": "ok" if fps >= 5 else "warn",
                          "detail": detail,
                          "info": {"device_id": device, "fps": round(fps, 1),
                                   "resolution": f"{image.width()}x{image.height()}",
                                   "face": bool(box)}})

    def _camera_failed(self, stop: threading.Event, exc: BaseException) -> None:
        self._record({"name": "camera", "status": "error", "detail": str(exc),
                      "info": {"device_id": self.camera.device_id if self.camera else ""}})
        self._camera_ended(stop, self._tr("diag_camera_error", error=exc))

    def _camera_ended(self, stop: threading.Event, why: str) -> None:
        if self._camera_stop is stop:  # ended by itself (stream end, device error)
            self._camera_stop = None
        if self._camera_stop is None:
            self.camera_view.clear()
            self.fps_label.setText(why)
