"""Ended: what happened and what to do next, for each way a session ends; the reminder to take
the ID card on every ending; and what became of the data, said only where it is true (a queued
record stays on the kiosk until it is sent, a finished one is kept for reconciliation; a session
that ended without a record leaves nothing behind). No "thank you" for a refusal."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from kiosk.session import SessionOutcome, Step
from kiosk.ui.error_messages import GENERIC, message_key, user_message
from kiosk.ui.i18n import outcome_text, problem_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label

TITLES = {
    SessionOutcome.ACTIVATED: "receipt_activated",
    SessionOutcome.QUEUED: "receipt_queued",
    SessionOutcome.REJECTED: "receipt_rejected",
    SessionOutcome.DOCUMENT_REFUSED: "end_document",
    SessionOutcome.LIVENESS_FAILED: "end_liveness",
    SessionOutcome.NO_MATCH: "end_no_match",
    SessionOutcome.REFERRED: "end_referred",
    SessionOutcome.REVIEW_REFUSED: "end_review_refused",
    SessionOutcome.FROZEN: "frozen_title",
    SessionOutcome.CANCELLED: "end_cancelled",
    SessionOutcome.TIMED_OUT: "end_timed_out",
    SessionOutcome.FAILED: "end_failed",
}
# Endings that refuse the customer something: said in the danger colour, never with thanks.
REFUSALS = {
    SessionOutcome.REJECTED,
    SessionOutcome.DOCUMENT_REFUSED,
    SessionOutcome.LIVENESS_FAILED,
    SessionOutcome.NO_MATCH,
    SessionOutcome.REVIEW_REFUSED,
    SessionOutcome.FAILED,
}
# What became of the data. Sessions that made no record wiped everything when they ended.
DATA = {
    SessionOutcome.ACTIVATED: "data_sent",
    SessionOutcome.QUEUED: "data_kept_queued",
    SessionOutcome.REJECTED: "data_rejected",
}


def reference(record_id: str) -> str:
    """The record id's first block, grouped for reading aloud: enough for staff to find it."""
    block = record_id.split("-")[0].upper()
    return " ".join(block[i : i + 4] for i in range(0, len(block), 4))


class EndedScreen(Screen):
    step = Step.ENDED

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.title.setObjectName("ended_title")
        self.reason = label("", "problem")
        self.reason.setObjectName("ended_reason")
        self.outcome = label("", "subtitle")
        self.outcome.setObjectName("ended_outcome")
        self.ref_caption = label("", "subtitle")
        self.reference = label("", "reference")
        self.reference.setObjectName("ended_reference")
        self.reminder = label("", "reminder")
        self.reminder.setObjectName("ended_reminder")
        self.data = label("", "subtitle")
        self.data.setObjectName("ended_data")
        self.again = button("", "primary", "ended_again")
        self.again.clicked.connect(self.flow.reset)
        self.box.addStretch(1)
        for w in (self.title, self.reason, self.outcome, self.ref_caption, self.reference):
            self.box.addWidget(w)
        self.box.addStretch(1)
        self.box.addWidget(self.reminder)
        self.box.addWidget(self.data)
        self.add_actions(self.again, centred=True)

    def primary(self) -> QPushButton:
        return self.again

    def entered(self) -> None:
        self.again.setFocus()

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        session = self.flow.session
        outcome = session.outcome or SessionOutcome.FAILED
        lang = self.flow.language
        declined = "consent_declined" in session.reason_codes
        title = "end_declined" if declined else TITLES.get(outcome, "end_failed")
        self.title.setText(self.tr(title))
        self.title.setProperty("role", "title_refused" if outcome in REFUSALS else "title")
        self.title.style().unpolish(self.title)
        self.title.style().polish(self.title)
        reasons = []
        if outcome is SessionOutcome.DOCUMENT_REFUSED:
            reasons = [problem_text(lang, c) for c in dict.fromkeys(session.reason_codes)]
        elif (
            outcome is SessionOutcome.FAILED
            and session.failure is not None
            and message_key(session.failure) != GENERIC
        ):  # the outcome text says that much
            reasons = [user_message(lang, session.failure)]
        self.reason.setText("\n".join(reasons))
        self.reason.setVisible(bool(reasons))
        if declined:
            text = self.tr("end_declined_text")
        elif outcome is SessionOutcome.DOCUMENT_REFUSED and "expired" in session.reason_codes:
            text = self.tr("end_document_valid")
        else:
            text = outcome_text(lang, outcome.value)
        self.outcome.setText(text)
        result = session.result
        self.ref_caption.setText(self.tr("reference_caption"))
        self.reference.setText(reference(result.record_id) if result is not None else "")
        for w in (self.ref_caption, self.reference):
            w.setVisible(result is not None)
        self.reminder.setText("⚠ " + self.tr("take_card"))
        self.data.setText(self.tr(DATA.get(outcome, "ended_wiped")))
        self.again.setText(self.tr("ended_again"))
