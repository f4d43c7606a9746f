"""Ended: thank you, what happened (in plain words) and that the data is gone; back to start."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from kiosk.session import Step
from kiosk.ui.i18n import outcome_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


class EndedScreen(Screen):
    step = Step.ENDED

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.outcome = label("", "subtitle")
        self.outcome.setObjectName("ended_outcome")
        self.wiped = label("", "small")
        self.again = button("", "primary", "ended_again")
        self.again.clicked.connect(self.flow.reset)
        self.box.addStretch(1)
        for w in (self.title, self.outcome, self.wiped):
            self.box.addWidget(w)
        self.box.addStretch(1)
        self.box.addWidget(self.again)

    def primary(self) -> QPushButton:
        return self.again

    def render(self) -> None:
        outcome = self.flow.session.outcome
        self.title.setText(self.tr("ended_thanks"))
        self.outcome.setText(outcome_text(self.flow.language, outcome.value if outcome else None))
        self.wiped.setText(self.tr("ended_wiped"))
        self.again.setText(self.tr("ended_again"))
