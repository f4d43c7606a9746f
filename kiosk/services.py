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
from collections.abc import Callable
from typing import Any

import numpy as np

from hardware.camera import Camera
from hardware.scanner import DocumentScanner
from kiosk.biometrics.faces import MODEL_NAME, FaceQualityError
from kiosk.biometrics.liveness import FrameFeedback, draw_challenges, run_liveness
from kiosk.biometrics.match import FaceMatcher
from kiosk.clerks import ClerkRegistry
from kiosk.documents.reader import DocumentReading, MrzNotFound, read_document
from kiosk.errors import KioskError
from kiosk.records.client import ActivationClient
from kiosk.records.freeze import freeze_reasons, measure_clock_skew
from kiosk.records.keys import DeviceKey
from kiosk.records.outbox import Outbox
from kiosk.records.record import build_record, sign_record
from kiosk.records.submission import BackgroundSender, submit_envelope
from kiosk.session import (
    DocumentCheck,
    LivenessCheck,
    MatchCheck,
    Outcome,
    SessionData,
    SubmitResult,
)
from kiosk.settings import Settings

log = logging.getLogger(__name__)

Preview = Callable[[np.ndarray, dict[str, Any]], None]


def document_fields(reading: DocumentReading) -> dict[str, Any]:
    """The personal fields the session keeps (and wipes) from a read document."""
    mrz = reading.mrz
    assert mrz is not None
    return {
        "format": mrz.format, "document_code": mrz.document_code, "issuer": mrz.issuer,
        "number": mrz.number, "surname": mrz.surname, "given_names": mrz.given_names,
        "birth_date": mrz.birth_date.isoformat() if mrz.birth_date else None,
        "expiry_date": mrz.expiry_date.isoformat() if mrz.expiry_date else None,
        "sex": mrz.sex, "nationality": mrz.nationality,
        "iin": reading.iin.value if reading.iin is not None else "",
    }


