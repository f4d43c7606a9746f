"""Clerk login (assisted mode): operator id and PIN; Enter moves on, Enter again logs in.

Once per shift, in the clerk's own language (three small buttons switch it; the customer's choice
does not apply here): the flow keeps the clerk for the next sessions until a log-out or the
auto-lock (``kiosk.clerk_lock_min``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from kiosk.session import Step
from kiosk.ui.i18n import LANGUAGE_NAMES, tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


class ClerkLoginScreen(Screen):
    step = Step.CLERK_LOGIN

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.shift = label("", "subtitle")
        langs = QHBoxLayout()
        langs.addStretch(1)
        self.language_label = label("", None, wrap=False)
        langs.addWidget(self.language_label)
        self.language_buttons: dict[str, QPushButton] = {}
        for code in flow.settings.kiosk.languages:
            b = button(LANGUAGE_NAMES.get(code, code), None, f"clerk_language_{code}")
            b.setCheckable(True)
            b.setStyleSheet("min-width: 96px; padding: 4px 12px; font-size: 20px;")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes id -> PIN -> Log in
            b.clicked.connect(lambda _=False, c=code: self.flow.set_clerk_language(c))
            langs.addWidget(b)
            self.language_buttons[code] = b
        langs.addStretch(1)
        self.box.addStretch(1)
        self.box.addWidget(self.title)
        self.box.addWidget(self.shift)
        self.box.addLayout(langs)
        form = QFormLayout()
        self.id_label, self.pin_label = label(center=False), label(center=False)
        self.clerk_id = QLineEdit()
        self.clerk_id.setObjectName("clerk_id")
        self.clerk_id.setMaxLength(64)
        self.pin = QLineEdit()
        self.pin.setObjectName("clerk_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        form.addRow(self.id_label, self.clerk_id)
        form.addRow(self.pin_label, self.pin)
        self.box.addLayout(form)
        self.notice = label("", "notice")
        self.box.addWidget(self.notice)
        self.login_button = button("", "primary", "login")
        self.login_button.clicked.connect(self._login)
        self.box.addWidget(self.login_button)
        self.bar = self.busy_bar()
        self.box.addWidget(self.bar)
        self.box.addStretch(2)
        self.clerk_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._login)

    def tr(self, key: str, **values: object) -> str:  # type: ignore[override]  # see Screen
        return tr(self.flow.clerk_language, key, **values)

    def primary(self) -> QPushButton:
        return self.login_button

    def _login(self) -> None:
        clerk_id, pin = self.clerk_id.text().strip(), self.pin.text()
        if not clerk_id:
            self.clerk_id.setFocus()
            return
        self.pin.clear()  # the PIN never stays in a widget longer than needed
        self.flow.clerk_login(clerk_id, pin)

    def focus_target(self) -> QWidget:
        return self.pin if self.clerk_id.text().strip() else self.clerk_id

    def entered(self) -> None:
        self.clerk_id.clear()
        self.pin.clear()
        self.clerk_id.setFocus()

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        self.title.setText(self.tr("login_title"))
        self.id_label.setText(self.tr("login_id"))
        self.pin_label.setText(self.tr("login_pin"))
        self.login_button.setText(self.tr("login_button"))
        self.shift.setText(
            self.tr("login_shift", minutes=f"{self.flow.settings.kiosk.clerk_lock_min:g}")
        )
        self.language_label.setText(self.tr("clerk_language") + ":")
        for code, b in self.language_buttons.items():
            b.setChecked(code == self.flow.clerk_language)
        busy = self.flow.busy
        self.notice.setText(self.tr(self.flow.notice) if self.flow.notice else "")
        for w in (self.login_button, self.clerk_id, self.pin):
            w.setEnabled(not busy)
        self.bar.setVisible(busy)
        if not busy and self.flow.notice:
            self.pin.setFocus()
