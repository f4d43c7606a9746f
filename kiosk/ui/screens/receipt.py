"""Receipt: activated (the phone number and a large reference), queued (told honestly: saved
here, sent when the server is reachable, kept until then) or rejected by the operator. The
reference (the record id's first block) lets staff find the record later; the reminder to take
the ID card is on every ending."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from kiosk.session import SessionOutcome, Step
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.ended import DATA, reference
from kiosk.ui.widgets import button, label

_KEYS = {
    SessionOutcome.ACTIVATED: ("receipt_activated", "receipt_activated_text"),
    SessionOutcome.QUEUED: ("receipt_queued", "receipt_queued_text"),
    SessionOutcome.REJECTED: ("receipt_rejected", "receipt_rejected_text"),
}


class ReceiptScreen(Screen):
    step = Step.RECEIPT

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.title.setObjectName("receipt_title")
        self.text = label("", "subtitle")
        self.number = label("", "subtitle")
        self.number.setObjectName("receipt_phone")
        self.ref_caption = label("", "subtitle")
        self.reference = label("", "reference")
        self.reference.setObjectName("receipt_reference")
        self.reminder = label("", "reminder")
        self.reminder.setObjectName("receipt_reminder")
        self.data = label("", "subtitle")
        self.data.setObjectName("receipt_data")
        self.done = button("", "primary", "receipt_done")
        self.done.clicked.connect(self.flow.finish)
        self.box.addStretch(1)
        for w in (self.title, self.text, self.number, self.ref_caption, self.reference):
            self.box.addWidget(w)
        self.box.addStretch(1)
        self.box.addWidget(self.reminder)
        self.box.addWidget(self.data)
        self.add_actions(self.done, centred=True)

    def primary(self) -> QPushButton:
        return self.done

    def entered(self) -> None:
        self.done.setFocus()

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        session = self.flow.session
        result = session.result
        if result is None:
            return
        title, text = _KEYS.get(result.outcome, _KEYS[SessionOutcome.REJECTED])
        self.title.setText(self.tr(title))
        self.title.setProperty(
            "role", "title_refused" if result.outcome is SessionOutcome.REJECTED else "title"
        )
        self.title.style().unpolish(self.title)
        self.title.style().polish(self.title)
        self.text.setText(self.tr(text))
        msisdn, iccid = self.flow.sim_numbers()
        number = ""
        if result.outcome is not SessionOutcome.REJECTED:
            if msisdn:
                number = self.tr("receipt_phone", number="+" + msisdn)
            elif iccid:
                number = self.tr("receipt_sim", tail=iccid[-4:])
        self.number.setText(number)
        self.number.setVisible(bool(number))
        self.ref_caption.setText(self.tr("reference_caption"))
        self.reference.setText(reference(result.record_id))
        self.reminder.setText("⚠ " + self.tr("take_card"))
        self.data.setText(self.tr(DATA.get(result.outcome, "ended_wiped")))
        self.done.setText(self.tr("done"))
