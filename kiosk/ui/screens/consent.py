"""Consent: what happens with the person's data, in plain words; agree, or do not agree (the
session then ends politely, nothing read yet). The text scrolls on a small display; the two
answers stay in view."""

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
        self.decline = button("", None, "decline")
        self.decline.clicked.connect(self.flow.decline_consent)
        self.box.addStretch(1)
        self.box.addWidget(self.title)
        self.box.addWidget(self.text)
        self.box.addStretch(1)
        self.add_actions(self.decline, None, self.agree)

    def primary(self) -> QPushButton:
        return self.agree

    def entered(self) -> None:
        self.agree.setFocus()

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        self.title.setText(self.tr("consent_title"))
        self.text.setText(self.tr("consent_text"))
        self.agree.setText(self.tr("consent_agree"))
        self.decline.setText(self.tr("consent_decline"))
