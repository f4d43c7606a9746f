"""Idle / attract screen: what the kiosk is for, in all three languages; touch anywhere starts.

It also asks, in the background (the flow's task runner, never the GUI thread), whether the kiosk
is frozen: when it opens and every :data:`FREEZE_CHECK_MS` while it shows. A frozen kiosk says
"temporarily unavailable" in every language at once and invites nobody (no Start, and a touch
does nothing)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from kiosk.session import Step
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.tasks import Lane
from kiosk.ui.widgets import button, label

log = logging.getLogger(__name__)

FREEZE_CHECK_MS = 30_000


class AttractScreen(Screen):
    step = Step.IDLE
    diagnostics_requested = Signal()
    submissions_requested = Signal()

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        langs = [code for code in ("kk", "ru", "en") if code in flow.settings.kiosk.languages]
        self.langs = langs
        self.frozen = False
        self._checking = False
        self._again = False  # asked again while a check ran: check once more after it
        self.box.addStretch(2)
        self.titles = [
            label(tr(code, "attract_title"), "title" if i == 0 else "subtitle")
            for i, code in enumerate(langs)
        ]
        for t in self.titles:
            self.box.addWidget(t)
        # Frozen: one heading and one line per language, all at once.
        self.frozen_labels = []
        for code in langs:
            head = label(tr(code, "frozen_title"), "title_refused")
            text = label(tr(code, "frozen_text"), "subtitle")
            head.setObjectName(f"frozen_title_{code}")
            self.frozen_labels += [head, text]
            self.box.addWidget(head)
            self.box.addWidget(text)
            head.setVisible(False)
            text.setVisible(False)
        self.box.addStretch(1)
        self.needs = label(" · ".join(tr(c, "attract_needs") for c in langs[:1]), "subtitle")
        self.box.addWidget(self.needs)
        self.start_button = button(" / ".join(tr(c, "start") for c in langs), "primary", "start")
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
        # the row's spare width is the notice's: one line where there is room (it wrapped after
        # two words beside a bare stretch), wrapped beside a clerk's buttons on a portrait screen
        bottom.addWidget(self.crash_notice, 1)
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
        self.freeze_timer = QTimer(self)
        self.freeze_timer.setInterval(FREEZE_CHECK_MS)
        self.freeze_timer.timeout.connect(self.check_freeze)

    def primary(self) -> QPushButton:
        return self.start_button

    def apply_scale(self, scale: float) -> None:
        super().apply_scale(scale)
        self.start_button.setMinimumHeight(max(48, round(120 * scale)))

    def show_crash_notice(self, count: int) -> None:
        lang = self.flow.settings.kiosk.default_language
        self.crash_notice.setText(f"⚠ {tr(lang, 'attract_crash_notice')} ({count})")
        self.crash_notice.setVisible(count > 0)

    # -- the freeze check -------------------------------------------------------------------------

    def check_freeze(self) -> None:
        """Ask the services (on a worker) whether new enrollments are frozen."""
        if self._checking:
            self._again = True
            return
        self._checking, self._again = True, False
        try:
            self.flow.tasks.run(
                self.flow.services.freeze_reasons,
                lane=Lane.DIAGNOSTICS,
                label="attract freeze check",
                on_success=self._freeze_checked,
                on_failure=self._freeze_check_failed,
            )
        except RuntimeError:  # the window is closing
            self._checking = False

    def _freeze_checked(self, reasons: list[str]) -> None:
        self._checking = False
        frozen = bool(reasons)
        if frozen != self.frozen:
            # The reasons are for the technician (diagnostics, log); customers get one sentence.
            log.info("attract screen: kiosk %s", "frozen" if frozen else "no longer frozen")
        self.frozen = frozen
        self.render()
        if self._again:
            self.check_freeze()

    def _freeze_check_failed(self, exc: BaseException) -> None:
        self._checking = False
        log.warning("attract screen: freeze check failed (%s)", type(exc).__name__)
        if self._again:
            self.check_freeze()

    def entered(self) -> None:
        self.check_freeze()
        self.freeze_timer.start()

    def left(self) -> None:
        self.freeze_timer.stop()

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        frozen = self.frozen
        for w in (*self.titles, self.needs, self.touch, self.start_button):
            w.setVisible(not frozen)
        for w in self.frozen_labels:
            w.setVisible(frozen)
        self.start_button.setEnabled(not self.flow.busy and not frozen)
        clerk, lang = self.flow.clerk_id, self.flow.clerk_language
        self.logout_button.setVisible(clerk is not None)
        self.submissions_button.setVisible(clerk is not None)
        if clerk is not None:
            self.logout_button.setText(tr(lang, "clerk_logout", clerk=clerk))
            self.submissions_button.setText(tr(lang, "submissions_open") + "  [Ctrl+Shift+S]")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Touch anywhere on the attract screen starts (the Start button is the visible cue).
        if event.button() == Qt.MouseButton.LeftButton and not self.flow.busy and not self.frozen:
            self.flow.start()
        super().mousePressEvent(event)
