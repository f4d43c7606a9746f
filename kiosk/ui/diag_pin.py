"""The PIN gate in front of the technician's screen: the PIN page, and the unlock rules (no PIN
configured opens nothing; a wrong PIN is counted; MAX_PIN_FAILURES within PIN_LOCK_S lock the gate
for a while even against the right PIN; the comparison takes constant time)."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.diag_base import DiagPart
from kiosk.ui.widgets import button, label

# The screen's logger name, kept from before the split so log filters and readers still match.
log = logging.getLogger("kiosk.ui.diagnostics")

MAX_PIN_FAILURES = 5
PIN_LOCK_S = 60.0


class PinGate(DiagPart):
    """The PIN page and :meth:`unlock`; the screen opens its main page in :meth:`_opened`."""

    closed: SignalInstance
    pages: QStackedWidget
    _clock: Callable[[], float]
    _failures: list[float]

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

    def enter(self) -> None:
        self.unlocked = False
        self.pin.clear()
        self.pin_notice.clear()
        self.pages.setCurrentWidget(self.pin_page)
        self.pin.setFocus()

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
        if not pin or not hmac.compare_digest(
            pin.encode(), self.settings.kiosk.diagnostics_pin.encode()
        ):
            self._failures.append(now)
            log.warning("diagnostics: wrong PIN")
            self.pin_notice.setText(self._tr("diag_wrong_pin"))
            return False
        self._failures.clear()
        log.info("diagnostics: opened")
        self.unlocked = True
        self._opened()
        return True

    def _opened(self) -> None:
        """The right PIN: show the main page (the screen does it)."""
        raise NotImplementedError
