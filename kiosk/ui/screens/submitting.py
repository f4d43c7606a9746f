"""Submitting: the record is being signed, stored and sent (started by the flow itself)."""

from __future__ import annotations

from kiosk.session import Step
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import label


class SubmittingScreen(Screen):
    step = Step.SUBMIT

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.bar = self.busy_bar()
        self.box.addStretch(1)
        self.box.addWidget(self.title)
        self.box.addWidget(self.bar)
        self.box.addStretch(1)

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        self.title.setText(self.tr("submit_title"))
        self.bar.setVisible(True)
