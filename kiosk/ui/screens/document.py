"""Document: put the ID on the scanner, scan (in the background), problems in plain words,
rescan while attempts remain."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from kiosk.session import Step
from kiosk.ui.i18n import problem_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


class DocumentScreen(Screen):
    step = Step.DOCUMENT

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.hint = label("", "subtitle")
        self.problems = label("", "problem")
        self.problems.setObjectName("document_problems")
        self.attempt = label("", "small")
        self.status = label("", "subtitle")
        self.scan_button = button("", "primary", "scan")
        self.scan_button.clicked.connect(self.flow.scan_document)
        self.bar = self.busy_bar()
        self.box.addStretch(1)
        for w in (self.title, self.hint, self.problems, self.attempt):
            self.box.addWidget(w)
        self.box.addStretch(1)
        for w in (self.status, self.bar, self.scan_button):
            self.box.addWidget(w)
        self.box.addStretch(1)

    def primary(self) -> QPushButton:
        return self.scan_button

    def entered(self) -> None:
        self.scan_button.setFocus()

    def render(self) -> None:
        flow, lang = self.flow, self.flow.language
        busy = flow.busy
        self.title.setText(self.tr("document_title"))
        self.hint.setText(self.tr("document_hint"))
        self.scan_button.setText(self.tr("document_scan"))
        self.scan_button.setEnabled(not busy)
        self.bar.setVisible(busy)
        self.status.setText(self.tr("document_reading") if busy else "")
        codes = [] if busy else flow.document_problems
        lines = [self.tr("document_retry")] if codes else []
        lines += [problem_text(lang, c) for c in dict.fromkeys(codes)]
        self.problems.setText("\n".join(lines))
        attempts = flow.session.document_attempts
        total = flow.settings.documents.scan_attempts
        self.attempt.setText(self.tr("document_attempt", n=attempts + 1, total=total)
                             if attempts and not busy else "")
