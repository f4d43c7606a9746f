"""Receipt: activated, queued (told honestly: saved here, sent when the server is reachable) or
rejected by the operator. A short reference lets staff find the record later."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from kiosk.session import Outcome, Step
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label

_KEYS = {Outcome.ACTIVATED: ("receipt_activated", "receipt_activated_text"),
         Outcome.QUEUED: ("receipt_queued", "receipt_queued_text"),
         Outcome.REJECTED: ("receipt_rejected", "receipt_rejected_text")}


class ReceiptScreen(Screen):
    step = Step.RECEIPT

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.title.setObjectName("receipt_title")
        self.text = label("", "subtitle")
        self.reference = label("", "small")
        self.done = button("", "primary", "receipt_done")
        self.done.clicked.connect(self.flow.finish)
        self.box.addStretch(1)
        for w in (self.title, self.text, self.reference):
            self.box.addWidget(w)
        self.box.addStretch(1)
        self.box.addWidget(self.done)

    def primary(self) -> QPushButton:
        return self.done

    def entered(self) -> None:
        self.done.setFocus()

    def render(self) -> None:
        result = self.flow.session.result
        if result is None:
            return
        title, text = _KEYS.get(result.outcome, _KEYS[Outcome.REJECTED])
        self.title.setText(self.tr(title))
        self.text.setText(self.tr(text))
        # The record id's first block: enough for staff to find it, nothing personal.
        self.reference.setText(self.tr("receipt_number", ref=result.record_id.split("-")[0]))
        self.done.setText(self.tr("done"))
