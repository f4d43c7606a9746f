"""The technician's screen, behind the diagnostics PIN.

Top to bottom: the freeze state and its reasons (what a technician is usually called for), the
actions, then three tabs: every check as a touch-sized row; the devices tested live (camera with
face box, frame rate, resolution and device id; a test scan with a preview; the barcode reader's
typed text with ICCID validity; the serial MRZ reader listening for a line); the log tail and
crash files. Every device call and check runs on a worker lane, never on the GUI thread.

This module assembles the screen from its parts, each in its own module:

- :mod:`kiosk.ui.diag_pin`: the PIN gate (page and unlock rules);
- :mod:`kiosk.ui.diag_checks`: the check rows, the freeze box and the check run;
- :mod:`kiosk.ui.diag_devices`: the devices tab (test scan, barcode, serial reader), with
  :mod:`kiosk.ui.diag_camera` for the live camera;
- :mod:`kiosk.ui.diag_log`: the log tail and crash files;
- :mod:`kiosk.ui.diag_bundle`: the redacted bundle (no Qt);
- :mod:`kiosk.ui.diag_widgets`: the style and the row widgets.

The names other modules used from here before the split are re-exported below.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hardware.camera import Camera
from kiosk.diagnosis import run_all
from kiosk.settings import Settings
from kiosk.ui.diag_bundle import LOG_TAIL_LINES, write_bundle
from kiosk.ui.diag_camera import CAMERA_MAX_PX, FACE_EVERY_N_FRAMES
from kiosk.ui.diag_checks import FREEZE_MAX_PX, ChecksTab
from kiosk.ui.diag_devices import DEVICE_ROWS, SCAN_TIMEOUT_S, SERIAL_LISTEN_S, DevicesTab
from kiosk.ui.diag_log import LogTab
from kiosk.ui.diag_pin import MAX_PIN_FAILURES, PIN_LOCK_S, PinGate
from kiosk.ui.diag_widgets import STYLE, CheckList, touch_scroll
from kiosk.ui.tasks import Lane, TaskRunner
from kiosk.ui.widgets import button, label

__all__ = [
    "CAMERA_MAX_PX",
    "DEVICE_ROWS",
    "FACE_EVERY_N_FRAMES",
    "FREEZE_MAX_PX",
    "LOG_TAIL_LINES",
    "MAX_PIN_FAILURES",
    "PIN_LOCK_S",
    "SCAN_TIMEOUT_S",
    "SERIAL_LISTEN_S",
    "DiagnosticsScreen",
    "write_bundle",
]


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return touch_scroll(area)


class DiagnosticsScreen(PinGate, ChecksTab, DevicesTab, LogTab, QWidget):
    closed = Signal()
    crashes_seen = Signal()
    checks_done = Signal(list)  # list of check dicts
    bundle_written = Signal(str)
    scan_previewed = Signal()
    _camera_frame = Signal(object, float, object)  # QImage, fps, face box (camera lane)

    def __init__(
        self,
        settings: Settings,
        tasks: TaskRunner,
        *,
        camera: Camera | None = None,
        scanner: Any = None,
        checks: Callable[[], list[Any]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.setObjectName("diagnostics")
        self.setStyleSheet(STYLE)
        self.settings = settings
        self.tasks = tasks
        self.camera = camera
        self.scanner = scanner
        # Given by the composition root (kiosk.app.technician_checks); alone (tests, a window
        # without services), the checks that need neither the devices nor the server.
        self._checks_fn = checks or functools.partial(
            run_all, settings, devices=False, server=False
        )
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
        self.checks_button = button(self._tr("diag_run_checks"), "tech", "diagnostics_run_checks")
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

    # -- opening and leaving --------------------------------------------------------------------

    def _opened(self) -> None:
        """The right PIN: the main page, every device row shown, the log live, a check run."""
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_freeze_box()

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

        self.tasks.run(
            lambda: write_bundle(self.settings, checks),
            lane=Lane.DIAGNOSTICS,
            label="diagnostic bundle",
            on_success=done,
            on_failure=failed,
        )
