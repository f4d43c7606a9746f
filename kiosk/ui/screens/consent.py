"""Consent: what happens with the person's data, in plain words; agree or cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from kiosk.session import Step
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


class ConsentScreen(Screen):
    step = Step.CONSENT

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.text = label("", "subtitle")
        self.agree = button("", "primary", "agree")
        self.agree.clicked.connect(self.flow.give_consent)
        self.box.addStretch(1)
        self.box.addWidget(self.title)
        self.box.addWidget(self.text)
        self.box.addStretch(1)
        self.box.addWidget(self.agree)
        self.box.addStretch(1)

    def primary(self) -> QPushButton:
        return self.agree

    def entered(self) -> None:
        self.agree.setFocus()

    def render(self) -> None:
        self.title.setText(self.tr("consent_title"))
        self.text.setText(self.tr("consent_text"))
        self.agree.setText(self.tr("consent_agree"))
