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
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from kiosk.biometrics.decision import MatchDecision
from kiosk.session import (
    DocumentCheck,
    EnrollmentSession,
    FaceFailure,
    FaceStage,
    MatchCheck,
    Step,
)
from kiosk.settings import KioskMode, Settings
from kiosk.ui.face_reasons import face_failure
from kiosk.ui.tasks import Lane, TaskRunner
from kiosk.updates import UpdateGate
from kiosk.window_services import WindowServices

log = logging.getLogger(__name__)

# Which lane each blocking event runs on: one thread per device, so a device is used in order.
LANES = {
    "start": Lane.DEFAULT,
    "clerk_login": Lane.DEFAULT,
    "set_sim": Lane.DEFAULT,
    "scan_document": Lane.SCANNER,
    "run_face": Lane.CAMERA,
    "submit": Lane.NETWORK,
}


def frame_to_qimage(frame: np.ndarray) -> QImage:
    """A deep copy of a BGR frame as a QImage (safe to hand to another thread)."""
    h, w = frame.shape[:2]
    frame = np.ascontiguousarray(frame)
    return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888).copy()


def preview_qimage(frame: np.ndarray) -> QImage:
    """A mirrored copy of a BGR frame as a 32-bit QImage, made on the worker: the GUI then only
    scales it (Qt draws 32-bit images about three times faster than 24-bit BGR ones)."""
    import cv2

    h, w = frame.shape[:2]
    # mirrored, like a mirror: "turn left" goes left on screen
    bgra = cv2.cvtColor(cv2.flip(frame, 1), cv2.COLOR_BGR2BGRA)
    return QImage(bgra.data, w, h, 4 * w, QImage.Format.Format_RGB32).copy()


