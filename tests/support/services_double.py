"""A TEST DOUBLE of kiosk.session.EnrollmentServices (not a feature): the one scripted services
object of the suite, used by the session machine's tests (tests/session), the screens' tests
(tests/ui) and the diagnostics benchmark. Subclass it for a special case rather than writing
another fake of the Protocol.

Each service returns what the test scripts. ``hold`` names stages ("document", "submit",
"liveness:<kind>", "freeze", "login") at which the worker waits until the test sets the event, so
tests can look at the screens while a step runs in the background and prove that the GUI thread
keeps going. ``raise_in`` names a stage whose service raises (the message carries an IIN, so the
tests also see it masked). It implements kiosk.window_services.WindowServices (what the window
needs).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from kiosk.biometrics.decision import MatchDecision
from kiosk.documents.rules import DocumentVerdict
from kiosk.imaging.moves import ChallengeKind
from kiosk.records.submission import SubmissionOutcome
from kiosk.records.submissions import RowState, SubmissionRow
from kiosk.session import (
    DocumentCheck,
    FaceStage,
    LivenessCheck,
    MatchCheck,
    SessionData,
    SessionOutcome,
    SubmitResult,
)
from simcontract.answers import AnswerCode

ICCID = "8997201000000000006"  # Luhn-valid, starts with 89
FACE_BOX = (260, 140, 120, 160)
HOLD_TIMEOUT_S = 20.0  # a forgotten release fails the test instead of hanging it
# A scripted scan: a verdict, or one of two special documents (the verdict they get).
UNREADABLE, FOREIGN = "unreadable", "foreign"
_SCAN_VERDICT = {UNREADABLE: DocumentVerdict.REFUSE, FOREIGN: DocumentVerdict.REVIEW}


def synthetic_frame(value: int = 120) -> np.ndarray:
    """A plain 640x480 test picture with a bright rectangle where the 'face' is."""
    frame = np.full((480, 640, 3), value, np.uint8)
    x, y, w, h = FACE_BOX
    frame[y : y + h, x : x + w] = (40, 180, 230)
    return frame


@dataclass
class ScriptedServices:
    freeze: list[str] = field(default_factory=list)
    # one per scan: a DocumentVerdict, UNREADABLE or FOREIGN
    documents: list[str] = field(default_factory=lambda: [DocumentVerdict.ACCEPT])
    liveness: list[bool] = field(default_factory=lambda: [True] * 3)
    matches: list[MatchDecision] = field(default_factory=lambda: [MatchDecision.MATCH] * 3)
    challenges: list[str] = field(
        default_factory=lambda: [ChallengeKind.BLINK, ChallengeKind.TURN_LEFT]
    )
    submit_outcome: SessionOutcome = SessionOutcome.ACTIVATED
    clerks: dict[str, str] = field(default_factory=lambda: {"clerk-1": "1234"})
    raise_in: str = ""  # a stage whose service raises (the session must end it cleanly)
    hold: dict[str, threading.Event] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    handed_out: list[np.ndarray] = field(default_factory=list)
    closed: bool = False
    # what the record would carry; out of the repr, so the session tests' "no personal data
    # left in the session" check (which reprs the session and its services) stays meaningful
    submitted: dict[str, Any] = field(default_factory=dict, repr=False)
    threads: set[str] = field(default_factory=set)
    todays: list[SubmissionRow] = field(default_factory=list)  # the outbox's list for today
    sim_barcode: str | None = None  # what the camera reads off the SIM pack (None: nothing)
    liveness_reason: str = "no answer to the prompt: turn left"
    precheck_message: str | None = "move_closer"  # the pre-check camera's guidance code
    watched: int = 0  # pre-check frames handed out
    scanner: Any = None  # the scanner the diagnostics screen's test scan uses (None: none)
    _preview: Callable[[np.ndarray, dict[str, Any]], None] | None = None

    def _stage(self, name: str) -> None:
        self.calls.append(name)
        self.threads.add(threading.current_thread().name)
        event = self.hold.get(name)
        if event is not None and not event.wait(HOLD_TIMEOUT_S):
            raise TimeoutError(f"test never released stage {name}")
        if self.raise_in == name:
            raise RuntimeError(f"scripted failure in {name} (IIN 900101400013)")

    def read_sim_barcode(self, stop: threading.Event, timeout_s: float) -> str | None:
        self.threads.add(threading.current_thread().name)
        if self.sim_barcode is None:
            stop.wait(min(timeout_s, HOLD_TIMEOUT_S))  # nothing shown to the camera
            return None
        self._stage("barcode")
        return self.sim_barcode

    def submissions_today(self) -> list[SubmissionRow]:
        self._stage("submissions")
        return list(self.todays)

    def retry_queued(self) -> dict[str, int]:
        self._stage("retry")
        sent = [r for r in self.todays if r.state == RowState.QUEUED]
        self.todays = [
            replace(r, state=RowState.DELIVERED, why="", next_attempt_at=None)
            if r.state == RowState.QUEUED
            else r
            for r in self.todays
        ]
        return {
            SubmissionOutcome.ACTIVATED: len(sent),
            SubmissionOutcome.QUEUED: 0,
            SubmissionOutcome.REJECTED: 0,
            "evidence": 0,
        }

    def set_preview(self, callback: Callable[[np.ndarray, dict[str, Any]], None] | None) -> None:
        self._preview = callback

    def watch_camera(
        self, on_frame: Callable[[np.ndarray, dict[str, Any]], None], stop: threading.Event
    ) -> int:
        self.calls.append("watch")
        self.threads.add(threading.current_thread().name)
        while not stop.wait(0.03):
            on_frame(
                synthetic_frame(),
                {
                    "face_box": FACE_BOX,
                    "prompt": None,
                    "message": self.precheck_message,
                    "stage": FaceStage.PRECHECK,
                },
            )
            self.watched += 1
        return self.watched

    def close(self) -> None:
        self.closed = True

    def warm_up(self) -> None:
        """No models to load."""

    # -- the protocol -----------------------------------------------------------------------------

    def freeze_reasons(self) -> list[str]:
        self._stage("freeze")
        return list(self.freeze)

    def authenticate_clerk(self, clerk_id: str, pin: str) -> bool:
        self._stage("login")
        return self.clerks.get(clerk_id) == pin

    def read_document(self) -> DocumentCheck:
        self._stage("document")
        kind = self.documents.pop(0)
        problems = {
            UNREADABLE: [("mrz_unreadable", "no MRZ found")],
            DocumentVerdict.REVIEW: [("foreign_document", "issuer UZB")],
            FOREIGN: [("foreign_document", "issuer UZB")],
            DocumentVerdict.REFUSE: [("expired", "expired 2020-01-01")],
        }.get(kind, [])
        portrait = np.full((60, 48, 3), 200, np.uint8)
        self.handed_out.append(portrait)
        fields = {
            "format": "TD1",
            "document_code": "ID",
            "issuer": "KAZ",
            "number": "N12345678",
            "surname": "ABDULLAYEVA",
            "given_names": "ZHANAR",
            "birth_date": "1990-01-01",
            "expiry_date": "2030-01-01",
            "sex": "F",
            "nationality": "KAZ",
            "iin": "900101400013",
        }
        if kind == FOREIGN:  # a foreign passport: no IIN on it
            fields.update(format="TD3", document_code="P", issuer="UZB", nationality="UZB", iin="")
        return DocumentCheck(
            verdict=_SCAN_VERDICT.get(kind) or DocumentVerdict(kind),
            problems=problems,
            fields=fields,
            mrz_valid=kind != UNREADABLE,
            iin_valid=kind not in (UNREADABLE, FOREIGN),
            retryable=kind == UNREADABLE,
            portrait=portrait,
        )

    def draw_challenges(self) -> list[str]:
        self.calls.append("draw")
        return list(self.challenges)

    def run_liveness(
        self, challenges: list[str], on_prompt: Callable[[str | None], None]
    ) -> LivenessCheck:
        self._stage("liveness")
        passed: list[str] = []
        for kind in challenges:
            on_prompt(kind, passed=list(passed))
            if self._preview is not None:
                self._preview(
                    synthetic_frame(),
                    {
                        "face_box": FACE_BOX,
                        "prompt": kind,
                        "message": "move_closer",
                        "stage": FaceStage.CHECK,
                    },
                )
            self._stage(f"liveness:{kind}")
            if self.liveness[0] or kind != challenges[-1]:
                passed.append(kind)
        on_prompt(None, passed=list(passed))
        passed = self.liveness.pop(0)
        frame = synthetic_frame(99)
        self.handed_out.append(frame)
        return LivenessCheck(
            passed,
            [{"kind": c, "passed": passed, "at_ms": 100.0} for c in challenges],
            reason="" if passed else self.liveness_reason,
            frames=[frame],
            model="scripted",
        )

    def match_face(self, document: DocumentCheck, live: LivenessCheck) -> MatchCheck:
        self._stage("match")
        decision = MatchDecision(self.matches.pop(0))
        distance = {MatchDecision.MATCH: 0.38, MatchDecision.REVIEW: 0.55}.get(decision, 0.74)
        return MatchCheck(decision, distance, 0.5, "scripted")

    def submit(self, data: SessionData) -> SubmitResult:
        self._stage("submit")
        self.submitted = {
            "overrides": [dict(o) for o in data.overrides],
            "review": dict(data.review or {}),
            "fields": dict(data.document.fields) if data.document else {},
        }
        activated = self.submit_outcome is SessionOutcome.ACTIVATED
        return SubmitResult(
            self.submit_outcome,
            "3f2a9c1e-0000-4000-8000-000000000001",
            {"status": AnswerCode.ACTIVATED} if activated else None,
            "" if activated else "server unreachable",
        )
