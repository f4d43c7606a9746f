"""Idle / attract screen: what the kiosk is for, in all three languages; touch anywhere starts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from kiosk.session import Step
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


class AttractScreen(Screen):
    step = Step.IDLE
    diagnostics_requested = Signal()
    submissions_requested = Signal()

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        langs = [code for code in ("kk", "ru", "en") if code in flow.settings.kiosk.languages]
        self.box.addStretch(2)
        self.titles = [label(tr(code, "attract_title"), "title" if i == 0 else "subtitle")
                       for i, code in enumerate(langs)]
        for t in self.titles:
            self.box.addWidget(t)
        self.box.addStretch(1)
        self.needs = label(" · ".join(tr(c, "attract_needs") for c in langs[:1]), "subtitle")
        self.box.addWidget(self.needs)
        self.start_button = button(" / ".join(tr(c, "start") for c in langs), "primary",
                                   "start")
        self.start_button.setMinimumHeight(120)
        self.start_button.clicked.connect(self.flow.start)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button, 3)
        row.addStretch(1)
        self.box.addLayout(row)
        self.touch = label(" · ".join(tr(c, "attract_touch") for c in langs), "subtitle")
        self.box.addWidget(self.touch)
        self.box.addStretch(2)
        bottom = QHBoxLayout()
        self.crash_notice = label("", "small", center=False)
        self.crash_notice.setVisible(False)
        bottom.addWidget(self.crash_notice)
        bottom.addStretch(1)
        # The clerk of the shift (assisted mode): today's submissions, and an explicit log-out.
        self.submissions_button = button("", "discreet", "open_submissions")
        self.submissions_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.submissions_button.clicked.connect(self.submissions_requested)
        self.logout_button = button("", "discreet", "clerk_logout")
        self.logout_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.logout_button.clicked.connect(lambda: self.flow.clerk_logout())
        bottom.addWidget(self.submissions_button)
        bottom.addWidget(self.logout_button)
        # Discreet: technicians know where it is; customers do not need it.
        self.diagnostics_button = button("⚙", "discreet", "open_diagnostics")
        self.diagnostics_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.diagnostics_button.clicked.connect(self.diagnostics_requested)
        bottom.addWidget(self.diagnostics_button)
        self.box.addLayout(bottom)

    def primary(self) -> QPushButton:
        return self.start_button

    def show_crash_notice(self, count: int) -> None:
        lang = self.flow.settings.kiosk.default_language
        self.crash_notice.setText(f"⚠ {tr(lang, 'attract_crash_notice')} ({count})")
        self.crash_notice.setVisible(count > 0)

    def render(self) -> None:
        self.start_button.setEnabled(not self.flow.busy)
        clerk, lang = self.flow.clerk_id, self.flow.clerk_language
        self.logout_button.setVisible(clerk is not None)
        self.submissions_button.setVisible(clerk is not None)
        if clerk is not None:
            self.logout_button.setText(tr(lang, "clerk_logout", clerk=clerk))
            self.submissions_button.setText(tr(lang, "submissions_open") + "  [Ctrl+Shift+S]")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Touch anywhere on the attract screen starts (the Start button is the visible cue).
        if event.button() == Qt.MouseButton.LeftButton and not self.flow.busy:
            self.flow.start()
        super().mousePressEvent(event)
