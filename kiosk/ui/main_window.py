"""The kiosk window: a header (title, step, cancel), one stacked page per flow step, the
technician's diagnostics page, and an error banner.

The pages render the session; the window only picks the page for ``session.step`` whenever the
:class:`~kiosk.ui.flow.FlowController` says something changed. Timers: ``tick_timer`` lets the
session end steps that waited too long; ``idle_timer`` (``kiosk.idle_timeout_s``, restarted by
any key, click, touch or wheel anywhere in the application) cancels the session and returns to
the attract screen when the person walked away. The receipt and the thank-you screens move on by
themselves after a short while.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hardware.camera import Camera
from kiosk.session import EnrollmentServices, Step
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.diagnostics import DiagnosticsScreen
from kiosk.ui.early_init import crash_files
from kiosk.ui.flow import FlowController
from kiosk.ui.i18n import tr
from kiosk.ui.screens import SCREENS, Screen
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.submissions import SubmissionsScreen
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.widgets import button, label

log = logging.getLogger(__name__)

TICK_MS = 1000
RECEIPT_MS = 20_000  # the receipt stays this long unless "Done" is pressed
ENDED_MS = 8_000  # the thank-you screen, then the attract screen
BANNER_MS = 10_000
_INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
                 QEvent.Type.Wheel}


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, services: EnrollmentServices, *,
                 camera: Camera | None = None, checks: Callable[[], list] | None = None,
                 clock: Callable[[], float] = time.monotonic, new_crashes: int = 0) -> None:
        super().__init__()
        self.settings = settings
        self.setObjectName("kiosk_window")
        self.setWindowTitle(tr(settings.kiosk.default_language, "app_title"))
        self.setStyleSheet(theme.STYLE)
        font = self.font()
        font.setFamilies(theme.FONT_FAMILIES)
        self.setFont(font)
        self.tasks = TaskRunner(self)
        self.tasks.add_error_handler(self._show_error)
        self.flow = FlowController(settings, services, self.tasks, clock=clock, parent=self)
        self._closed = False

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.setContentsMargins(24, 12, 24, 0)
        self.header_title = label("", "subtitle", center=False)
        self.step_label = label("", "small")
        self.cancel_button = button("", "cancel", "cancel")
        self.cancel_button.clicked.connect(lambda: self.flow.cancel("cancelled by the user"))
        header.addWidget(self.header_title, 2)
        header.addWidget(self.step_label, 1)
        header.addWidget(self.cancel_button)
        outer.addLayout(header)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.banner = label("", "banner")
        self.banner.setObjectName("error_banner")
        self.banner.setVisible(False)
        outer.addWidget(self.banner)
        self.setCentralWidget(central)

        self.pages: dict[Step, Screen] = {}
        for cls in SCREENS:
            page = cls(self.flow)
            self.pages[cls.step] = page
            self.stack.addWidget(page)
        self.attract: AttractScreen = self.pages[Step.IDLE]  # type: ignore[assignment]
        self.attract.show_crash_notice(new_crashes)
        self.attract.diagnostics_requested.connect(self.open_diagnostics)
        # The services' own scanner (a test scan runs on its lane, like a customer's scan).
        self.diagnostics = DiagnosticsScreen(settings, self.tasks, camera=camera, checks=checks,
                                             scanner=getattr(services, "scanner", None))
        self.diagnostics.closed.connect(self.close_diagnostics)
        self.diagnostics.crashes_seen.connect(lambda: self.attract.show_crash_notice(0))
        self.stack.addWidget(self.diagnostics)
        self.submissions = SubmissionsScreen(self.flow)  # the clerk's list of today's records
        self.submissions.closed.connect(self.close_submissions)
        self.attract.submissions_requested.connect(self.open_submissions)
        self.stack.addWidget(self.submissions)
        self._submissions_open = False
        self._shown: QWidget | None = None
        self._diagnostics_open = False

        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self.flow.tick)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(int(settings.kiosk.idle_timeout_s * 1000))
        self.idle_timer.timeout.connect(self._on_idle)
        self.step_timer = QTimer(self)  # receipt -> finish, ended -> attract
        self.step_timer.setSingleShot(True)
        self.step_timer.timeout.connect(self._on_step_timer)
        self.banner_timer = QTimer(self)
        self.banner_timer.setSingleShot(True)
        self.banner_timer.setInterval(BANNER_MS)
        self.banner_timer.timeout.connect(lambda: self.banner.setVisible(False))

        self._shortcut(QKeySequence(Qt.Key.Key_Escape), self._escape)
        self._shortcut(QKeySequence("Ctrl+Shift+D"), self.open_diagnostics)
        self._shortcut(QKeySequence("Ctrl+Shift+S"), self.open_submissions)
        self.flow.changed.connect(self._render)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.tick_timer.start()
        self._render()
        if crash_files(settings):
            log.info("crash files present: %d", len(crash_files(settings)))

    def _shortcut(self, keys: QKeySequence, slot: Callable[[], None]) -> None:
        sc = QShortcut(keys, self)
        sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
        sc.activated.connect(slot)

    # -- showing ------------------------------------------------------------------------------

    @property
    def current_step(self) -> Step:
        return self.flow.session.step

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def _render(self) -> None:
        if self._closed:
            return
        if self._diagnostics_open or self._submissions_open:
            return  # the technician or the clerk is working; the customer flow is not running
        step = self.current_step
        page = self.pages[step]
        lang = self.flow.language
        self.header_title.setText(tr(lang, "app_title"))
        n, total = self.flow.step_number()
        self.step_label.setText(tr(lang, "step_of", n=n, total=total) if n else "")
        self.cancel_button.setText(tr(lang, "cancel"))
        self.cancel_button.setVisible(step not in (Step.IDLE, Step.ENDED, Step.RECEIPT))
        self.cancel_button.setEnabled(step is not Step.SUBMIT)
        page.render()
        if self._shown is not page:
            if isinstance(self._shown, Screen):
                self._shown.left()
            self._shown = page
            self.stack.setCurrentWidget(page)
            page.entered()
            self._restart_idle()
            if step is Step.RECEIPT:
                self.step_timer.start(RECEIPT_MS)
            elif step is Step.ENDED:
                self.step_timer.start(ENDED_MS)
            else:
                self.step_timer.stop()

    def _on_step_timer(self) -> None:
        if self.current_step is Step.RECEIPT:
            self.flow.finish()
        elif self.current_step is Step.ENDED:
            self.flow.reset()

    def _show_error(self, label_: str, exc: BaseException) -> None:
        self.banner.setText(tr(self.flow.language, "error_generic"))
        self.banner.setVisible(True)
        self.banner_timer.start()

    # -- idle ---------------------------------------------------------------------------------

    def _restart_idle(self) -> None:
        if not self._closed:
            self.idle_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._restart_idle()
        return False

    def _on_idle(self) -> None:
        if self._submissions_open:
            self.close_submissions()
            return
        if self._diagnostics_open:
            log.info("diagnostics closed after inactivity")
            self.close_diagnostics()
            return
        if self.flow.busy:
            # A running step (a scan, the face check) is bounded by its own timeouts; the
            # person is standing still in front of the camera, not gone.
            self._restart_idle()
            return
        if self.current_step is not Step.IDLE:
            log.info("session %s: idle for %.0f s, back to the attract screen",
                     self.flow.session.id, self.settings.kiosk.idle_timeout_s)
            self.flow.cancel("idle timeout")

    def _escape(self) -> None:
        if self._submissions_open:
            self.close_submissions()
        elif self._diagnostics_open:
            self.close_diagnostics()
        elif self.current_step not in (Step.IDLE, Step.SUBMIT):
            self.flow.cancel("cancelled with Esc")

    def keyPressEvent(self, event) -> None:
        # Enter presses the page's main button when focus is not in a text field.
        in_text = isinstance(QApplication.focusWidget(), QLineEdit)  # it has its own Enter
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not in_text:
            page = self.stack.currentWidget()
            primary = page.primary() if isinstance(page, Screen) else None
            if primary is not None and primary.isEnabled() and primary.isVisible():
                primary.click()
                return
        super().keyPressEvent(event)

    # -- diagnostics --------------------------------------------------------------------------

    def open_diagnostics(self) -> None:
        if self.current_step is not Step.IDLE or self.flow.busy or self._submissions_open:
            return  # never in the middle of a customer's session
        if isinstance(self._shown, Screen):
            self._shown.left()
        self._shown = self.diagnostics
        self._diagnostics_open = True
        self.stack.setCurrentWidget(self.diagnostics)
        self.cancel_button.setVisible(False)
        self.diagnostics.enter()
        self._restart_idle()

    def close_diagnostics(self) -> None:
        self.diagnostics.leave()
        self._diagnostics_open = False
        self._shown = None
        self._render()

    # -- the clerk's submissions list ----------------------------------------------------------

    def open_submissions(self) -> None:
        if self.current_step is not Step.IDLE or self.flow.busy or self._diagnostics_open \
                or self.flow.clerk_id is None:
            return  # the clerk of the shift only, and never in a customer's session
        if isinstance(self._shown, Screen):
            self._shown.left()
        self._shown = self.submissions
        self._submissions_open = True
        self.stack.setCurrentWidget(self.submissions)
        self.cancel_button.setVisible(False)
        self.submissions.enter()
        self._restart_idle()

    def close_submissions(self) -> None:
        if not self._submissions_open:
            return
        self.submissions.leave()
        self._submissions_open = False
        self._shown = None
        self._render()

    # -- shutdown -----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop timers and workers, wipe the session. Idempotent."""
        if self._closed:
            return
        self._closed = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for t in (self.tick_timer, self.idle_timer, self.step_timer, self.banner_timer):
            t.stop()
        self.diagnostics.leave()
        self.flow.close()
        self.tasks.shutdown(wait=True)
        self.flow.wipe_detached()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