class FlowController(QObject):
    changed = Signal()  # the current session changed (step, prompt, busy, notice)
    # QImage, {"face_box", "prompt", "message", "stage": FaceStage.PRECHECK | CHECK}
    preview = Signal(object, object)
    _session_changed = Signal(object)  # from EnrollmentSession.on_change, any thread
    _frame = Signal(object, object)

    def __init__(
        self,
        settings: Settings,
        services: WindowServices,
        tasks: TaskRunner,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.services = services
        self.tasks = tasks
        self._clock = clock
        self._busy_session: EnrollmentSession | None = None
        self._detached: list[EnrollmentSession] = []
        self._frame_pending = False
        self.notice = ""  # i18n key of a message for the current screen ("login_refused" ...)
        self.document_problems: list[str] = []  # codes of the last unreadable scan
        self.face_failure: FaceFailure | str = ""  # after a failed face attempt
        # why it failed: a code of kiosk.ui.face_reasons and the challenge concerned
        self.face_failure_code, self.face_failure_kind = "", ""
        self.face_stage: FaceStage | str = ""  # MATCHING: the live face against the document
        self._watch_stop: threading.Event | None = None
        self._session_changed.connect(self._on_session_changed)
        self._frame.connect(self._on_frame)
        # The clerk of the shift (assisted mode): logged in once, reused by every session until
        # an explicit log-out or kiosk.clerk_lock_min without a session. Clerk-facing screens
        # speak the clerk's language, not the customer's.
        self.clerk_id: str | None = None
        self.clerk_language = settings.kiosk.default_language
        self._clerk_seen = clock()
        self._barcode_stop: threading.Event | None = None  # the SIM barcode watch, when running
        self.changed.connect(self._sync_watch)  # first: before the screens render
        self.session = self._new_session()
        self._updates = UpdateGate(settings.home)  # package updates only between customers

    # -- state the screens read -----------------------------------------------------------------
    # The screens ask these instead of reaching into the session's data (personal: it is wiped
    # when the session ends, and only the session writes it).

    def document(self) -> DocumentCheck | None:
        """The current session's read document."""
        return self.session.data.document

    def live_frame(self) -> np.ndarray | None:
        """The first frame of the face track that passed, for the clerk's comparison."""
        live = self.session.data.liveness
        return live.frames[0] if live is not None and live.frames else None

    def match_check(self) -> MatchCheck | None:
        return self.session.data.match

    def review_codes(self) -> list[str]:
        """Why a clerk must decide: the session's review codes, then the document's problems."""
        data = self.session.data
        codes = list(dict.fromkeys(data.needs_review))
        if data.document is not None:
            codes += [c for c, _ in data.document.problems if c not in codes]
        return codes

    def challenges(self) -> list[str]:
        """The current face attempt's challenges, in order."""
        return list(self.session.data.challenges)

    def sim_numbers(self) -> tuple[str | None, str]:
        """The current session's phone number (None: not given) and ICCID."""
        return self.session.data.msisdn, self.session.data.iccid

    @property
    def busy(self) -> bool:
        return self._busy_session is not None and self._busy_session is self.session

    def now(self) -> float:
        """The session clock (the face step's countdown is measured on it)."""
        return self._clock()

    @property
    def language(self) -> str:
        return self.session.data.language or self.settings.kiosk.default_language

    def step_number(self) -> tuple[int, int]:
        """(n, total) of the customer-visible steps, for the progress line."""
        steps = [
            Step.LANGUAGE,
            Step.CONSENT,
            Step.DOCUMENT,
            Step.SIM,
            Step.FACE,
            Step.SUBMIT,
            Step.RECEIPT,
        ]
        if self.settings.kiosk.mode == KioskMode.ASSISTED:
            steps.insert(1, Step.CLERK_LOGIN)
        step = Step.FACE if self.session.step is Step.REVIEW else self.session.step
        return (steps.index(step) + 1 if step in steps else 0), len(steps)

    # -- session lifecycle ----------------------------------------------------------------------

    def _new_session(self) -> EnrollmentSession:
        self.notice, self.document_problems, self.face_failure = "", [], ""
        self.face_failure_code, self.face_failure_kind, self.face_stage = "", "", ""
        session = EnrollmentSession(
            self.settings, self.services, clock=self._clock, on_change=self._session_changed.emit
        )
        if self.settings.kiosk.mode == KioskMode.ASSISTED:
            session.data.clerk_id = self.clerk_id  # the shift's clerk: no login per customer
        return session

    # -- the clerk's shift ----------------------------------------------------------------------

    def set_clerk_language(self, code: str) -> None:
        if code in self.settings.kiosk.languages:
            self.clerk_language = code
            self.changed.emit()

    def clerk_logout(self, reason: str = "logged out") -> None:
        """End the clerk's shift login (the next assisted session asks for it again)."""
        if self.clerk_id is None:
            return
        log.info("clerk shift login ended: %s", reason)
        self.clerk_id = None
        if self.session.step is Step.IDLE and not self.busy:
            self.session.data.clerk_id = None
        self.changed.emit()

    def _clerk_lock_due(self) -> bool:
        idle_s = self._clock() - self._clerk_seen
        return self.clerk_id is not None and idle_s > self.settings.kiosk.clerk_lock_min * 60

    def reset(self) -> None:
        """Back to the attract screen with a fresh session (the old one must be ended)."""
        if not self.session.ended and not self.busy:
            self.session.cancel("reset")
        if self.busy:
            self._detach()
        self.session = self._new_session()
        self.changed.emit()

    def _detach(self) -> None:
        log.info(
            "session %s: cancelled while its step runs; wiped when it returns", self.session.id
        )
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
        self._clerk_seen = self._clock()
        if self.busy and self.session.step is Step.FACE and self.session.matching:
            self.face_stage = FaceStage.MATCHING  # "Comparing with your document photo…"
        self.changed.emit()
        if self._at(Step.SUBMIT):
            # Nothing to ask the person: the record goes as soon as it is ready (after the
            # event that led here has returned).
            QTimer.singleShot(0, self.submit)

    def _run(
        self,
        event: str,
        work: Callable[[EnrollmentSession], Any],
        after: Callable[[EnrollmentSession, Any], None] | None = None,
    ) -> bool:
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

        self.tasks.run(
            lambda: work(session),
            lane=LANES[event],
            label=event,
            on_success=lambda r: finished(r, None),
            on_failure=lambda e: finished(None, e),
        )
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
        def after(s: EnrollmentSession, ok: bool) -> None:
            self.notice = "" if ok else "login_refused"
            if ok:
                self.clerk_id = s.data.clerk_id

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
            self.document_problems = list(s.last_document_problems) if still_here else []

        if not self._at(Step.DOCUMENT):
            return False
        return self._run("scan_document", lambda s: s.scan_document(), after)

    def watch_sim_barcode(self, on_found: Callable[[str], None]) -> bool:
        """Self-service SIM step: look for the pack's barcode with the camera (on the camera
        lane) until it is read, the step is left, or the step's timeout; ``on_found(iccid)`` runs
        on the GUI thread while the session is still at the SIM step."""
        read = self.services.read_sim_barcode
        if not self._at(Step.SIM) or self._barcode_stop is not None:
            return False
        stop = threading.Event()
        self._barcode_stop = stop
        session = self.session

        def done(iccid: str | None) -> None:
            if self._barcode_stop is stop:
                self._barcode_stop = None
            if iccid and not stop.is_set() and session is self.session and self._at(Step.SIM):
                on_found(iccid)

        def failed(exc: BaseException) -> None:
            if self._barcode_stop is stop:
                self._barcode_stop = None
            log.warning("SIM barcode from the camera failed: %s", type(exc).__name__)

        self.tasks.run(
            lambda: read(stop, self.session.step_timeout_s(Step.SIM)),
            lane=Lane.CAMERA,
            label="sim_barcode",
            on_success=done,
            on_failure=failed,
        )
        return True

    def stop_sim_barcode(self) -> None:
        if self._barcode_stop is not None:
            self._barcode_stop.set()
            self._barcode_stop = None

    def set_sim(self, iccid: str, msisdn: str | None) -> bool:
        self.stop_sim_barcode()  # the camera is the face step's next

        def after(s: EnrollmentSession, ok: bool) -> None:
            if not ok and not s.ended:
                self.notice = "sim_iccid_bad"

        if not self._at(Step.SIM):
            return False
        return self._run("set_sim", lambda s: s.set_sim(iccid, msisdn or None), after)

    def run_face(self) -> bool:
        def work(s: EnrollmentSession) -> Any:
            self.services.set_preview(self._preview_from_worker)
            try:
                return s.run_face()
            finally:
                self.services.set_preview(None)

        def after(s: EnrollmentSession, match: MatchCheck | None) -> None:
            self.face_failure, self.face_stage = "", ""
            self.face_failure_code = self.face_failure_kind = ""
            if s.step is Step.FACE:
                failed_match = match is not None and match.decision == MatchDecision.NO_MATCH
                self.face_failure = FaceFailure.NO_MATCH if failed_match else FaceFailure.LIVENESS
                self.face_failure_code, self.face_failure_kind = face_failure(
                    s.data.liveness, match
                )

        if not self._at(Step.FACE):
            return False
        self.face_failure = self.face_stage = ""
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
        if self.session.step is Step.IDLE and not self.busy:  # between customers
            self._updates.offer(idle=True)
        if (
            self._clerk_lock_due()
            and self.session.step in (Step.IDLE, Step.ENDED)
            and not self.busy
        ):
            self.clerk_logout("locked after inactivity")

    def close(self) -> None:
        """End the session (wiped); the caller shuts the task runner down afterwards."""
        self.stop_sim_barcode()
        self._stop_watch()
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
        self._frame.emit(preview_qimage(frame), dict(info, mirrored=True))

    @Slot(object, object)
    def _on_frame(self, image: QImage, info: dict[str, Any]) -> None:
        self._frame_pending = False
        if self.session.step is Step.FACE:
            self.preview.emit(image, info)

    # The pre-check: the live picture from the moment the face step opens and between attempts,
    # so people position themselves before the check. It runs on the camera lane, like the
    # check: starting the check stops it first, and the lane runs the check after it.

    @property
    def watching(self) -> bool:
        return self._watch_stop is not None

    @Slot()
    def _sync_watch(self) -> None:
        want = self.session.step is Step.FACE and not self.busy and not self.session.ended
        if want and self._watch_stop is None:
            self._start_watch()
        elif not want:
            self._stop_watch()

    def _start_watch(self) -> None:
        watch = self.services.watch_camera
        stop = threading.Event()
        self._watch_stop = stop

        def ended(failure: BaseException | None) -> None:
            if failure is not None:
                log.warning(
                    "face pre-check preview stopped: %s",
                    type(failure).__name__,
                    exc_info=(type(failure), failure, failure.__traceback__),
                )
            if self._watch_stop is stop:  # ended by itself (stream end, device error)
                self._watch_stop = None

        self.tasks.run(
            lambda: watch(self._preview_from_worker, stop),
            lane=Lane.CAMERA,
            label="face preview",
            on_success=lambda _n: ended(None),
            on_failure=ended,
        )

    def _stop_watch(self) -> None:
        if self._watch_stop is not None:
            self._watch_stop.set()
            self._watch_stop = None
