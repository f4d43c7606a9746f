"""The kiosk window: a header (title, step, cancel), one stacked page per flow step, the
technician's diagnostics page, and an error banner.

The pages render the session; the window only picks the page for ``session.step`` whenever the
:class:`~kiosk.ui.flow.FlowController` says something changed. Timers: ``tick_timer`` lets the
session end steps that waited too long; ``idle_timer`` (restarted by any key, click, touch or
wheel anywhere in the application) asks "Need more time?" with a countdown ``idle_warning_s``
before ``kiosk.idle_timeout_s`` is up, then cancels the session and returns to the attract screen
when the person walked away. The receipt and the ending screens move on by themselves after a
short while.

Fitting: the window never changes its size because of its content (its layouts do not
constrain it; screens scroll their long content inside themselves), and the style sheet, margins
and fixed sizes scale with the window's size (:func:`kiosk.ui.theme.scale_for`). Cancel asks
first, in an overlay over the screen; the error banner is an overlay too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hardware.camera import Camera
from kiosk.session import Step
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.diagnostics import DiagnosticsScreen
from kiosk.ui.early_init import crash_files
from kiosk.ui.error_messages import user_message
from kiosk.ui.flow import FlowController
from kiosk.ui.i18n import tr
from kiosk.ui.overlays import Overlay
from kiosk.ui.screens import SCREENS, Screen
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.submissions import SubmissionsScreen
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.widgets import button, label
from kiosk.window_services import WindowServices

log = logging.getLogger(__name__)

TICK_MS = 1000
RECEIPT_MS = 20_000  # the receipt stays this long unless "Done" is pressed
ENDED_MS = 8_000  # the thank-you screen, then the attract screen
BANNER_MS = 10_000
IDLE_WARNING_S = 15  # "Need more time?" this long before the idle timeout
# Steps where a person is filling something in: the idle timeout warns first there.
_WARN_STEPS = {
    Step.LANGUAGE,
    Step.CLERK_LOGIN,
    Step.CONSENT,
    Step.DOCUMENT,
    Step.SIM,
    Step.FACE,
    Step.REVIEW,
}
_INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
}


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: Settings,
        services: WindowServices,
        *,
        camera: Camera | None = None,
        checks: Callable[[], list] | None = None,
        clock: Callable[[], float] = time.monotonic,
        new_crashes: int = 0,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.setObjectName("kiosk_window")
        self.setWindowTitle(tr(settings.kiosk.default_language, "app_title"))
        # Styled once for the usual display before the pages exist (restyling a built window
        # costs a noticeable part of the start-up); a full-screen window restyles if it differs.
        self.resize(*theme.REFERENCE)
        self.scale = theme.scale_for(*theme.REFERENCE)
        self._styled_scale = self.scale
        self.setStyleSheet(theme.style(self.scale))
        font = self.font()
        font.setFamilies(theme.FONT_FAMILIES)
        self.setFont(font)
        self.tasks = TaskRunner(self)
        self.tasks.add_error_handler(self._show_error)
        self.flow = FlowController(settings, services, self.tasks, clock=clock, parent=self)
        self._closed = False

        central = QWidget()
        central.setObjectName("central")
        # The content never sets the window's size: a kiosk's window is its display.
        own = self.layout()  # a QMainWindow always has its own layout
        if own is not None:
            own.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        frame = QVBoxLayout(central)
        frame.setContentsMargins(0, 0, 0, 0)
        frame.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.content = QWidget()  # header + pages; disabled while an overlay asks something
        frame.addWidget(self.content)
        outer = QVBoxLayout(self.content)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = QHBoxLayout()
        self.header_title = label("", "subtitle", center=False)
        self.step_label = label("", "small")
        self.back_button = button("", "cancel", "back")
        self.back_button.clicked.connect(self.flow.back)
        self.cancel_button = button("", "cancel", "cancel")
        self.cancel_button.clicked.connect(self.ask_cancel)
        # Never in the focus chain: when a step's field is disabled while it works, Qt would
        # hand the focus to the next button, here Cancel, and a scanner's Enter would press it.
        # The keys are Escape (cancel) and Alt+Left (back); see _settle_focus.
        for b in (self.back_button, self.cancel_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.header.addWidget(self.header_title, 2)
        self.header.addWidget(self.step_label, 1)
        self.header.addWidget(self.back_button)
        self.header.addWidget(self.cancel_button)
        outer.addLayout(self.header)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.banner = label("", "banner")  # over the top of the screen: never grows the window
        self.banner.setObjectName("error_banner")
        self.banner.setParent(central)
        self.banner.setVisible(False)
        self.confirm = Overlay("cancel_overlay", central)
        self.confirm_yes = self.confirm.add_button("", "danger", "cancel_confirm", default=True)
        self.confirm_no = self.confirm.add_button("", "primary", "cancel_keep", escape=True)
        self.confirm_yes.clicked.connect(self._confirm_cancel)
        self.confirm_no.clicked.connect(self._close_overlays)
        self.confirm.dismissed.connect(self._close_overlays)
        self.idle_overlay = Overlay("idle_overlay", central)
        self.idle_count = self.idle_overlay.add_label(label("", "countdown"))
        self.idle_count.setObjectName("idle_countdown")
        self.idle_more = self.idle_overlay.add_button(
            "", "primary", "idle_more", default=True, escape=True
        )
        self.idle_more.clicked.connect(self._close_overlays)
        self.idle_warning_s = IDLE_WARNING_S
        self._idle_left = 0
        self._focus_before: QWidget | None = None

        self.pages: dict[Step, Screen] = {}
        for cls in SCREENS:
            page = cls(self.flow)
            self.pages[cls.step] = page
            self.stack.addWidget(page)
        attract = self.pages[Step.IDLE]
        assert isinstance(attract, AttractScreen)  # SCREENS has the attract screen for IDLE
        self.attract = attract
        self.attract.show_crash_notice(new_crashes)
        self.attract.diagnostics_requested.connect(self.open_diagnostics)
        # The services' own scanner (a test scan runs on its lane, like a customer's scan).
        self.diagnostics = DiagnosticsScreen(
            settings, self.tasks, camera=camera, checks=checks, scanner=services.scanner
        )
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
        self.idle_timer.setInterval(int(self._idle_before_warning_s() * 1000))
        self.idle_timer.timeout.connect(self._on_idle)
        self.idle_tick = QTimer(self)  # the warning's countdown, once a second
        self.idle_tick.setInterval(1000)
        self.idle_tick.timeout.connect(self._idle_countdown)
        self.step_timer = QTimer(self)  # receipt -> finish, ended -> attract
        self.step_timer.setSingleShot(True)
        self.step_timer.timeout.connect(self._on_step_timer)
        self.banner_timer = QTimer(self)
        self.banner_timer.setSingleShot(True)
        self.banner_timer.setInterval(BANNER_MS)
        self.banner_timer.timeout.connect(lambda: self.banner.setVisible(False))

        self._shortcut(QKeySequence(Qt.Key.Key_Escape), self._escape)
        self._shortcut(QKeySequence("Alt+Left"), self._back_key)
        self._shortcut(QKeySequence("Ctrl+Shift+D"), self.open_diagnostics)
        self._shortcut(QKeySequence("Ctrl+Shift+S"), self.open_submissions)
        self.flow.changed.connect(self._render)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.tick_timer.start()
        self._apply_scale(theme.scale_for(self.width(), self.height()))
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
        self.back_button.setText(tr(lang, "back"))
        self.back_button.setVisible(self.flow.can_go_back())
        if step not in _WARN_STEPS or self.flow.busy:
            self.idle_overlay.close_overlay()
        if step in (Step.IDLE, Step.ENDED, Step.RECEIPT, Step.SUBMIT):
            self.confirm.close_overlay()
        if not (self.confirm.isVisible() or self.idle_overlay.isVisible()):
            self.content.setEnabled(True)
        page.render()
        if self._shown is not page:
            if isinstance(self._shown, Screen):
                self._shown.left()
            self._shown = page
            self.stack.setCurrentWidget(page)
            if step is Step.IDLE:
                self.banner.setVisible(False)  # an old session's trouble is not the next one's
            page.entered()
            self._restart_idle()
            if step is Step.RECEIPT:
                self.step_timer.start(RECEIPT_MS)
            elif step is Step.ENDED:
                self.step_timer.start(ENDED_MS)
            else:
                self.step_timer.stop()
        self._settle_focus(page)

    def _on_step_timer(self) -> None:
        if self.current_step is Step.RECEIPT:
            self.flow.finish()
        elif self.current_step is Step.ENDED:
            self.flow.reset()

    def _show_error(self, label_: str, exc: BaseException) -> None:
        self.banner.setText(user_message(self.flow.language, exc))
        self._place_banner()
        self.banner.setVisible(True)
        self.banner.raise_()
        self.banner_timer.start()

    def _place_banner(self) -> None:
        # Over the top of the page, below the header: the header's Cancel stays reachable.
        width = self.centralWidget().width()
        top = self.stack.geometry().top()
        height = min(self.banner.heightForWidth(width), self.stack.height())
        self.banner.setGeometry(0, top, width, max(height, 1))

    # -- fitting ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale = theme.scale_for(event.size().width(), event.size().height())
        if abs(scale - self.scale) > 0.001:
            self._apply_scale(scale)
        if self.banner.isVisible():
            self._place_banner()

    def _apply_scale(self, scale: float) -> None:
        """Type, touch targets, margins and fixed sizes for a display of this size."""
        self.scale = scale
        if scale != self._styled_scale:
            self._styled_scale = scale
            self.setStyleSheet(theme.style(scale))
        h, v = round(24 * scale), round(12 * scale)
        self.header.setContentsMargins(h, v, h, 0)
        self.header.setSpacing(round(16 * scale))
        for page in self.pages.values():
            page.apply_scale(scale)
        for overlay in (self.confirm, self.idle_overlay):
            overlay.apply_scale(scale)

    # -- cancel -------------------------------------------------------------------------------

    def ask_cancel(self) -> None:
        """Cancel asks first (in the window, over the screen): one tap must not end it."""
        if self.current_step in (Step.IDLE, Step.ENDED, Step.RECEIPT, Step.SUBMIT):
            return
        lang = self.flow.language
        self.confirm.title.setText(tr(lang, "cancel_confirm_title"))
        self.confirm.text.setText(tr(lang, "cancel_confirm_text"))
        self.confirm_yes.setText(tr(lang, "cancel_confirm_yes"))
        self.confirm_no.setText(tr(lang, "cancel_confirm_no"))
        self._remember_focus()
        self.idle_overlay.close_overlay()
        self.content.setEnabled(False)
        self.confirm.open()

    def _confirm_cancel(self) -> None:
        self._close_overlays()
        self.flow.cancel("cancelled by the user", show_end=True)

    def _close_overlays(self) -> None:
        self.idle_tick.stop()
        for overlay in (self.confirm, self.idle_overlay):
            overlay.close_overlay()
        self.content.setEnabled(True)
        self._restart_idle()
        focus, self._focus_before = self._focus_before, None
        if focus is not None and focus.isVisible() and focus.isEnabled():
            focus.setFocus()

    def _remember_focus(self) -> None:
        if not (self.confirm.isVisible() or self.idle_overlay.isVisible()):
            self._focus_before = QApplication.focusWidget()

    # -- idle ---------------------------------------------------------------------------------

    def _restart_idle(self) -> None:
        if not self._closed:
            self.idle_timer.start()

    def _idle_before_warning_s(self) -> float:
        idle = self.settings.kiosk.idle_timeout_s
        return max(idle - self._warning_s(), 1.0)

    def _warning_s(self) -> int:
        idle = self.settings.kiosk.idle_timeout_s
        return int(min(getattr(self, "idle_warning_s", IDLE_WARNING_S), idle / 3))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            if self.idle_overlay.isVisible():
                # Any touch or key means the person is still there: the question is answered.
                self._close_overlays()
                return True
            self._restart_idle()
        return False

    def _warn_idle(self) -> None:
        self._idle_left = self._warning_s()
        lang = self.flow.language
        self.idle_overlay.title.setText(tr(lang, "idle_title"))
        self.idle_more.setText(tr(lang, "idle_more"))
        self._remember_focus()
        self.confirm.close_overlay()
        self.content.setEnabled(False)
        self._show_idle_left()
        self.idle_overlay.open()
        self.idle_tick.start()
        if self._idle_left <= 0:
            self._idle_countdown()

    def _show_idle_left(self) -> None:
        lang = self.flow.language
        self.idle_count.setText(str(max(self._idle_left, 0)))
        self.idle_overlay.text.setText(tr(lang, "idle_text", n=max(self._idle_left, 0)))
        self.idle_overlay.place()

    def _idle_countdown(self) -> None:
        self._idle_left -= 1
        if self._idle_left > 0:
            self._show_idle_left()
            return
        self.idle_tick.stop()
        self.idle_overlay.close_overlay()
        self.content.setEnabled(True)
        if self.current_step is not Step.IDLE and not self.flow.busy:
            log.info(
                "session %s: idle for %.0f s, back to the attract screen",
                self.flow.session.id,
                self.settings.kiosk.idle_timeout_s,
            )
            self.flow.cancel("idle timeout")

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
        if self.current_step in _WARN_STEPS:
            self._warn_idle()
        elif self.current_step is not Step.IDLE:
            self.flow.cancel("idle timeout")

    def _escape(self) -> None:
        if self._submissions_open:
            self.close_submissions()
        elif self._diagnostics_open:
            self.close_diagnostics()
        elif self.idle_overlay.isVisible():
            self.idle_overlay.escape()
        elif self.confirm.isVisible():
            self.confirm.escape()
        elif self.current_step is Step.ENDED:
            self.flow.reset()
        elif self.current_step not in (Step.IDLE, Step.SUBMIT, Step.RECEIPT):
            self.ask_cancel()

    def _back_key(self) -> None:
        if (
            self.back_button.isVisible()
            and self.back_button.isEnabled()
            and self.content.isEnabled()
        ):
            self.back_button.click()

    def _settle_focus(self, page: QWidget) -> None:
        """After a render: when the focus is nowhere on the page (its field was disabled while
        the step worked) and the page's field or main button can take it again, it goes
        there, so typing and Enter carry on where they were meant to."""
        if (
            not isinstance(page, Screen)
            or self.confirm.isVisible()
            or self.idle_overlay.isVisible()
        ):
            return
        focus = QApplication.focusWidget()
        if (
            focus is not None
            and focus.isEnabled()
            and focus.isVisible()
            and (page.isAncestorOf(focus) or self.banner.isAncestorOf(focus))
        ):
            return
        target = page.focus_target()
        if target is not None and target.isEnabled() and target.isVisibleTo(page):
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event) -> None:
        # Enter presses the page's main button when focus is not in a text field (a focused
        # button takes Enter itself: see widgets.button).
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
        if (
            self.current_step is not Step.IDLE
            or self.flow.busy
            or self._diagnostics_open
            or self.flow.clerk_id is None
        ):
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
        for t in (
            self.tick_timer,
            self.idle_timer,
            self.step_timer,
            self.banner_timer,
            self.idle_tick,
        ):
            t.stop()
        self.diagnostics.leave()
        self.flow.close()
        self.tasks.shutdown(wait=True)
        self.flow.wipe_detached()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
