"""The work behind each enrollment step, on the configured devices: the real
:class:`~kiosk.session.EnrollmentServices`.

The session decides, these services act: the scanner gives the document, the documents engine
reads it, the camera gives frames to the liveness checker, the matcher compares the passing
track's best frames with the document portrait, and the records layer signs the record, stores it
in the outbox and sends it. Whether the devices are real or simulated is configuration
(:mod:`kiosk.devices`); nothing here knows.

Devices are used one call at a time: the UI runs each blocking call on a worker, never two at
once for the same device, so the services hold no locks of their own beyond the camera preview.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import numpy as np

from hardware.barcode import read_digits
from hardware.camera import Camera
from hardware.scanner import DocumentScanner
from kiosk.biometrics.faces import MODEL_NAME, FaceQualityError
from kiosk.biometrics.liveness import FrameFeedback, draw_challenges, run_liveness
from kiosk.biometrics.liveness_challenges import check_time_limit_s
from kiosk.biometrics.match import FaceMatcher, MatchDecision
from kiosk.chip_step import ChipStep
from kiosk.clerks import ClerkRegistry
from kiosk.documents.chip import policy as chip_policy
from kiosk.documents.reader import MrzNotFound, read_document
from kiosk.documents.rules import DocumentVerdict
from kiosk.errors import KioskError
from kiosk.face_precheck import (
    PRECHECK_ANALYSE_EVERY,
    ChallengeProgress,
    PromptCallback,
    precheck_guidance,
)
from kiosk.imaging.moves import ChallengeKind
from kiosk.record_fields import chip_verdict, document_fields, match_decision
from kiosk.records.at_rest import open_outbox
from kiosk.records.client import ActivationClient
from kiosk.records.freeze import clock_refusal, freeze_reasons, measure_clock_skew
from kiosk.records.heartbeat import HeartbeatSender
from kiosk.records.keys import DeviceKey
from kiosk.records.outbox import Outbox
from kiosk.records.record import (
    Subscriber,
    Verification,
    build_record,
    sign_record,
)
from kiosk.records.submission import (
    BackgroundSender,
    SubmissionOutcome,
    flush,
    note_clock_skew,
    submit_envelope,
)
from kiosk.records.submissions import SubmissionRow, today
from kiosk.session import (
    DocumentCheck,
    FaceStage,
    LivenessCheck,
    MatchCheck,
    SessionData,
    SessionOutcome,
    SubmitResult,
)
from kiosk.settings import EvidenceMode, Settings
from kiosk.updates import UpdateGate
from kiosk.window_services import Preview
from simcontract.checkdigits import iccid_problem

log = logging.getLogger(__name__)

BARCODE_EVERY_N_FRAMES = 3  # about 10 decodes a second at 30 fps


class KioskServices:  # implements kiosk.window_services.WindowServices
    """EnrollmentServices on real or simulated devices. Open devices with :meth:`open`."""

    def __init__(
        self,
        settings: Settings,
        *,
        camera: Camera,
        scanner: DocumentScanner,
        outbox: Outbox,
        client: ActivationClient,
        key: DeviceKey,
        clerks: ClerkRegistry | None = None,
        matcher: FaceMatcher | None = None,
        chip: ChipStep | None = None,
    ) -> None:
        self.settings = settings
        self.chip = chip or ChipStep(settings)
        self._chip_retry_of: list[str] | None = None  # MRZ of a chip read to be tried again
        self.camera = camera
        self.scanner = scanner
        self.outbox = outbox
        self.client = client
        self.key = key
        self.clerks = clerks or ClerkRegistry(settings.clerks_path)
        self._matcher = matcher
        self._preview: Preview | None = None
        self._preview_lock = threading.Lock()
        self.clock_skew_s: float | None = None
        self.camera_error = ""
        self.sender: BackgroundSender | None = None
        self.heartbeat: HeartbeatSender | None = None

    # -- life cycle -----------------------------------------------------------------------------

    def open(self, *, background_sender: bool = True, late: bool = True) -> None:
        """Open the devices, measure the clock against the server's, and start draining the
        outbox in the background (records queued while the server was away go out by
        themselves). ``late=False`` leaves the slow part (the camera, the clock) to
        :meth:`open_late`, which the window runs in the background once the attract screen
        shows."""
        self.scanner.open()
        if late:
            try:
                self.open_late()
            except Exception:
                self.scanner.close()
                raise
        if background_sender:
            self.sender = BackgroundSender(self.settings, self.outbox)
            self.sender.start()
            if self.settings.records.heartbeat_s > 0:  # the fleet view's signed heartbeats
                self.heartbeat = HeartbeatSender(self.settings, self.outbox, self.key)
                self.heartbeat.start()

    def open_late(self) -> None:
        """Open the camera and measure the clock. A camera that does not open freezes new
        enrollments (see freeze_reasons) instead of failing the first customer's face step."""
        try:
            self.camera.open()
        except Exception as exc:
            self.camera_error = f"the camera did not open ({type(exc).__name__})"
            raise
        self.camera_error = ""
        self.clock_skew_s = measure_clock_skew(self.client)
        note_clock_skew(self.outbox, self.client)  # kept with the outbox, updated by every answer

    def close(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.stop()
            self.heartbeat = None
        if self.sender is not None:
            self.sender.stop()
            self.sender = None
        for device in (self.camera, self.scanner):
            try:
                device.close()
            except Exception:  # closing must go on for the other device
                log.exception("closing %s failed", getattr(device, "device_id", device))
        self.client.close()
        self.outbox.close()

    @property
    def matcher(self) -> FaceMatcher:
        # Built on first use: loading dlib's models costs a second the attract screen need not wait.
        if self._matcher is None:
            self._matcher = FaceMatcher(self.settings.biometrics)
        return self._matcher

    def warm_up(self) -> None:
        """Load the face models now (the window calls this in the background once the attract
        screen shows), so the first customer's face step does not wait for them."""
        _ = self.matcher

    def set_preview(self, callback: Preview | None) -> None:
        """Called (from the liveness worker) with each analysed frame and its feedback."""
        with self._preview_lock:
            self._preview = callback

    # -- EnrollmentServices -------------------------------------------------------------------

    def freeze_reasons(self) -> list[str]:
        records = self.settings.records
        if records.evidence == EvidenceMode.SEALED or records.seal_at_rest:
            self._learn_evidence_key()
        reasons = freeze_reasons(self.settings, self.outbox)  # skew: the outbox's latest
        reasons += UpdateGate(self.settings.home).reasons()  # no session while updating
        return [*reasons, self.camera_error] if self.camera_error else reasons

    def _learn_evidence_key(self) -> None:
        """Sealing needs the server's evidence key before the first record is built; it is
        pinned with the receipt key on first contact, which a kiosk started offline has not
        had yet (the freeze rules say so until it has)."""
        try:
            self.client.learn_evidence_key()
        except KioskError as exc:  # unreachable, or a configured key file that is unusable
            log.warning("the server's keys cannot be fetched yet: %s", exc)

    def authenticate_clerk(self, clerk_id: str, pin: str) -> bool:
        return self.clerks.authenticate(clerk_id, pin)

    def read_document(self) -> DocumentCheck:
        scan = self.scanner.scan()
        try:
            reading = read_document(scan.images, self.settings.documents, mrz_lines=scan.mrz_lines)
        except MrzNotFound as exc:
            return DocumentCheck(
                verdict=DocumentVerdict.REFUSE,
                problems=[("mrz_unreadable", str(exc))],
                retryable=True,
            )
        finally:
            scan.wipe()
        problems = [(p.code, p.message) for p in reading.problems]
        if reading.mrz is None or reading.verdict == DocumentVerdict.REFUSE:
            reading.wipe()
            return DocumentCheck(
                verdict=DocumentVerdict.REFUSE,
                problems=problems,
                mrz_valid=bool(reading.mrz and reading.mrz.valid),
            )
        portrait = reading.portrait.crop
        if portrait is None:
            reading.wipe()
            return DocumentCheck(
                verdict=DocumentVerdict.REFUSE,
                retryable=True,
                problems=problems or [("no_portrait", "no face photo was found on the document")],
            )
        check = DocumentCheck(
            verdict=reading.verdict,
            problems=problems,
            fields=document_fields(reading),
            mrz_valid=reading.mrz.valid,
            iin_valid=bool(reading.iin and reading.iin.valid),
            portrait=portrait.copy(),
        )
        lines = list(reading.mrz.lines)
        reading.wipe()
        if self.chip.enabled:
            self._apply_chip(check, lines)
        return check

    def _apply_chip(self, check: DocumentCheck, mrz_lines: list[str]) -> None:
        """Read the chip with the MRZ just read and fold its verdict into the check: a verified
        chip's portrait becomes the matching reference (the printed one a cross-check); the
        policy turns every other outcome into review, retry or refusal."""
        # A passport lifted mid-read is asked for once more (the session rescans the page);
        # the second time in a row for the same document the policy's fallback applies.
        again = self._chip_retry_of == mrz_lines
        outcome = self.chip.read(mrz_lines, attempts_left=0 if again else 1)
        self._chip_retry_of = list(mrz_lines) if outcome.action == chip_policy.RETRY else None
        check.chip = outcome.record
        problems = [(code, "chip: " + code) for code in outcome.problems]
        if outcome.action == chip_policy.USE_CHIP and outcome.portrait is not None:
            check.printed_portrait, check.portrait = check.portrait, outcome.portrait
        elif outcome.action == chip_policy.REVIEW:
            check.problems.extend(problems)
            if check.verdict == DocumentVerdict.ACCEPT:
                check.verdict = DocumentVerdict.REVIEW
        elif outcome.action in (chip_policy.REFUSE, chip_policy.RETRY):
            check.problems.extend(problems)
            check.verdict = DocumentVerdict.REFUSE
            check.retryable = outcome.action == chip_policy.RETRY
        elif problems:  # optical only: what the chip said is kept for the record
            check.problems.extend(problems)

    def draw_challenges(self) -> list[ChallengeKind]:
        return draw_challenges(self.settings.biometrics)

    def _camera_ready(self) -> None:
        """Reopen the camera if something closed it (the technician's diagnostics view opens
        and closes this same camera)."""
        if not self.camera.health().ok:
            log.info("camera %s was closed; opening it again", self.camera.device_id)
            self.camera.open()

    def watch_camera(self, on_frame: Preview, stop: threading.Event) -> int:
        """The face step's pre-check, on the camera lane: the live picture with the face box and
        a guidance code until ``stop`` is set, so the person gets into position before the
        check. The same open camera the check reads next (the lane keeps them in turn).
        Returns the number of frames handed on."""
        from kiosk.biometrics import mesh as fm

        self._camera_ready()
        mesh = fm.FaceMesh(max_faces=2)
        shown = 0
        info: dict[str, Any] = {
            "face_box": None,
            "prompt": None,
            "message": "no_face",
            "stage": FaceStage.PRECHECK,
        }
        try:
            while not stop.is_set():
                frame = self.camera.read()
                if frame is None:
                    break
                if shown % PRECHECK_ANALYSE_EVERY == 0:
                    faces = mesh.process(frame.image)
                    box = fm.face_box(faces[0]) if faces else None
                    info = {
                        "face_box": box,
                        "prompt": None,
                        "stage": FaceStage.PRECHECK,
                        "message": precheck_guidance(
                            len(faces), box, frame.image, self.settings.biometrics.min_face_px
                        )
                        or None,
                    }
                on_frame(frame.image, dict(info))
                shown += 1
        finally:
            mesh.close()
        return shown

    def run_liveness(self, challenges: list[str], on_prompt: PromptCallback) -> LivenessCheck:
        with self._preview_lock:
            preview = self._preview
        progress = ChallengeProgress(challenges, on_prompt)
        self._camera_ready()

        def on_frame(image: np.ndarray, feedback: FrameFeedback) -> None:
            progress.frame(feedback)
            if preview is not None:
                preview(
                    image,
                    {
                        "face_box": feedback.face_box,
                        "prompt": feedback.prompt,
                        "message": feedback.message or None,
                        "stage": FaceStage.CHECK,
                    },
                )

        bio = self.settings.biometrics
        result = run_liveness(
            self.camera,
            challenges,
            bio,
            progress.prompt,
            timeout_s=check_time_limit_s(bio, len(challenges)),
            on_frame=on_frame,
        )
        return LivenessCheck(
            passed=result.passed,
            challenges=list(result.challenges),
            reason=result.reason,
            frames=list(result.best_frames),
            model=result.model,
            failure=result.failure,
            missed=result.missed,
        )

    def match_face(self, document: DocumentCheck, live: LivenessCheck) -> MatchCheck:
        if document.portrait is None:
            raise KioskError("no document portrait to match against")
        bio = self.settings.biometrics
        try:
            if document.portrait_embedding is None:
                document.portrait_embedding = self.matcher.document_embedding(document.portrait)
            live_embedding = self.matcher.live_embedding(live.frames)
        except FaceQualityError as exc:
            # Not a verdict on identity: the attempt failed and the customer tries again.
            return MatchCheck(
                MatchDecision.NO_MATCH,
                float("nan"),
                bio.match_threshold,
                MODEL_NAME,
                reason=exc.code,
            )
        result = self.matcher.compare(document.portrait_embedding, live_embedding)
        decision, reason = result.decision, ""
        if document.printed_portrait is not None and decision == MatchDecision.MATCH:
            # The chip's portrait decided; the printed one must not say it is someone else
            # (a page whose photo was swapped on a genuine chip's passport).
            try:
                if document.printed_embedding is None:
                    document.printed_embedding = self.matcher.document_embedding(
                        document.printed_portrait
                    )
                printed = self.matcher.compare(document.printed_embedding, live_embedding)
            except FaceQualityError:
                printed = None
            if printed is None or printed.decision == MatchDecision.NO_MATCH:
                decision, reason = MatchDecision.REVIEW, "printed_portrait_mismatch"
        live_embedding.fill(0)
        return MatchCheck(decision, result.distance, result.threshold, result.model, reason=reason)

    def submit(self, data: SessionData) -> SubmitResult:
        clock = clock_refusal(self.settings, self.outbox)
        if clock is not None:  # the last answer showed the clock off: a signed record would be
            raise KioskError(clock)  # refused (the freeze stops the next session)
        record = self._record(data)
        envelope = sign_record(record, self.key)
        # One quick attempt while the customer waits; the background sender does the rest.
        result = submit_envelope(self.settings, self.outbox, self.client, envelope, retries=0)
        queued = result.outcome is SubmissionOutcome.QUEUED
        if self.sender is not None and (queued or envelope.sealed_evidence):
            self.sender.wake()  # the record, or its sealed evidence, still has to go up
        return SubmitResult(
            SessionOutcome(result.outcome), result.record_id, result.receipt, result.reason
        )

    def _record(self, data: SessionData) -> dict[str, Any]:
        doc, live, match = data.document, data.liveness, data.match
        if doc is None or live is None or match is None:
            raise KioskError("the session has no verified document, liveness and match")
        f = doc.fields
        subscriber: Subscriber = {
            "iin": f["iin"],
            "surname": f["surname"],
            "given_names": f["given_names"],
            "birth_date": f["birth_date"],
            "sex": f["sex"],
            "nationality": f["nationality"],
            "document": {
                "format": f["format"],
                "code": f["document_code"],
                "issuer": f["issuer"],
                "number": f["number"],
                "expiry_date": f["expiry_date"],
            },
        }
        verification: Verification = {
            "liveness": {
                "passed": live.passed,
                "model": live.model,
                "challenges": [
                    {"kind": c["kind"], "passed": c["passed"], "at_ms": c["at_ms"]}
                    for c in live.challenges
                ],
            },
            "match": {
                "distance": round(match.distance, 4),
                "threshold": match.threshold,
                "decision": match_decision(match.decision),
                "model": match.model,
            },
            "document_checks": {
                "mrz_valid": doc.mrz_valid,
                "iin_valid": doc.iin_valid,
                "problems": [c for c, _ in doc.problems],
            },
            "manual_overrides": list(data.overrides),
            "clerk_review": data.review,
        }
        if doc.chip is not None:
            verification["chip"] = chip_verdict(doc.chip)
        evidence: dict[str, Any] = {"document_portrait": doc.portrait}
        if live.frames:
            evidence["live_face"] = live.frames[0]
        return build_record(
            settings=self.settings,
            key=self.key,
            subscriber=subscriber,
            sim={"iccid": data.iccid, "msisdn": data.msisdn},
            verification=verification,
            evidence=evidence,
            clerk_id=data.clerk_id,
        )

    # -- the SIM pack's barcode shown to the camera (self-service) ------------------------------

    def read_sim_barcode(self, stop: threading.Event, timeout_s: float) -> str | None:
        """Watch the camera for a SIM pack's barcode until a valid ICCID is read (returned),
        ``stop`` is set or ``timeout_s`` passes (None). Frames are only looked at, never kept."""
        deadline = time.monotonic() + timeout_s
        n = 0
        while not stop.is_set() and time.monotonic() < deadline:
            frame = self.camera.read()
            if frame is None:
                return None  # the stream ended (a file camera)
            n += 1
            if n % BARCODE_EVERY_N_FRAMES:
                continue  # decoding every frame would load the CPU the GUI needs
            digits = read_digits(frame.image)
            if digits is not None and not iccid_problem(digits):
                return digits
        return None

    # -- the clerk's list of today's submissions (beyond the EnrollmentServices protocol) ----

    def submissions_today(self) -> list[SubmissionRow]:
        return today(self.outbox)

    def retry_queued(self) -> dict[str, int]:
        """Send the queued records now, ignoring their backoff (the clerk's Retry)."""
        counts = flush(self.settings, self.outbox, self.client)
        if self.sender is not None:
            self.sender.wake()
        return counts


def build_services(
    settings: Settings,
    *,
    camera: Camera | None = None,
    scanner: DocumentScanner | None = None,
    background_sender: bool = True,
    late: bool = True,
) -> KioskServices:
    """Services on the devices the settings name (or the ones given), opened and ready
    (``late=False``: the camera and the clock wait for ``open_late``)."""
    from kiosk.devices import camera_from_settings, scanner_from_settings
    from kiosk.records.keys import ensure_device_key

    services = KioskServices(
        settings,
        camera=camera or camera_from_settings(settings),
        scanner=scanner or scanner_from_settings(settings),
        outbox=open_outbox(settings),
        client=ActivationClient(settings),
        key=ensure_device_key(settings),
    )
    services.open(background_sender=background_sender, late=late)
    return services
