"""The log tab of the technician's screen: the masked log tail (refreshed every second while the
screen is open) and the crash files, one of which can be read in place of the tail."""

from __future__ import annotations

from PySide6.QtCore import QTimer, SignalInstance, Slot
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPlainTextEdit, QVBoxLayout, QWidget

from kiosk.logs import ring
from kiosk.ui.diag_base import DiagPart
from kiosk.ui.diag_bundle import LOG_TAIL_LINES
from kiosk.ui.early_init import crash_files
from kiosk.ui.widgets import label


class LogTab(DiagPart):
    """The log view, the crash list and their refreshes."""

    crashes_seen: SignalInstance
    log_timer: QTimer

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

    def refresh_log(self) -> None:
        handler = ring()
        lines = (
            handler.tail(LOG_TAIL_LINES)
            if handler is not None
            else ["(logging is not set up in this process)"]
        )
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
