"""In-window overlays: a question over the dimmed screen (the cancel confirmation, the idle
warning) and the error banner. Overlays are children of the window's central widget, laid over
the screens, so they never change the window's size and never open a native dialog (a kiosk has
no window manager to place one).

Keys: Enter presses the focused button (the overlay's default one when focus is elsewhere),
Esc answers with the overlay's ``escape`` button; Tab moves between the overlay's buttons only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.widgets import button, label


class Overlay(QWidget):
    """A dimmed cover over its parent with a centred panel: title, text, buttons."""

    dismissed = Signal()  # closed by a tap outside the panel

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.panel = QFrame(self)
        self.panel.setObjectName(f"{name}_panel")
        self.panel.setProperty("role", "dialog")
        box = QVBoxLayout(self.panel)
        self._box = box
        self.title = label("", "title")
        self.text = label("", "subtitle")
        box.addWidget(self.title)
        box.addWidget(self.text)
        self.row = QHBoxLayout()
        box.addLayout(self.row)
        self.buttons: list[QPushButton] = []
        self.default: QPushButton | None = None
        self.escape_button: QPushButton | None = None
        self.scale = 1.0
        self.setVisible(False)
        parent.installEventFilter(self)

    def add_label(self, w: QLabel) -> QLabel:
        self._box.insertWidget(self._box.count() - 1, w)
        return w

    def add_button(
        self, text: str, role: str, name: str, *, default: bool = False, escape: bool = False
    ) -> QPushButton:
        b = button(text, role, name)
        self.row.addWidget(b)
        self.buttons.append(b)
        if default:
            self.default = b
        if escape:
            self.escape_button = b
        return b

    # -- showing ----------------------------------------------------------------------------------

    def open(self) -> None:
        self.place()
        self.setVisible(True)
        self.raise_()
        (self.default or self.buttons[0]).setFocus()

    def close_overlay(self) -> None:
        self.setVisible(False)

    def escape(self) -> None:
        if self.escape_button is not None:
            self.escape_button.click()
        else:
            self.close_overlay()

    def apply_scale(self, scale: float) -> None:
        self.scale = scale
        m = round(32 * scale)
        self._box.setContentsMargins(m, m, m, m)
        self._box.setSpacing(round(20 * scale))
        self.row.setSpacing(round(24 * scale))
        self.place()

    def place(self) -> None:
        """Cover the parent; the panel centred, at most 90 % of its width."""
        parent = self.parentWidget()
        if parent is None:
            return
        self.setGeometry(parent.rect())
        width = min(
            round(parent.width() * 0.9),
            max(round(760 * self.scale), self.panel.minimumSizeHint().width()),
        )
        width = min(width, parent.width())
        height = self.panel.heightForWidth(width) if self.panel.hasHeightForWidth() else -1
        height = min(max(height, self.panel.minimumSizeHint().height()), parent.height())
        self.panel.setGeometry(
            (parent.width() - width) // 2, (parent.height() - height) // 2, width, height
        )

    # -- events -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.panel.geometry().contains(event.position().toPoint()):
            self.dismissed.emit()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            target = focused if focused in self.buttons else self.default
            if target is not None:
                target.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab cycles through the overlay's buttons, never to the screen behind it.
        if not self.buttons:
            return False
        focused = self.focusWidget()
        i = self.buttons.index(focused) if focused in self.buttons else -1
        self.buttons[(i + (1 if next else -1)) % len(self.buttons)].setFocus()
        return True
