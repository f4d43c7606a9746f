"""SIM: the ICCID from the pack's barcode (a keyboard-wedge scanner types it and presses Enter)
or typed by a clerk; checked (19-20 digits, Luhn) as it is entered. MSISDN optional.

A wedge scanner types wherever the keyboard focus happens to be. While this screen is shown, an
application event filter catches digit keys (and the Enter that ends them) aimed at anything that
is not a text field — the Cancel button, the window, a keypad key — and routes them into the
ICCID field, so a scan is never lost. In self-service mode an on-screen keypad (touch-sized keys
that never take the focus) types into whichever of the two fields was used last, and the camera
watches for the pack's barcode held up to it (hardware/barcode.py, on the camera lane).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.session import Step
from kiosk.settings import KioskMode
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label
from simcontract.checkdigits import iccid_problem

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def iccid_valid(text: str) -> bool:
    return not iccid_problem(text.replace(" ", ""))


def msisdn_valid(text: str) -> bool:
    digits = text.strip().lstrip("+")
    return not digits or (digits.isdigit() and 10 <= len(digits) <= 15)


class NumericKeypad(QWidget):
    """Touch-sized 0-9, ⌫ and clear keys. The keys never take the keyboard focus, so the field
    the person (or a scanner) was typing into stays the target."""

    KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target: QLineEdit | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(self.KEYS):
            text = {"clear": "C", "back": "⌫"}.get(key, key)
            b = button(text, "keypad", f"keypad_{key}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setStyleSheet("min-width: 96px; min-height: 72px; font-size: 32px;")
            b.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(b, *divmod(i, 3))
            self.buttons[key] = b

    def press(self, key: str) -> None:
        edit = self.target
        if edit is None or not edit.isEnabled():
            return
        if key == "clear":
            edit.clear()
        elif key == "back":
            edit.backspace()
        else:
            edit.insert(key)  # through the validator and maxLength, like a typed key


class SimScreen(Screen):
    step = Step.SIM

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.hint = label("", "subtitle")
        form = QFormLayout()
        self.iccid_label, self.msisdn_label = label(center=False), label(center=False)
        self.iccid = QLineEdit()
        self.iccid.setObjectName("iccid")
        self.iccid.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9 ]{0,24}")))
        self.msisdn = QLineEdit()
        self.msisdn.setObjectName("msisdn")
        self.msisdn.setValidator(QRegularExpressionValidator(QRegularExpression(r"\+?[0-9]{0,15}")))
        form.addRow(self.iccid_label, self.iccid)
        form.addRow(self.msisdn_label, self.msisdn)
        self.status = label("", "subtitle")
        self.status.setObjectName("sim_status")
        self.continue_button = button("", "primary", "sim_continue")
        self.continue_button.clicked.connect(self._submit)
        self.bar = self.busy_bar()
        self.keypad = NumericKeypad()
        self.keypad.setObjectName("sim_keypad")
        self.keypad.target = self.iccid
        self.keypad.setVisible(flow.settings.kiosk.mode == KioskMode.SELF_SERVICE)

        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.hint)
        left.addLayout(form)
        left.addWidget(self.status)
        left.addWidget(self.bar)
        left.addWidget(self.continue_button)
        row = QHBoxLayout()
        row.addLayout(left, 3)
        row.addWidget(self.keypad, 2)
        self._row = row
        self.box.addStretch(1)
        self.box.addLayout(row)
        self.box.addStretch(1)
        self.iccid.textChanged.connect(self._validate)
        self.msisdn.textChanged.connect(self._validate)
        # A wedge scanner ends with Enter: go on at once when the number is valid.
        self.iccid.returnPressed.connect(self._submit)
        self.msisdn.returnPressed.connect(self._submit)
        self._filtering = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A portrait (floor-standing) screen is too narrow for the form and the keypad side by
        # side: the keypad goes below the fields.
        portrait = event.size().height() > event.size().width()
        self._row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        super().resizeEvent(event)

    def primary(self) -> QPushButton:
        return self.continue_button

    def focus_target(self) -> QWidget:
        return self.msisdn if self.msisdn.text() and iccid_valid(self.iccid.text()) else self.iccid

    def entered(self) -> None:
        self.iccid.clear()
        self.msisdn.clear()
        self.keypad.target = self.iccid
        self._focus_iccid()
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._filtering:
            app.installEventFilter(self)
            app.focusChanged.connect(self._track_focus)
            self._filtering = True

    def left(self) -> None:
        self.flow.stop_sim_barcode()
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._filtering:
            app.removeEventFilter(self)
            app.focusChanged.disconnect(self._track_focus)
            self._filtering = False
        self.iccid.clear()
        self.msisdn.clear()

    def _focus_iccid(self) -> None:
        # setFocus on a disabled field is silently refused (focus then lands on the header's
        # Cancel button): only when it can take it.
        if self.iccid.isEnabled():
            self.iccid.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the wedge scanner, wherever the focus is ------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is not QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if isinstance(watched, QLineEdit) or not self.isVisible():
            return False  # a text field types for itself
        if watched.window() is not self.window():
            return False
        assert isinstance(event, QKeyEvent)
        text = event.text()
        if len(text) == 1 and text.isdigit():
            if not self.iccid.isEnabled():
                return False
            target = self.msisdn if self.msisdn.hasFocus() else self.iccid
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            # Re-sent to the field as the same key: through its validator, and seen by the
            # window's idle timer like any key press.
            QApplication.sendEvent(
                target, QKeyEvent(event.type(), event.key(), event.modifiers(), text)
            )
            return True
        if event.key() in _ENTER and self.iccid.text() and not self.flow.busy:
            self._submit()
            return True
        return False

    def _barcode_read(self, iccid: str) -> None:
        """The camera read the pack's barcode: as if the wedge scanner had typed it."""
        if self.flow.busy or iccid_valid(self.iccid.text()):
            return  # the person already typed a valid number
        self.iccid.setText(iccid)
        self._submit()

    def _track_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new in (self.iccid, self.msisdn):
            self.keypad.target = new  # the keypad types where the person last typed

    # -- checking and moving on -----------------------------------------------------------------

    def _validate(self) -> bool:
        iccid, msisdn = self.iccid.text(), self.msisdn.text()
        ok_iccid, ok_msisdn = iccid_valid(iccid), msisdn_valid(msisdn)
        if not ok_msisdn:
            self.status.setProperty("role", "problem")
            self.status.setText(self.tr("sim_msisdn_bad"))
        elif ok_iccid:
            self.status.setProperty("role", "subtitle")
            self.status.setText("✓ " + self.tr("sim_iccid_ok"))
        elif len(iccid.replace(" ", "")) >= 19:
            self.status.setProperty("role", "problem")
            self.status.setText(self.tr("sim_iccid_bad"))
        else:
            self.status.setText("")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        ok = ok_iccid and ok_msisdn
        self.continue_button.setEnabled(ok and not self.flow.busy)
        return ok

    def _submit(self) -> None:
        if not self._validate():
            self.iccid.selectAll()
            return
        msisdn = self.msisdn.text().strip().lstrip("+") or None
        self.flow.set_sim(self.iccid.text().replace(" ", ""), msisdn)

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        self.title.setText(self.tr("sim_title"))
        self.hint.setText(self.tr("sim_keypad_hint") if self.keypad.isVisibleTo(self) else "")
        self.hint.setVisible(self.keypad.isVisibleTo(self))
        self.iccid_label.setText(self.tr("sim_iccid"))
        self.msisdn_label.setText(self.tr("sim_msisdn"))
        self.continue_button.setText(self.tr("continue"))
        busy = self.flow.busy
        self.bar.setVisible(busy)
        was_enabled = self.iccid.isEnabled()
        self.iccid.setEnabled(not busy)
        self.msisdn.setEnabled(not busy)
        for b in self.keypad.buttons.values():
            b.setEnabled(not busy)
        if not busy and not was_enabled and self.flow.session.step is Step.SIM:
            # The page is entered while the scan's worker still returns (fields disabled):
            # the focus goes to the ICCID field as soon as it can take it.
            focus = QApplication.focusWidget()
            if not isinstance(focus, QLineEdit) or focus.window() is not self.window():
                self._focus_iccid()
        if not busy and self.flow.session.step is Step.SIM and self.keypad.isVisibleTo(self):
            # Self-service: the pack may be shown to the camera (once the scan's worker is done).
            self.flow.watch_sim_barcode(self._barcode_read)
        self._validate()
        if self.flow.notice == "sim_iccid_bad":
            self.status.setText(self.tr("sim_iccid_bad"))
