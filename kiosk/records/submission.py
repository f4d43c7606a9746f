"""Submitting signed records: store first, then send; and a background sender that drains the
outbox while the kiosk works.

Outcomes for the customer: ``activated`` (the server's receipt verified), ``queued`` (stored;
the server could not be reached or its receipt did not verify, so it will be sent again) or
``rejected`` (the server refused it, with its reason).
"""

from __future__ import annotations

import contextlib
import enum
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError
from kiosk.records.client import ActivationClient, BadReceipt, Rejected, Unreachable, backoff_delay
from kiosk.records.keys import DeviceKey
from kiosk.records.outbox import Outbox, OutboxEntry, OutboxState
from kiosk.records.record import Sim, Subscriber, Verification, build_record, sign_record
from kiosk.settings import Settings
from simcontract.answers import AnswerCode

log = logging.getLogger(__name__)

# How often the background sender empties finished records older than records.keep_finished_h.
PURGE_EVERY_S = 600.0
# How often the background sender asks the server's time while it has nothing to send.
CLOCK_CHECK_EVERY_S = 300.0
# Added to the longest a send can take: a claim older than that belongs to a hung process.
LEASE_MARGIN_S = 60.0
CLOCK_SKEW_KEY = "clock_skew_s"  # outbox meta: our clock minus the server's, last measured
# Refusals that are about the kiosk (not registered, wrong key), not about the record: the
# record waits (and the kiosk freezes) until a technician sets the kiosk right on the server.
KIOSK_NOT_ACCEPTED = frozenset({AnswerCode.UNKNOWN_KIOSK, AnswerCode.KEY_MISMATCH})
# Refusals about the kiosk's clock: a record signed while the clock ran ahead is accepted once
# real time has caught up with it, so it waits too (and the kiosk freezes until the clock is set).
CLOCK_REFUSALS = frozenset({AnswerCode.FUTURE_DATED})
WAITING_REFUSALS = KIOSK_NOT_ACCEPTED | CLOCK_REFUSALS


class SubmissionOutcome(enum.StrEnum):
    """Where one record stands for the customer after a send attempt (the session's
    :class:`~kiosk.session.SessionOutcome` has the same three values)."""

    ACTIVATED = "activated"  # the server's receipt verified
    QUEUED = "queued"  # stored; it will be sent again
    REJECTED = "rejected"  # the server refused it, with its reason


@dataclass
class SendResult:
    """One send attempt's result for one record (the server's own ``Submission`` is another
    thing: what it received)."""

    outcome: SubmissionOutcome
    record_id: str
    receipt: dict[str, Any] | None  # the verified receipt object when activated
    reason: str  # plain words: why queued or rejected ("" when activated)
    unreachable: bool = False  # queued because the server could not be reached
    elsewhere: bool = False  # another process holds it right now (it is not stuck)


def submit_envelope(
    settings: Settings,
    outbox: Outbox,
    client: ActivationClient,
    envelope: dict[str, Any],
    *,
    sealed_evidence: bytes | None = None,
    retries: int | None = None,
) -> SendResult:
    """Commit the envelope to the outbox, then make one send attempt (with the client's
    retries, or ``retries``). Whatever happens while sending, the record is already safe."""
    record_id = outbox.enqueue(envelope, sealed_evidence)
    return send_record(settings, outbox, client, record_id, retries=retries)


def submit_record(
    settings: Settings,
    key: DeviceKey,
    outbox: Outbox,
    client: ActivationClient,
    *,
    subscriber: Subscriber,
    sim: Sim,
    verification: Verification,
    evidence: dict[str, Any],
    clerk_id: str | None,
    retries: int | None = None,
) -> SendResult:
    """Build, sign, store and send one record (what the kiosk does at the submit step)."""
    envelope = sign_record(
        build_record(
            settings=settings,
            key=key,
            subscriber=subscriber,
            sim=sim,
            verification=verification,
            evidence=evidence,
            clerk_id=clerk_id,
        ),
        key,
    )
    return submit_envelope(
        settings,
        outbox,
        client,
        envelope,
        sealed_evidence=envelope.sealed_evidence,
        retries=retries,
    )


