"""Clerk review: why the session needs a person's decision (problem codes in words, the face
match distance and its band), the document's fields (a misread one can be corrected by hand:
recorded as a manual override with the clerk's id and reason), then approve or refuse with a
reason (both are recorded)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QWidget

from kiosk.session import Step
from kiosk.ui.i18n import field_name, problem_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


class ReviewScreen(Screen):
    step = Step.REVIEW

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.box.setSpacing(8)  # the busiest screen: it must still fit 800 px in height
        self.title = label("", "title")
        self.why_title = label("", "subtitle", center=False)
        self.why = label("", center=False)
        self.why.setObjectName("review_why")
        self.match = label("", center=False)
        self.match.setObjectName("review_match")
        self.fields_title = label("", "subtitle", center=False)
        self.fields_box = QWidget()
        self.fields_grid = QGridLayout(self.fields_box)
        self.fields_grid.setContentsMargins(0, 0, 0, 0)
        self.field_edits: dict[str, tuple[QLineEdit, str]] = {}  # name -> (edit, value read)
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
        for w in (self.title, self.why_title, self.why, self.match, self.fields_title,
                  self.fields_box, self.reason, self.notice):
            self.box.addWidget(w)
        self.box.addStretch(1)
        self.actions.addLayout(row)  # the action bar: in view however long the fields are

    def entered(self) -> None:
        self.reason.clear()
        self.notice.clear()
        self._build_fields()
        self.reason.setFocus()

    def left(self) -> None:
        self._clear_fields()  # personal values leave the screen with the step
        self.reason.clear()

    def _clear_fields(self) -> None:
        for edit, _ in self.field_edits.values():
            edit.clear()
        while self.fields_grid.count():
            item = self.fields_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.field_edits.clear()

    def _build_fields(self) -> None:
        self._clear_fields()
        document = self.flow.session.data.document
        fields = document.fields if document is not None else {}
        shown = [(k, v) for k, v in fields.items() if isinstance(v, str)]
        for i, (name, value) in enumerate(shown):
            edit = QLineEdit(value)
            edit.setObjectName(f"review_field_{name}")
            edit.setProperty("role", "compact")
            edit.setMaxLength(100)
            row, col = divmod(i, 2)
            self.fields_grid.addWidget(label(field_name(self.flow.language, name), "small",
                                             center=False), row, col * 2)
            self.fields_grid.addWidget(edit, row, col * 2 + 1)
            self.field_edits[name] = (edit, value)
        self.fields_title.setVisible(bool(shown))

    def _decide(self, approve: bool) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.notice.setText(self.tr("review_reason_needed"))
            self.reason.setFocus()
            return
        if approve:
            for name, (edit, read) in self.field_edits.items():
                value = edit.text().strip()
                if value and value != read:
                    self.flow.correct_field(name, value, reason)
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
        self.fields_title.setText(self.tr("review_fields"))
        self.reason.setPlaceholderText(self.tr("review_reason"))
        self.approve_button.setText(self.tr("review_approve"))
        self.refuse_button.setText(self.tr("review_refuse"))
