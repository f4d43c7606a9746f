"""The enrollment state machine (no Qt): one customer's way from the attract screen to a receipt.

    idle -> language -> [clerk_login, assisted mode] -> consent -> document -> sim -> face
         -> [review, when a clerk must decide] -> submit -> receipt -> ended (wiped)

The session only decides; the work (reading a scan, running liveness, matching, signing and
sending) is done by an :class:`EnrollmentServices` object, so the same machine runs headless (the
``demo --headless`` driver, tests) and under the Qt screens, with real or simulated devices.

Every exit — success, refusal, cancel, timeout, a step that raised — goes through :meth:`_end`,
which wipes every image, embedding and personal field. Transitions are logged with the session's
short id and the step names only; never a personal value.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from kiosk.biometrics.decision import MatchDecision
from kiosk.biometrics.liveness_challenges import check_time_limit_s
from kiosk.documents.iin import iin_disagreement
from kiosk.documents.rules import DocumentVerdict
from kiosk.errors import SessionError  # re-exported: the session raises it
from kiosk.logs import open_mask_scope
from kiosk.records.record import ReviewDecision
from kiosk.settings import KioskMode, Settings

if TYPE_CHECKING:  # the record's shapes, for the type checker only
    pass
from kiosk.session_data import (  # the session's vocabulary: importable from here too
    DocumentCheck,
    EnrollmentServices,
    FaceFailure,
    FaceStage,
    LivenessCheck,
    MatchCheck,
    SessionData,
    SessionOutcome,
    Step,
    SubmitResult,
)
from simcontract.checkdigits import iccid_problem

__all__ = [
    "DocumentCheck",
    "EnrollmentServices",
    "EnrollmentSession",
    "FaceFailure",
    "FaceStage",
    "LivenessCheck",
    "MatchCheck",
    "SessionData",
    "SessionError",
    "SessionOutcome",
    "Step",
    "SubmitResult",
    "Transition",
]

log = logging.getLogger(__name__)


# -- the machine -----------------------------------------------------------------------------------


@dataclass
class Transition:
    step: Step
    at: float  # monotonic seconds since the session started


class EnrollmentSession:
    def __init__(
        self,
        settings: Settings,
        services: EnrollmentServices,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[EnrollmentSession], None] | None = None,
    ) -> None:
        self.settings = settings
        self.services = services
        self.id = secrets.token_hex(4)  # short, random: correlates log lines of one session
        self.step = Step.IDLE
        self.outcome: SessionOutcome | None = None
        self.reason = ""  # plain reason of the outcome; never personal data
        # Codes behind the outcome, for the customer's ending screen ("expired",
        # "consent_declined" ...): problem codes only, never personal data.
        self.reason_codes: list[str] = []
        # The class of the error a failed step raised (never its message: it may be personal);
        # the screens tell the person what it means (kiosk.ui.error_messages).
        self.failure: type[BaseException] | None = None
        # Problem codes of the last scan, kept after a refused document is wiped (codes only):
        # the document screen says why a scan could not be read.
        self.last_document_problems: list[str] = []
        self.matching = False  # the live face is being compared with the document's portrait
        self.data = SessionData()
        # this session's personal values, masked in the logs until its wipe (its own scope: a
        # cancelled session finishing beside a new one must not unmask the new one's)
        self._masks = open_mask_scope(self.id)
        self.face_attempts = 0
        self.document_attempts = 0
        self.result: SubmitResult | None = None
        self.prompt: str | None = None  # the current liveness challenge, for the screen
        self.prompt_at = 0.0  # when it was shown (session clock): the screen's countdown
        self.challenges_passed: list[str] = []  # this attempt's passed challenges (✓ marks)
        self._clock = clock
        self._t0 = clock()
        self._entered = self._t0
        self.history: list[Transition] = [Transition(Step.IDLE, 0.0)]
        self._on_change = on_change

    # -- bookkeeping --------------------------------------------------------------------------

    @property
    def mode(self) -> KioskMode:
        return self.settings.kiosk.mode

    @property
    def ended(self) -> bool:
        return self.step is Step.ENDED

    def _go(self, step: Step) -> None:
        log.info("session %s: %s -> %s", self.id, self.step, step)
        self.step = step
        self._entered = self._clock()
        self.history.append(Transition(step, round(self._entered - self._t0, 3)))
        if self._on_change is not None:
            self._on_change(self)

    def _expect(self, *steps: Step) -> None:
        if self.step not in steps:
            raise SessionError(
                f"not accepted in step {self.step} (expects {', '.join(s.value for s in steps)})"
            )

    def _end(
        self, outcome: SessionOutcome, reason: str = "", codes: list[str] | None = None
    ) -> None:
        """Every exit comes here: record the outcome, then wipe everything personal."""
        if self.ended:
            return
        self.outcome, self.reason = outcome, reason
        self.reason_codes = list(codes or [])
        log.info("session %s: outcome %s%s", self.id, outcome, f" ({reason})" if reason else "")
        self.prompt = None
        self.data.wipe()
        self._masks.forget()
        self._go(Step.ENDED)

    def _guard(self, work: Callable[[], Any]) -> Any:
        """Run a step's work; a step that raises ends the session (wiped), never half-done."""
        try:
            return work()
        except SessionError:
            raise
        except Exception as exc:
            log.exception("session %s: step %s failed", self.id, self.step)
            self.failure = type(exc)
            self._end(SessionOutcome.FAILED, f"{self.step} failed: {type(exc).__name__}")
            return None

    def step_timeout_s(self, step: Step | None = None) -> float:
        """How long a step may wait for the person (or a device) before the session ends."""
        step = step or self.step
        bio = self.settings.biometrics
        idle = self.settings.kiosk.idle_timeout_s
        if step is Step.FACE:  # the longest check, after the idle time to get into position
            return idle + check_time_limit_s(bio, bio.challenges_max)
        if step in (Step.SUBMIT, Step.RECEIPT):
            return max(idle, 30.0)
        return idle

    def tick(self) -> None:
        """Called periodically: ends the session if the current step waited too long."""
        if self.step in (Step.IDLE, Step.ENDED):
            return
        if self._clock() - self._entered > self.step_timeout_s():
            self._end(SessionOutcome.TIMED_OUT, f"no activity in step {self.step}")

    def seconds(self) -> float:
        return round(self._clock() - self._t0, 3)

    # -- events -------------------------------------------------------------------------------

    def start(self) -> None:
        self._expect(Step.IDLE)
        reasons = self._guard(self.services.freeze_reasons)
        if self.ended:
            return
        if reasons:
            self._end(SessionOutcome.FROZEN, "; ".join(reasons))
            return
        self._go(Step.LANGUAGE)

    def choose_language(self, code: str) -> None:
        self._expect(Step.LANGUAGE)
        if code not in self.settings.kiosk.languages:
            raise SessionError(f"language {code!r} is not offered")
        self.data.language = code
        needs_login = self.mode == KioskMode.ASSISTED and self.data.clerk_id is None
        self._go(Step.CLERK_LOGIN if needs_login else Step.CONSENT)

    def clerk_login(self, clerk_id: str, pin: str) -> bool:
        self._expect(Step.CLERK_LOGIN)
        ok = self._guard(lambda: self.services.authenticate_clerk(clerk_id, pin))
        if self.ended:
            return False
        if not ok:
            log.info("session %s: clerk login refused", self.id)
            return False
        self.data.clerk_id = clerk_id
        self._go(Step.CONSENT)
        return True

    def give_consent(self) -> None:
        self._expect(Step.CONSENT)
        self._go(Step.DOCUMENT)

    def decline_consent(self) -> None:
        """ "I do not agree": the session ends politely (nothing was read yet)."""
        self._expect(Step.CONSENT)
        self._end(SessionOutcome.CANCELLED, "consent declined", ["consent_declined"])

    # Where Back goes from each step that has one. From the SIM step the document read is
    # dropped (wiped): going back means scanning it again.
    BACK: ClassVar[dict[Step, Step]] = {
        Step.CONSENT: Step.LANGUAGE,
        Step.DOCUMENT: Step.CONSENT,
        Step.SIM: Step.DOCUMENT,
    }

    def back(self) -> None:
        self._expect(*self.BACK)
        if self.step is Step.SIM:
            self.data.wipe()  # keeps the language and the clerk
        self._go(self.BACK[self.step])

    def scan_document(self) -> DocumentCheck | None:
        """Scan and read the document; retry-able failures stay in this step (bounded)."""
        self._expect(Step.DOCUMENT)
        self.last_document_problems = []
        check: DocumentCheck | None = self._guard(self.services.read_document)
        if check is None:
            return None
        self.document_attempts += 1
        codes = [c for c, _ in check.problems]
        self.last_document_problems = list(codes)
        if check.verdict == DocumentVerdict.REFUSE:
            check.wipe()  # a refused document is never kept, whatever happens next
            if check.retryable and self.document_attempts < self.settings.documents.scan_attempts:
                log.info("session %s: document unreadable (%s), rescan", self.id, ",".join(codes))
                return check
            self._end(SessionOutcome.DOCUMENT_REFUSED, ",".join(codes) or "document refused", codes)
            return check
        self.data.document = check
        self._masks.remember_fields(check.fields)
        if check.verdict == DocumentVerdict.REVIEW:
            self.data.needs_review.extend(codes)
        if self.iin_problem():
            # Policy (README, "Foreign documents"): every subscriber has a Kazakh IIN; a
            # document that does not carry one (a foreign passport) needs a clerk to enter it.
            self.data.needs_review.append("iin_required")
        if self.data.needs_review and self.mode != KioskMode.ASSISTED:
            # Nobody here can decide: say so now, not after the face step.
            self._end(SessionOutcome.REFERRED, "needs a clerk: " + ",".join(self.data.needs_review))
            return check
        self._go(Step.SIM)
        return check

    def iin_problem(self) -> str:
        """Why the document's IIN cannot go into the record (a code), or "" when it can."""
        doc = self.data.document
        if doc is None:
            return "iin_format"
        f = doc.fields
        return iin_disagreement(str(f.get("iin") or ""), f.get("birth_date"), f.get("sex"))

    def correct_field(self, name: str, value: str, reason: str) -> None:
        """A clerk corrects an unreadable field by hand; recorded as a manual override."""
        self._expect(Step.SIM, Step.REVIEW)
        if self.mode != KioskMode.ASSISTED or not self.data.clerk_id or self.data.document is None:
            raise SessionError("manual corrections need a logged-in clerk")
        if name not in self.data.document.fields:
            raise SessionError(f"unknown document field {name!r}")
        if name == "iin":
            f = self.data.document.fields
            problem = iin_disagreement(value, f.get("birth_date"), f.get("sex"))
            if problem:
                raise SessionError(f"the IIN entered cannot be this holder's ({problem})")
        self._masks.remember_fields({name: value})
        self.data.document.fields[name] = value
        self.data.overrides.append(
            {"field": name, "clerk_id": self.data.clerk_id, "reason": reason[:500]}
        )

    def set_sim(self, iccid: str, msisdn: str | None = None) -> bool:
        self._expect(Step.SIM)
        iccid = iccid.strip().replace(" ", "")
        if iccid_problem(iccid):
            return False
        if msisdn is not None and not (msisdn.isdigit() and 10 <= len(msisdn) <= 15):
            return False
        self.data.iccid, self.data.msisdn = iccid, msisdn
        self.data.challenges = self._guard(self.services.draw_challenges) or []
        if self.ended:
            return False
        self._go(Step.FACE)
        return True

    def run_face(self) -> MatchCheck | None:
        """One face attempt: liveness on the live track, then the match on that track's frames.
        Failed attempts stay in this step until the configured number is used up."""
        self._expect(Step.FACE)
        document = self.data.document
        if document is None:  # the steps set it before FACE; never match against nothing
            self._end(SessionOutcome.FAILED, f"{self.step} failed: no document to match against")
            return None
        self.face_attempts += 1

        self.challenges_passed = []

        def on_prompt(kind: str | None, passed: list[str] | None = None) -> None:
            if kind != self.prompt:
                self.prompt_at = self._clock()
            self.prompt = kind
            if passed is not None:
                self.challenges_passed = list(passed)
            if self._on_change is not None:
                self._on_change(self)

        live = self._guard(
            lambda: self.services.run_liveness(list(self.data.challenges), on_prompt)
        )
        self.prompt = None
        if live is None:
            return None
        if self.data.liveness is not None:
            self.data.liveness.wipe()
        self.data.liveness = live
        if not live.passed:
            self._face_attempt_failed(
                SessionOutcome.LIVENESS_FAILED, live.reason or "liveness failed"
            )
            return None
        self.challenges_passed = list(self.data.challenges)
        self.matching = True
        if self._on_change is not None:  # the screen says that the comparison runs
            self._on_change(self)
        try:
            match = self._guard(lambda: self.services.match_face(document, live))
        finally:
            self.matching = False
        if match is None:
            return None
        self.data.match = match
        if match.decision == MatchDecision.NO_MATCH:
            self._face_attempt_failed(
                SessionOutcome.NO_MATCH, match.reason or "face does not match"
            )
            return match
        if match.decision == MatchDecision.REVIEW:
            self.data.needs_review.append("face_match_review")
        self._after_face()
        return match

    def _face_attempt_failed(self, outcome: SessionOutcome, reason: str) -> None:
        log.info("session %s: face attempt %d failed: %s", self.id, self.face_attempts, outcome)
        if self.face_attempts < self.settings.biometrics.face_attempts:
            self.data.challenges = self._guard(self.services.draw_challenges) or []
            return
        if self.mode == KioskMode.ASSISTED and outcome is SessionOutcome.LIVENESS_FAILED:
            # A clerk at the counter can see the person; they decide, and it is recorded.
            self.data.needs_review.append("liveness_failed")
            self._go(Step.REVIEW)
            return
        self._end(outcome, reason)

    def _after_face(self) -> None:
        if not self.data.needs_review:
            self._go(Step.SUBMIT)
        elif self.mode == KioskMode.ASSISTED:
            self._go(Step.REVIEW)
        else:
            self._end(SessionOutcome.REFERRED, "needs a clerk: " + ",".join(self.data.needs_review))

    def review(self, approve: bool, reason: str) -> None:
        self._expect(Step.REVIEW)
        if not self.data.clerk_id:
            raise SessionError("review needs a logged-in clerk")
        self.data.review = {
            "clerk_id": self.data.clerk_id,
            "decision": (ReviewDecision.APPROVED if approve else ReviewDecision.REFUSED),
            "reason": reason[:500],
        }
        if not approve:
            self._end(SessionOutcome.REVIEW_REFUSED, "refused by the clerk")
            return
        if problem := self.iin_problem():
            self.data.review = None
            raise SessionError(f"approving needs the holder's valid IIN ({problem})")
        if self.data.liveness is None or not self.data.liveness.passed or self.data.match is None:
            # Approving does not replace a live capture: the record needs a real liveness
            # result and match distance, so the clerk sends the customer back to the camera.
            self.data.needs_review.clear()
            self.face_attempts = 0
            self._go(Step.FACE)
            return
        self._go(Step.SUBMIT)

    def submit(self) -> SubmitResult | None:
        self._expect(Step.SUBMIT)
        result: SubmitResult | None = self._guard(lambda: self.services.submit(self.data))
        if result is None:
            return None
        self.result = result
        self._go(Step.RECEIPT)
        return result

    def finish(self) -> None:
        """The receipt was shown: end and wipe."""
        self._expect(Step.RECEIPT)
        assert self.result is not None
        self._end(self.result.outcome, self.result.reason)

    def cancel(self, reason: str = "cancelled") -> None:
        """Allowed from every step; a no-op once ended."""
        if self.step is Step.RECEIPT and self.result is not None:
            self.finish()  # the record is already signed and stored; cancelling cannot undo it
            return
        self._end(SessionOutcome.CANCELLED, reason)

    def summary(self) -> dict[str, Any]:
        """What may be shown or logged about the session: no personal data."""
        steps: dict[str, float] = {}
        for prev, cur in zip(self.history, self.history[1:], strict=False):
            steps[prev.step.value] = round(steps.get(prev.step.value, 0.0) + cur.at - prev.at, 3)
        return {
            "session": self.id,
            "outcome": self.outcome.value if self.outcome else None,
            "reason": self.reason,
            "seconds": self.seconds(),
            "steps": steps,
            "face_attempts": self.face_attempts,
            "record_id": self.result.record_id if self.result else None,
            "receipt": self.result.receipt if self.result else None,
        }
