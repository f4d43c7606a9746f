"""The technician's screen, behind the diagnostics PIN: device and system checks (run in the
background), a live camera view with its frame rate, the log tail, crash files, and an export of a
redacted diagnostic bundle.

The bundle (a zip under ``<home>/bundles``) holds the checks as JSON, the masked log tail, the
settings (``Settings.as_dict`` already hides the PIN) and the crash files (already masked when
written). It never holds keys, images or the outbox: it is built from that explicit list, not by
copying directories.
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

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hardware.camera import Camera
from kiosk import __version__
from kiosk.logs import mask_text, ring
from kiosk.settings import Settings
from kiosk.ui.early_init import crash_files
from kiosk.ui.flow import frame_to_qimage
from kiosk.ui.i18n import tr
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.widgets import CameraView, button, label

log = logging.getLogger(__name__)

MAX_PIN_FAILURES = 5
PIN_LOCK_S = 60.0
LOG_TAIL_LINES = 300


def basic_checks(settings: Settings) -> list[Any]:
    """The checks that need no device (used when the caller gives no fuller check function)."""
    from hardware import diagnostics as dg

    return [dg.check_state_dir(settings.home),
            dg.check_disk(settings.home, settings.records.freeze_min_free_disk_mb),
            dg.check_models()]


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
        zf.writestr("checks.json", json.dumps(checks, indent=2))
        zf.writestr("settings.json", json.dumps(settings.as_dict(), indent=2))
        # The ring holds masked lines already; masking again costs little and guards lines
        # that entered through a handler without the filter.
        zf.writestr("log-tail.txt", "".join(mask_text(line) + "\n" for line in tail))
        for crash in crash_files(settings):
            zf.writestr(f"crashes/{crash.name}", mask_text(crash.read_text("utf-8", "replace")))
    log.info("diagnostic bundle written: %s", path.name)
    return path


class DiagnosticsScreen(QWidget):
    closed = Signal()
    crashes_seen = Signal()
    checks_done = Signal(list)  # list of check dicts
    bundle_written = Signal(str)
    _camera_frame = Signal(object, float)  # QImage, fps (from the camera lane)

    def __init__(self, settings: Settings, tasks: TaskRunner, *, camera: Camera | None = None,
                 checks: Callable[[], list[Any]] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.setObjectName("diagnostics")
        self.settings = settings
        self.tasks = tasks
        self.camera = camera
        self._checks_fn = checks or (lambda: basic_checks(settings))
        self._clock = clock
        self._failures: list[float] = []
        self._camera_stop: threading.Event | None = None
        self._frame_pending = False
        self.last_checks: list[dict[str, Any]] = []
        self.unlocked = False

        self.pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
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
        self.pin.returnPressed.connect(lambda: self.unlock(self.pin.text()))
        box.addWidget(self.pin)
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
        grid = QGridLayout(page)
        buttons = QHBoxLayout()
        self.checks_button = button(self._tr("diag_run_checks"), "tech",
                                    "diagnostics_run_checks")
        self.checks_button.clicked.connect(self.run_checks)
        self.camera_button = button(self._tr("diag_camera"), "tech", "diagnostics_camera")
        self.camera_button.clicked.connect(self.toggle_camera)
        self.camera_button.setEnabled(self.camera is not None)
        self.bundle_button = button(self._tr("diag_export"), "tech", "diagnostics_export")
        self.bundle_button.clicked.connect(self.export_bundle)
        close = button(self._tr("diag_close"), "tech", "diagnostics_close")
        close.clicked.connect(self.closed)
        for b in (self.checks_button, self.camera_button, self.bundle_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        grid.addLayout(buttons, 0, 0, 1, 2)
        self.status = label("", "small", center=False)
        self.status.setObjectName("diagnostics_status")
        grid.addWidget(self.status, 1, 0, 1, 2)
        self.checks_tree = QTreeWidget()
        self.checks_tree.setObjectName("diagnostics_checks")
        self.checks_tree.setHeaderLabels(
            [self._tr(k) for k in ("diag_col_status", "diag_col_check", "diag_col_detail")])
        self.checks_tree.setRootIsDecorated(False)
        grid.addWidget(self.checks_tree, 2, 0)
        cam_box = QVBoxLayout()
        self.camera_view = CameraView(mirror=False)
        self.fps_label = label(self._tr("diag_camera_off" if self.camera else "diag_no_camera"),
                               "small")
        self.fps_label.setObjectName("diagnostics_fps")
        cam_box.addWidget(self.camera_view, 1)
        cam_box.addWidget(self.fps_label)
        grid.addLayout(cam_box, 2, 1)
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("diagnostics_log")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(LOG_TAIL_LINES)
        grid.addWidget(self.log_view, 3, 0)
        crash_box = QVBoxLayout()
        crash_box.addWidget(label(self._tr("diag_crash_files"), "small", center=False))
        self.crash_list = QListWidget()
        self.crash_list.setObjectName("diagnostics_crashes")
        self.crash_list.currentTextChanged.connect(self._show_crash)
        crash_box.addWidget(self.crash_list)
        grid.addLayout(crash_box, 3, 1)
        grid.setRowStretch(2, 2)
        grid.setRowStretch(3, 1)
        self.pages.addWidget(page)
        self.main_page = page

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
        self.log_view.clear()
        self.pages.setCurrentWidget(self.pin_page)

    def unlock(self, pin: str) -> bool:
        now = self._clock()
        self._failures = [t for t in self._failures if now - t < PIN_LOCK_S]
        self.pin.clear()
        if len(self._failures) >= MAX_PIN_FAILURES:
            self.pin_notice.setText(self._tr("diag_pin_locked"))
            return False
        if not hmac.compare_digest(pin.encode(), self.settings.kiosk.diagnostics_pin.encode()):
            self._failures.append(now)
            log.warning("diagnostics: wrong PIN")
            self.pin_notice.setText(self._tr("diag_wrong_pin"))
            return False
        self._failures.clear()
        log.info("diagnostics: opened")
        self.unlocked = True
        self.pages.setCurrentWidget(self.main_page)
        self.refresh_crashes()
        self.refresh_log()
        self.log_timer.start()
        self.run_checks()
        return True

    # -- checks ---------------------------------------------------------------------------------

    def run_checks(self) -> None:
        self.checks_button.setEnabled(False)
        self.status.setText(self._tr("diag_running"))
        self.tasks.run(lambda: [c.as_dict() for c in self._checks_fn()], lane="diagnostics",
                       label="diagnostics checks", on_success=self._show_checks,
                       on_failure=self._checks_failed)

    def _show_checks(self, checks: list[dict[str, Any]]) -> None:
        self.last_checks = checks
        self.checks_tree.clear()
        for c in checks:
            item = QTreeWidgetItem([c["status"].upper(), c["name"], c["detail"]])
            if c["status"] == "error":
                item.setForeground(0, Qt.GlobalColor.red)
            self.checks_tree.addTopLevelItem(item)
        self.checks_tree.resizeColumnToContents(0)
        self.checks_tree.resizeColumnToContents(1)
        bad = sum(c["status"] == "error" for c in checks)
        self.status.setText(self._tr("diag_checks_done", n=len(checks), bad=bad))
        self.checks_button.setEnabled(True)
        self.checks_done.emit(checks)

    def _checks_failed(self, exc: BaseException) -> None:
        self.tasks.report("diagnostics checks", exc)
        self.status.setText(self._tr("diag_checks_error", error=type(exc).__name__))
        self.checks_button.setEnabled(True)

    # -- bundle ---------------------------------------------------------------------------------

    def export_bundle(self) -> None:
        self.bundle_button.setEnabled(False)
        checks = list(self.last_checks)
        self.status.setText(self._tr("diag_writing"))

        def done(path: Path) -> None:
            self.bundle_button.setEnabled(True)
            self.status.setText(self._tr("diag_written", path=path))
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
                       on_failure=lambda exc: self._camera_ended(
                           stop, self._tr("diag_camera_error", error=exc)))

    def stop_camera(self) -> None:
        if self._camera_stop is not None:
            self._camera_stop.set()
            self._camera_stop = None

    def _camera_loop(self, camera: Camera, stop: threading.Event) -> str:
        """Camera lane: read frames until stopped; hand the latest one to the GUI. Returns the
        text key of why it ended."""
        camera.open()
        stamps: list[float] = []
        try:
            while not stop.is_set():
                frame = camera.read()
                if frame is None:
                    return "diag_stream_ended"
                now = time.monotonic()
                stamps = [t for t in stamps if now - t < 1.0] + [now]
                if not self._frame_pending:
                    self._frame_pending = True
                    self._camera_frame.emit(frame_to_qimage(frame.image), float(len(stamps)))
        finally:
            camera.close()
        return "diag_camera_off"

    @Slot(object, float)
    def _on_camera_frame(self, image: QImage, fps: float) -> None:
        self._frame_pending = False
        if not self.camera_running:
            return
        self.camera_view.set_frame(image)
        self.fps_label.setText(f"{self.camera.device_id if self.camera else ''}: "
                               f"{fps:.0f} fps, {image.width()}x{image.height()}")

    def _camera_ended(self, stop: threading.Event, why: str) -> None:
        if self._camera_stop is stop:  # ended by itself (stream end, device error)
            self._camera_stop = None
        if self._camera_stop is None:
            self.camera_view.clear()
            self.fps_label.setText(why)
