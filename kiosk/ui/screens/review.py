"""Clerk review: why the session needs a person's decision (problem codes in words, the face
match distance and its band), then approve or refuse with a reason (both are recorded)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit

from kiosk.session import Step
from kiosk.ui.i18n import problem_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


class ReviewScreen(Screen):
    step = Step.REVIEW

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.why_title = label("", "subtitle", center=False)
        self.why = label("", center=False)
        self.why.setObjectName("review_why")
        self.match = label("", center=False)
        self.match.setObjectName("review_match")
        self.reason = QLineEdit()
        self.reason.setObjectName("review_reason")
        self.reason.setMaxLength(500)
        self.notice = label("", "notice")
        row = QHBoxLayout()
        self.approve_button = button("", "primary", "review_approve")
        self.refuse_button = button("", "danger", "review_refuse")
        self.approve_button.clicked.connect(lambda: self._decide(True))
        self.refuse_button.clicked.connect(lambda: self._decide(False))
        row.addWidget(self.refuse_button)
        row.addStretch(1)
        row.addWidget(self.approve_button)
        for w in (self.title, self.why_title, self.why, self.match, self.reason, self.notice):
            self.box.addWidget(w)
        self.box.addStretch(1)
        self.box.addLayout(row)

    def entered(self) -> None:
        self.reason.clear()
        self.notice.clear()
        self.reason.setFocus()

    def _decide(self, approve: bool) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.notice.setText(self.tr("review_reason_needed"))
            self.reason.setFocus()
            return
        self.flow.review(approve, reason)

    def render(self) -> None:
        lang, data = self.flow.language, self.flow.session.data
        self.title.setText(self.tr("review_title"))
        self.why_title.setText(self.tr("review_why"))
        codes = list(dict.fromkeys(data.needs_review))
        if data.document is not None:
            codes += [c for c, _ in data.document.problems if c not in codes]
        self.why.setText("\n".join(f"• {problem_text(lang, c)}  [{c}]" for c in codes))
        m = data.match
        if m is None:
            self.match.setText(self.tr("review_no_match_data"))
        else:
            band = self.tr({"match": "band_match", "review": "band_review"}.get(
                m.decision, "band_no_match"))
            self.match.setText(self.tr("review_match", band=band, distance=m.distance,
                                       threshold=m.threshold))
        self.reason.setPlaceholderText(self.tr("review_reason"))
        self.approve_button.setText(self.tr("review_approve"))
        self.refuse_button.setText(self.tr("review_refuse"))