def send_record(
    settings: Settings,
    outbox: Outbox,
    client: ActivationClient,
    record_id: str,
    *,
    retries: int | None = None,
) -> SendResult:
    """One attempt for one outbox record: claim it, send it, record the result."""
    if not outbox.claim(record_id, lease_s=client.longest_call_s() + LEASE_MARGIN_S):
        return _current(outbox, record_id)
    entry = outbox.get(record_id)
    assert entry is not None  # claimed a moment ago, and records are never deleted
    if entry.problem:  # unreadable: set aside by get(); the rest go on
        return SendResult(
            SubmissionOutcome.QUEUED, record_id, None, f"record set aside: {entry.problem}"
        )
    r = settings.records
    try:
        try:
            receipt_envelope = client.submit(
                entry.envelope, retries=retries, expect=_expectations(entry)
            )
        finally:
            note_clock_skew(outbox, client)
    except Rejected as exc:
        if exc.code in WAITING_REFUSALS:
            # About the kiosk, not the record: once a technician registers the kiosk (or gives
            # it its registered key back, or sets its clock) the very same record is accepted,
            # so it must wait.
            outbox.release(
                record_id,
                f"{exc.code}: {exc.message}",
                retry_in_s=backoff_delay(entry.attempts, r.retry_backoff_s, r.retry_backoff_max_s),
                refusal_code=exc.code,
            )
            log.error(
                "record %s stays queued: the server does not accept it from this kiosk now (%s)",
                record_id,
                exc.code,
            )
            return SendResult(
                SubmissionOutcome.QUEUED,
                record_id,
                None,
                f"{exc.code}: {exc.message}",
                unreachable=True,
            )
        outbox.mark_rejected(record_id, exc.code, exc.message)
        return SendResult(SubmissionOutcome.REJECTED, record_id, None, f"{exc.code}: {exc.message}")
    except (Unreachable, BadReceipt) as exc:
        outbox.release(
            record_id,
            str(exc),
            retry_in_s=backoff_delay(entry.attempts, r.retry_backoff_s, r.retry_backoff_max_s),
        )
        level = logging.ERROR if isinstance(exc, BadReceipt) else logging.INFO
        log.log(level, "record %s stays queued: %s", record_id, exc)
        return SendResult(
            SubmissionOutcome.QUEUED,
            record_id,
            None,
            str(exc),
            unreachable=isinstance(exc, Unreachable),
        )
    except BaseException:
        with contextlib.suppress(KioskError):  # e.g. the disk: the claim's owner dies with us
            outbox.release(record_id, "send interrupted by an error")
        raise
    outbox.mark_delivered(record_id, receipt_envelope)
    return SendResult(SubmissionOutcome.ACTIVATED, record_id, receipt_envelope["receipt"], "")


def _expectations(entry: OutboxEntry) -> dict[str, Any] | None:
    """What the receipt must name, from the plain facts kept beside a sealed record (None for a
    plain record of an older outbox: the client reads them from the record)."""
    if entry.iccid_sha256 is None or entry.kiosk_id is None:
        return None
    return {
        "record_id": entry.record_id,
        "kiosk_id": entry.kiosk_id,
        "iccid_sha256": entry.iccid_sha256,
    }


def note_clock_skew(outbox: Outbox, client: ActivationClient) -> None:
    """Keep the clock skew the server's last answer showed where every process sees it (the
    freeze rules read it before the next record is signed)."""
    measured = client.take_clock_skew()
    if measured is not None:
        try:
            outbox.set_meta(CLOCK_SKEW_KEY, measured)
        except KioskError as exc:
            log.warning("clock skew not stored: %s", exc)


def send_evidence(
    outbox: Outbox, client: ActivationClient, record_id: str, *, retries: int | None = None
) -> bool:
    """One attempt to put a delivered record's sealed evidence on the server. False when the
    server could not be reached (it stays due); True when the evidence is settled (stored, or
    refused for good, which is logged and drops the kiosk's copy)."""
    ciphertext = outbox.sealed_evidence(record_id)
    if ciphertext is None:
        return True
    try:
        client.upload_evidence(record_id, ciphertext, retries=retries)
    except Rejected as exc:
        log.error("server refused the evidence of record %s: %s", record_id, exc.code)
        outbox.mark_evidence_refused(record_id, exc.code, exc.message)
    except Unreachable as exc:
        log.info("evidence of record %s stays queued: %s", record_id, exc)
        return False
    except BadReceipt as exc:
        log.error("evidence of record %s stays queued: %s", record_id, exc)
    else:
        outbox.mark_evidence_sent(record_id)
    return True


def _current(outbox: Outbox, record_id: str) -> SendResult:
    entry = outbox.get(record_id)
    if entry is None:
        raise KioskError(f"no record {record_id} in the outbox")
    if entry.state == OutboxState.DELIVERED and entry.receipt is not None:
        return SendResult(SubmissionOutcome.ACTIVATED, record_id, entry.receipt["receipt"], "")
    if entry.state == OutboxState.REJECTED:
        return SendResult(
            SubmissionOutcome.REJECTED,
            record_id,
            None,
            f"{entry.reject_code}: {entry.reject_message}",
        )
    if entry.problem:
        return SendResult(
            SubmissionOutcome.QUEUED, record_id, None, f"record set aside: {entry.problem}"
        )
    return SendResult(
        SubmissionOutcome.QUEUED, record_id, None, "being sent by another process", elsewhere=True
    )


