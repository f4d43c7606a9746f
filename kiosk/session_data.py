"""What the enrollment session works with: its steps and outcomes, what the services hand back
(the session's view of the engines' results), the services it asks, and the data it keeps and
wipes. kiosk.session is the machine that uses them."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.biometrics.decision import MatchDecision
from kiosk.documents.rules import DocumentVerdict
from kiosk.imaging.moves import ChallengeKind

if TYPE_CHECKING:  # the record's shapes, for the type checker only
    from kiosk.records.record import ClerkReview, Override


class Step(enum.StrEnum):
    IDLE = "idle"
    LANGUAGE = "language"
    CLERK_LOGIN = "clerk_login"
    CONSENT = "consent"
    DOCUMENT = "document"
    SIM = "sim"
    FACE = "face"
    REVIEW = "review"
    SUBMIT = "submit"
    RECEIPT = "receipt"
    ENDED = "ended"


class FaceStage(enum.StrEnum):
    """Where the face step stands, for the screen: the camera preview's ``stage`` while the
    person gets into position and during the check, then the comparison with the document."""

    PRECHECK = "precheck"  # the live picture before the check (KioskServices.watch_camera)
    CHECK = "check"  # the liveness check's prompts
    MATCHING = "matching"  # the live face is compared with the document's portrait


class FaceFailure(enum.StrEnum):
    """Why the last face attempt failed (the screen says it and offers another try)."""

    LIVENESS = "liveness"
    NO_MATCH = "no_match"


class SessionOutcome(enum.StrEnum):
    """How a session ended (the kiosk's word; the server's own results are not these). The first
    three are :class:`kiosk.records.submission.SubmissionOutcome`'s values; all are the keys of the
    ``outcomes`` translations."""

    ACTIVATED = "activated"  # the server's signed receipt was verified
    QUEUED = "queued"  # signed and stored; the server could not be reached yet
    REJECTED = "rejected"  # the server refused the record (reason recorded)
    DOCUMENT_REFUSED = "document_refused"  # unreadable, tampered, expired, under age, policy
    LIVENESS_FAILED = "liveness_failed"
    NO_MATCH = "no_match"
    REFERRED = "referred"  # a clerk must decide, but there is no clerk (self-service)
    REVIEW_REFUSED = "review_refused"  # the clerk refused
    FROZEN = "frozen"  # freeze rules block new enrollments
    CANCELLED = "cancelled"
    TIMED_OUT = "timed_out"
    FAILED = "failed"  # a step raised; the reason is logged, the customer sees a plain message


# -- what the services hand back (the session's view of the engines' results) -------------------


@dataclass
class DocumentCheck:
    """A read document. ``verdict``: accept, review (a clerk must look) or refuse.
    ``retryable``: the scan could not be read (rescanning may help), as opposed to a document
    that was read and does not qualify (expired, tampered, too young)."""

    verdict: DocumentVerdict
    problems: list[tuple[str, str]]
    fields: dict[str, Any] = field(default_factory=dict)  # personal: names, number, IIN, dates
    mrz_valid: bool = False
    iin_valid: bool = False
    retryable: bool = False
    portrait: Any = None  # np.ndarray crop of the document portrait
    portrait_embedding: Any = None  # filled by the matcher, kept for the attempts
    # With a verified chip, ``portrait`` is the chip's (DG2) and the printed one a cross-check.
    printed_portrait: Any = None
    printed_embedding: Any = None
    chip: dict[str, Any] | None = None  # the chip verdict the record carries (no personal data)

    def wipe(self) -> None:
        for array in (
            self.portrait,
            self.portrait_embedding,
            self.printed_portrait,
            self.printed_embedding,
        ):
            _zero(array)
        self.portrait = self.portrait_embedding = None
        self.printed_portrait = self.printed_embedding = None
        self.fields.clear()
        self.problems.clear()


@dataclass
class LivenessCheck:
    passed: bool
    challenges: list[dict[str, Any]]  # {"kind", "passed", "at_ms"}
    reason: str = ""
    frames: list[Any] = field(default_factory=list)  # best live frames of the passing track
    model: str = ""
    # Why it failed, machine-readable (kiosk.biometrics.liveness.FAILURES: no_answer,
    # not_neutral, wrong_movement, too_early, not_still, flat_picture, second_person, ...),
    # and the challenge kind that was missed when one was ("turn_left": "you did not turn your
    # head left in time"). Empty / None when it passed.
    failure: str = ""
    missed: str | None = None

    def wipe(self) -> None:
        for f in self.frames:
            _zero(f)
        self.frames.clear()


@dataclass
class MatchCheck:
    decision: MatchDecision
    distance: float
    threshold: float
    model: str
    reason: str = ""


@dataclass
class SubmitResult:
    outcome: SessionOutcome  # ACTIVATED, QUEUED or REJECTED
    record_id: str
    receipt: dict[str, Any] | None = None
    reason: str = ""


class EnrollmentServices(Protocol):
    """The work behind each step. Implementations may block; the UI calls them off its thread."""

    def freeze_reasons(self) -> list[str]: ...

    def authenticate_clerk(self, clerk_id: str, pin: str) -> bool: ...

    def read_document(self) -> DocumentCheck:
        """Scan (from the configured scanner) and read one document."""

    def draw_challenges(self) -> list[ChallengeKind]: ...

    def run_liveness(self, challenges: list[str], on_prompt: Callable[..., None]) -> LivenessCheck:
        """``on_prompt(kind)`` on each prompt change (None: no prompt now); services that know
        which challenges have passed say so: ``on_prompt(kind, passed=[kinds])``."""

    def match_face(self, document: DocumentCheck, live: LivenessCheck) -> MatchCheck: ...

    def submit(self, data: SessionData) -> SubmitResult: ...


# -- the session's data: everything personal lives here and only here ----------------------------


@dataclass
class SessionData:
    language: str = ""
    clerk_id: str | None = None
    document: DocumentCheck | None = None
    iccid: str = ""
    msisdn: str | None = None
    challenges: list[str] = field(default_factory=list)
    liveness: LivenessCheck | None = None
    match: MatchCheck | None = None
    needs_review: list[str] = field(default_factory=list)  # problem codes a clerk must decide
    overrides: list[Override] = field(default_factory=list)  # the record's manual_overrides
    review: ClerkReview | None = None  # the record's clerk_review

    def wipe(self) -> None:
        if self.document is not None:
            self.document.wipe()
        if self.liveness is not None:
            self.liveness.wipe()
        self.document = self.liveness = self.match = None
        self.iccid, self.msisdn = "", None
        self.overrides.clear()
        self.needs_review.clear()
        self.review = None
        self.challenges.clear()


def _zero(array: Any) -> None:
    """Overwrite a numpy buffer in place, so the pixels do not linger in freed memory."""
    fill = getattr(array, "fill", None)
    if fill is not None and getattr(array, "flags", None) is not None and array.flags.writeable:
        fill(0)