class KioskServices:
    """EnrollmentServices on real or simulated devices. Open devices with :meth:`open`."""

    def __init__(self, settings: Settings, *, camera: Camera, scanner: DocumentScanner,
                 outbox: Outbox, client: ActivationClient, key: DeviceKey,
                 clerks: ClerkRegistry | None = None, matcher: FaceMatcher | None = None) -> None:
        self.settings = settings
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
        self.sender: BackgroundSender | None = None

    # -- life cycle -----------------------------------------------------------------------------

    def open(self, *, background_sender: bool = True) -> None:
        """Open the devices, measure the clock against the server's, and start draining the
        outbox in the background (records queued while the server was away go out by
        themselves)."""
        self.scanner.open()
        try:
            self.camera.open()
        except Exception:
            self.scanner.close()
            raise
        self.clock_skew_s = measure_clock_skew(self.client)
        if background_sender:
            self.sender = BackgroundSender(self.settings, self.outbox)
            self.sender.start()

    def close(self) -> None:
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

    def set_preview(self, callback: Preview | None) -> None:
        """Called (from the liveness worker) with each analysed frame and its feedback."""
        with self._preview_lock:
            self._preview = callback

    # -- EnrollmentServices -------------------------------------------------------------------

    def freeze_reasons(self) -> list[str]:
        if self.settings.records.evidence == "sealed":
            self._learn_evidence_key()
        return freeze_reasons(self.settings, self.outbox, clock_skew_s=self.clock_skew_s)

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
            reading = read_document(scan.images, self.settings.documents,
                                    mrz_lines=scan.mrz_lines)
        except MrzNotFound as exc:
            return DocumentCheck(verdict="refuse", problems=[("mrz_unreadable", str(exc))],
                                 retryable=True)
        finally:
            scan.wipe()
        problems = [(p.code, p.message) for p in reading.problems]
        if reading.mrz is None or reading.verdict == "refuse":
            reading.wipe()
            return DocumentCheck(verdict="refuse", problems=problems,
                                 mrz_valid=bool(reading.mrz and reading.mrz.valid))
        portrait = reading.portrait.crop
        if portrait is None:
            reading.wipe()
            return DocumentCheck(verdict="refuse", retryable=True, problems=problems or [
                ("no_portrait", "no face photo was found on the document")])
        check = DocumentCheck(
            verdict=reading.verdict, problems=problems, fields=document_fields(reading),
            mrz_valid=reading.mrz.valid, iin_valid=bool(reading.iin and reading.iin.valid),
            portrait=portrait.copy())
        reading.wipe()
        return check

    def draw_challenges(self) -> list[str]:
        return draw_challenges(self.settings.biometrics)

    def run_liveness(self, challenges: list[str],
                     on_prompt: Callable[[str | None], None]) -> LivenessCheck:
        with self._preview_lock:
            preview = self._preview

        def on_frame(image: np.ndarray, feedback: FrameFeedback) -> None:
            if preview is not None:
                preview(image, {"face_box": feedback.face_box, "prompt": feedback.prompt,
                                "message": feedback.message or None})

        result = run_liveness(self.camera, challenges, self.settings.biometrics, on_prompt,
                              timeout_s=self._liveness_timeout_s(challenges),
                              on_frame=on_frame if preview is not None else None)
        return LivenessCheck(passed=result.passed, challenges=list(result.challenges),
                             reason=result.reason, frames=list(result.best_frames),
                             model=result.model, failure=result.failure, missed=result.missed)

    def _liveness_timeout_s(self, challenges: list[str]) -> float:
        bio = self.settings.biometrics
        # the neutral baseline and the face search come before the first prompt
        return 10.0 + len(challenges) * bio.challenge_window_s

    def match_face(self, document: DocumentCheck | None, live: LivenessCheck) -> MatchCheck:
        if document is None or document.portrait is None:
            raise KioskError("no document portrait to match against")
        bio = self.settings.biometrics
        try:
            if document.portrait_embedding is None:
                document.portrait_embedding = self.matcher.document_embedding(document.portrait)
            live_embedding = self.matcher.live_embedding(live.frames)
        except FaceQualityError as exc:
            # Not a verdict on identity: the attempt failed and the customer tries again.
            return MatchCheck("no_match", float("nan"), bio.match_threshold, MODEL_NAME,
                              reason=exc.code)
        result = self.matcher.compare(document.portrait_embedding, live_embedding)
        live_embedding.fill(0)
        return MatchCheck(result.decision, result.distance, result.threshold, result.model)

    def submit(self, data: SessionData) -> SubmitResult:
        record = self._record(data)
        envelope = sign_record(record, self.key)
        # One quick attempt while the customer waits; the background sender does the rest.
        result = submit_envelope(self.settings, self.outbox, self.client, envelope, retries=0)
        if self.sender is not None and (result.outcome == "queued" or envelope.sealed_evidence):
            self.sender.wake()  # the record, or its sealed evidence, still has to go up
        return SubmitResult(Outcome(result.outcome), result.record_id, result.receipt,
                            result.reason)

    def _record(self, data: SessionData) -> dict[str, Any]:
        doc, live, match = data.document, data.liveness, data.match
        if doc is None or live is None or match is None:
            raise KioskError("the session has no verified document, liveness and match")
        f = doc.fields
        subscriber = {
            "iin": f["iin"], "surname": f["surname"], "given_names": f["given_names"],
            "birth_date": f["birth_date"], "sex": f["sex"], "nationality": f["nationality"],
            "document": {"format": f["format"], "code": f["document_code"],
                         "issuer": f["issuer"], "number": f["number"],
                         "expiry_date": f["expiry_date"]},
        }
        verification = {
            "liveness": {"passed": live.passed, "challenges": live.challenges,
                         "model": live.model},
            "match": {"distance": round(match.distance, 4), "threshold": match.threshold,
                      "decision": match.decision, "model": match.model},
            "document_checks": {"mrz_valid": doc.mrz_valid, "iin_valid": doc.iin_valid,
                                "problems": [c for c, _ in doc.problems]},
            "manual_overrides": list(data.overrides),
            "clerk_review": data.review,
        }
        evidence: dict[str, Any] = {"document_portrait": doc.portrait}
        if live.frames:
            evidence["live_face"] = live.frames[0]
        return build_record(settings=self.settings, key=self.key, subscriber=subscriber,
                            sim={"iccid": data.iccid, "msisdn": data.msisdn},
                            verification=verification, evidence=evidence,
                            clerk_id=data.clerk_id)


def build_services(settings: Settings, *, camera: Camera | None = None,
                   scanner: DocumentScanner | None = None,
                   background_sender: bool = True) -> KioskServices:
    """Services on the devices the settings name (or the ones given), opened and ready."""
    from kiosk.devices import camera_from_settings, scanner_from_settings
    from kiosk.records.keys import ensure_device_key

    services = KioskServices(
        settings, camera=camera or camera_from_settings(settings),
        scanner=scanner or scanner_from_settings(settings), outbox=Outbox(settings.outbox_path),
        client=ActivationClient(settings), key=ensure_device_key(settings))
    services.open(background_sender=background_sender)
    return services