def flush(settings: Settings, outbox: Outbox, client: ActivationClient) -> dict[str, int]:
    """One bounded attempt (with the client's retries) per pending record, oldest first,
    ignoring backoff, then per due sealed evidence. Stops early once the server is unreachable
    (the rest would be too)."""
    counts: dict[str, int] = {**dict.fromkeys(SubmissionOutcome, 0), "evidence": 0}
    outbox.recover()  # records of senders that stopped since the outbox was opened
    for record_id in outbox.pending_ids():
        result = send_record(settings, outbox, client, record_id)
        if not result.elsewhere:  # another process is sending it: its business, not ours
            counts[result.outcome] += 1
        if result.unreachable:
            return counts
    for record_id in outbox.evidence_due_ids():
        if not send_evidence(outbox, client, record_id):
            break
        counts["evidence"] += 1
    return counts


class BackgroundSender:
    """A thread that sends due pending records, backing off per record, until stopped.
    ``stop()`` wakes it, interrupts retry waits, and joins it (at most one HTTP call's timeouts).
    Uses its own client (requests sessions are not shared across threads)."""

    def __init__(
        self, settings: Settings, outbox: Outbox, *, server_url: str | None = None
    ) -> None:
        self.settings = settings
        self.outbox = outbox
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._client = ActivationClient(settings, server_url=server_url, stop=self._stop)
        self._thread: threading.Thread | None = None
        self.sent = 0  # records delivered or rejected by this sender (for diagnostics)
        self.last_error = ""

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the background sender is already started")
        self._thread = threading.Thread(target=self._run, name="records-sender", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look at the outbox now (e.g. after a record was queued)."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            limit = timeout if timeout is not None else sum(self._client.timeout) + 5.0
            self._thread.join(limit)
            if self._thread.is_alive():
                log.error("background sender did not stop within %.1f s", limit)
            else:
                self._thread = None
        self._client.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> BackgroundSender:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def drain_once(self) -> bool:
        """Send every due pending record once, then the sealed evidence still to go up. Returns
        False when the pass stopped at an unreachable server (the rest would fail the same
        way)."""
        self.outbox.recover()  # records of senders that stopped meanwhile
        for record_id in self.outbox.pending_ids(due_only=True):
            if self._stop.is_set():
                return True
            result = send_record(self.settings, self.outbox, self._client, record_id)
            if result.outcome is SubmissionOutcome.QUEUED:
                if not result.elsewhere:
                    self.last_error = result.reason
                if result.unreachable:
                    return False
            else:
                self.sent += 1
                self.last_error = ""  # the server answered: the last problem is over
        for record_id in self.outbox.evidence_due_ids():
            if self._stop.is_set():
                return True
            if not send_evidence(self.outbox, self._client, record_id):
                return False
        return True

    def _check_clock(self) -> None:
        try:
            self._client.health()
        except KioskError as exc:
            log.info("server time not checked: %s", exc)
        note_clock_skew(self.outbox, self._client)

    def _run(self) -> None:
        r = self.settings.records
        outages = 0  # consecutive passes that found the server unreachable
        last_purge = -PURGE_EVERY_S
        last_clock_check = -CLOCK_CHECK_EVERY_S
        while not self._stop.is_set():
            self._wake.clear()
            try:
                reached = self.drain_once()
                if reached and time.monotonic() - last_clock_check >= CLOCK_CHECK_EVERY_S:
                    # the clock may step while the kiosk waits for customers
                    last_clock_check = time.monotonic()
                    self._check_clock()
                if time.monotonic() - last_purge >= PURGE_EVERY_S:
                    last_purge = time.monotonic()
                    self.outbox.purge_finished(r.keep_finished_h * 3600)
            except Exception:  # a bug or a disk error must not kill the sender silently
                log.exception("background sender pass failed")
                reached = False
            outages = 0 if reached else outages + 1
            due = self.outbox.next_attempt_at()
            wait = (
                r.sender_poll_s
                if due is None
                else min(r.sender_poll_s, max(0.0, due - self.outbox.now()))
            )
            if outages:
                wait = max(
                    wait, backoff_delay(outages - 1, r.retry_backoff_s, r.retry_backoff_max_s)
                )
            self._wake.wait(max(wait, 0.01))
