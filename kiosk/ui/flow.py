"""The bridge between the enrollment session (plain Python) and the screens.

The session decides; :class:`FlowController` only forwards the screens' intents to it, runs the
events that block (start with its freeze check, clerk login, document scan, SIM + challenge draw,
face, submit) through :class:`~kiosk.ui.tasks.TaskRunner` lanes, and re-emits the session's
``on_change`` on the GUI thread as :attr:`FlowController.changed`.

While a blocking event runs, the worker owns the session: a cancel (button, idle timeout) then
detaches it — the screens go back to the attract screen at once with a fresh session, and the old
one is cancelled (and so wiped) on the GUI thread as soon as its step returns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from kiosk.session import (
    DocumentCheck,
    EnrollmentServices,
    EnrollmentSession,
    LivenessCheck,
    MatchCheck,
    SessionData,
    Step,
    SubmitResult,
)
from kiosk.settings import Settings
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

# Which lane each blocking event runs on: one thread per device, so a device is used in order.
LANES = {"start": "default", "clerk_login": "default", "set_sim": "default",
         "scan_document": "scanner", "run_face": "camera", "submit": "network"}


class _ObservedServices:
    """Forwards to the real services and remembers the last document's problem codes (codes
    only: the session wipes a refused document, problems included, before the screen renders)."""

    def __init__(self, services: EnrollmentServices) -> None:
        self.inner = services
        self.last_problem_codes: list[str] = []

    def freeze_reasons(self) -> list[str]:
        return self.inner.freeze_reasons()

    def authenticate_clerk(self, clerk_id: str, pin: str) -> bool:
        return self.inner.authenticate_clerk(clerk_id, pin)

    def read_document(self) -> DocumentCheck:
        self.last_problem_codes = []
        check = self.inner.read_document()
        self.last_problem_codes = [code for code, _ in check.problems]
        return check

    def draw_challenges(self) -> list[str]:
        return self.inner.draw_challenges()

    def run_liveness(self, challenges: list[str],
                     on_prompt: Callable[[str | None], None]) -> LivenessCheck:
        return self.inner.run_liveness(challenges, on_prompt)

    def match_face(self, document: DocumentCheck, live: LivenessCheck) -> MatchCheck:
        return self.inner.match_face(document, live)

    def submit(self, data: SessionData) -> SubmitResult:
        return self.inner.submit(data)


def frame_to_qimage(frame: np.ndarray) -> QImage:
    """A deep copy of a BGR frame as a QImage (safe to hand to another thread)."""
    h, w = frame.shape[:2]
    frame = np.ascontiguousarray(frame)
    return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888).copy()


class FlowController(QObject):
    changed = Signal()  # the current session changed (step, prompt, busy, notice)
    preview = Signal(object, object)  # QImage, {"face_box", "prompt", "message"}
    _session_changed = Signal(object)  # from EnrollmentSession.on_change, any thread
    _frame = Signal(object, object)

    def __init__(self, settings: Settings, services: EnrollmentServices, tasks: TaskRunner, *,
                 clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.services = services
        self._observed = _ObservedServices(services)
        self.tasks = tasks
        self._clock = clock
        self._busy_session: EnrollmentSession | None = None
        self._detached: list[EnrollmentSession] = []
        self._frame_pending = False
        self.notice = ""  # i18n key of a message for the current screen ("login_refused" ...)
        self.document_problems: list[str] = []  # codes of the last unreadable scan
        self.face_failure = ""  # "liveness" or "no_match" after a failed face attempt
        self._session_changed.connect(self._on_session_changed)
        self._frame.connect(self._on_frame)
        self.session = self._new_session()

    # -- state the screens read -----------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy_session is not None and self._busy_session is self.session

    @property
    def language(self) -> str:
        return self.session.data.language or self.settings.kiosk.default_language

    def step_number(self) -> tuple[int, int]:
        """(n, total) of the customer-visible steps, for the progress line."""
        steps = [Step.LANGUAGE, Step.CONSENT, Step.DOCUMENT, Step.SIM, Step.FACE, Step.SUBMIT,
                 Step.RECEIPT]
        if self.settings.kiosk.mode == "assisted":
            steps.insert(1, Step.CLERK_LOGIN)
        step = Step.FACE if self.session.step is Step.REVIEW else self.session.step
        return (steps.index(step) + 1 if step in steps else 0), len(steps)

    # -- session lifecycle ----------------------------------------------------------------------

    def _new_session(self) -> EnrollmentSession:
        self.notice, self.document_problems, self.face_failure = "", [], ""
        return EnrollmentSession(self.settings, self._observed, clock=self._clock,
                                 on_change=self._session_changed.emit)

    def reset(self) -> None:
        """Back to the attract screen with a fresh session (the old one must be ended)."""
        if not self.session.ended and not self.busy:
            self.session.cancel("reset")
        if self.busy:
            self._detach()
        self.session = self._new_session()
        self.changed.emit()

    def _detach(self) -> None:
        log.info("session %s: cancelled while its step runs; wiped when it returns",
                 self.session.id)
        self._detached.append(self.session)

    @Slot(object)
    def _on_session_changed(self, session: EnrollmentSession) -> None:
        if session is not self.session:
            return  # a detached session finishing in the background
        self._changed()

    # -- running blocking events ----------------------------------------------------------------

    def _at(self, step: Step) -> bool:
        """Intents only act in their own step and never while a step runs: a double tap or a
        late key press must not reach the session as an event it does not accept."""
        return self.session.step is step and not self.busy

    def _changed(self) -> None:
        self.changed.emit()
        if self._at(Step.SUBMIT):
            # Nothing to ask the person: the record goes as soon as it is ready (after the
            # event that led here has returned).
            QTimer.singleShot(0, self.submit)

    def _run(self, event: str, work: Callable[[EnrollmentSession], Any],
             after: Callable[[EnrollmentSession, Any], None] | None = None) -> bool:
        if self.busy or self.session.ended:
            return False
        session = self.session
        self._busy_session = session
        self.notice = ""
        self.changed.emit()

        def finished(session_result: Any, failure: BaseException | None) -> None:
            if self._busy_session is session:
                self._busy_session = None
            if session in self._detached:
                self._detached.remove(session)
                session.cancel("cancelled while busy")
                return
            if failure is not None:
                # The session turns engine errors into an ended session itself; what reaches
                # here is a UI or programming error: report it (the window shows a plain
                # message), end the session cleanly (wiped).
                self.tasks.report(event, failure)
                session.cancel(f"{event} failed in the UI")
            elif after is not None:
                after(session, session_result)
            self._changed()

        self.tasks.run(lambda: work(session), lane=LANES[event], label=event,
                       on_success=lambda r: finished(r, None),
                       on_failure=lambda e: finished(None, e))
        return True

    # -- intents (called by the screens) --------------------------------------------------------

    def start(self) -> bool:
        if not self._at(Step.IDLE):
            return False
        return self._run("start", lambda s: s.start())

    def choose_language(self, code: str) -> None:
        if self._at(Step.LANGUAGE):
            self.session.choose_language(code)

    def clerk_login(self, clerk_id: str, pin: str) -> bool:
        def after(_s: EnrollmentSession, ok: bool) -> None:
            self.notice = "" if ok else "login_refused"

        if not self._at(Step.CLERK_LOGIN):
            return False
        return self._run("clerk_login", lambda s: s.clerk_login(clerk_id, pin), after)

    def give_consent(self) -> None:
        if self._at(Step.CONSENT):
            self.session.give_consent()

    def decline_consent(self) -> None:
        if self._at(Step.CONSENT):
            self.session.decline_consent()

    def can_go_back(self) -> bool:
        return self.session.step in self.session.BACK and not self.busy

    def back(self) -> None:
        if self.can_go_back():
            self.notice, self.document_problems, self.face_failure = "", [], ""
            self.session.back()

    def scan_document(self) -> bool:
        def after(s: EnrollmentSession, _check: DocumentCheck | None) -> None:
            still_here = s.step is Step.DOCUMENT
            self.document_problems = list(self._observed.last_problem_codes) if still_here else []

        if not self._at(Step.DOCUMENT):
            return False
        return self._run("scan_document", lambda s: s.scan_document(), after)

    def set_sim(self, iccid: str, msisdn: str | None) -> bool:
        def after(s: EnrollmentSession, ok: bool) -> None:
            if not ok and not s.ended:
                self.notice = "sim_iccid_bad"

        if not self._at(Step.SIM):
            return False
        return self._run("set_sim", lambda s: s.set_sim(iccid, msisdn or None), after)

    def run_face(self) -> bool:
        set_preview = getattr(self.services, "set_preview", None)

        def work(s: EnrollmentSession) -> Any:
            if set_preview is not None:
                set_preview(self._preview_from_worker)
            try:
                return s.run_face()
            finally:
                if set_preview is not None:
                    set_preview(None)

        def after(s: EnrollmentSession, match: MatchCheck | None) -> None:
            self.face_failure = ""
            if s.step is Step.FACE:
                failed_match = match is not None and match.decision == "no_match"
                self.face_failure = "no_match" if failed_match else "liveness"

        if not self._at(Step.FACE):
            return False
        self.face_failure = ""
        return self._run("run_face", work, after)

    def correct_field(self, name: str, value: str, reason: str) -> None:
        """A clerk's manual correction of a misread field (the session records the override)."""
        if self._at(Step.REVIEW):
            self.session.correct_field(name, value, reason)

    def review(self, approve: bool, reason: str) -> None:
        if self._at(Step.REVIEW):
            self.session.review(approve, reason)

    def submit(self) -> bool:
        if not self._at(Step.SUBMIT):
            return False
        return self._run("submit", lambda s: s.submit())

    def finish(self) -> None:
        if self._at(Step.RECEIPT):
            self.session.finish()

    def cancel(self, reason: str = "cancelled", *, show_end: bool = False) -> None:
        """Cancel the customer's session (from any step) and go back to the attract screen;
        with ``show_end`` (the person asked) the ending screen shows first, with its reminder
        to take the ID card, unless a step still runs (then straight back)."""
        session = self.session
        if show_end and not self.busy and not session.ended:
            session.cancel(reason)
            return
        if self.busy:
            self._detach()
        elif not session.ended:
            session.cancel(reason)
        self.session = self._new_session()
        self.changed.emit()

    def tick(self) -> None:
        """Step timeouts. Not while a step runs: its own device/network timeouts bound it."""
        if not self.busy:
            self.session.tick()

    def close(self) -> None:
        """End the session (wiped); the caller shuts the task runner down afterwards."""
        if self.busy:
            self._detach()
        elif not self.session.ended:
            self.session.cancel("kiosk closing")

    def wipe_detached(self) -> None:
        """After the task runner stopped: cancel sessions whose steps were still running."""
        for session in self._detached:
            session.cancel("kiosk closing")
        self._detached.clear()

    # -- camera preview -------------------------------------------------------------------------

    def _preview_from_worker(self, frame: np.ndarray, info: dict[str, Any]) -> None:
        # Drop frames while the GUI has not drawn the previous one: the preview must never
        # queue up behind the analysis (or hold more personal images in memory than one).
        if self._frame_pending:
            return
        self._frame_pending = True
        self._frame.emit(frame_to_qimage(frame), dict(info))

    @Slot(object, object)
    def _on_frame(self, image: QImage, info: dict[str, Any]) -> None:
        self._frame_pending = False
        if self.session.step is Step.FACE and self.busy:
            self.preview.emit(image, info)
