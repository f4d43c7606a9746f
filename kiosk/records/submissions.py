"""Today's submissions for the clerk: what this kiosk stored since local midnight and where
each record stands — delivered, queued (and when it is tried again) or refused (and why).

Only what a clerk needs to answer "did my customer's SIM go through?": the time, the SIM's last
four digits, the state and the reason. No names, no IIN, no full ICCID (the list is on a screen
in a shop). Read from the outbox; a purged record still shows its state, without the digits.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from kiosk.records.outbox import Outbox, OutboxEntry, OutboxState


class RowState(enum.StrEnum):
    """Where a record stands in the clerk's words (the ``state_<value>`` translation keys)."""

    DELIVERED = "delivered"
    QUEUED = "queued"  # pending or being sent: it will go up
    REFUSED = "refused"  # the server refused it


STATE_NAMES = {
    OutboxState.DELIVERED: RowState.DELIVERED,
    OutboxState.PENDING: RowState.QUEUED,
    OutboxState.SENDING: RowState.QUEUED,
    OutboxState.REJECTED: RowState.REFUSED,
}


@dataclass(frozen=True)
class SubmissionRow:
    record_id: str
    enqueued_at: float  # wall clock, seconds since the epoch
    state: RowState
    iccid_tail: str  # the ICCID's last four digits; "" once the record was purged
    why: str  # refused: the server's code and reason; queued: the last send error
    attempts: int
    next_attempt_at: float | None  # queued only

    @property
    def reference(self) -> str:
        return self.record_id.split("-")[0]  # as the receipt prints it (ui/screens/receipt.py)


def local_midnight(now: float) -> float:
    day = dt.datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return day.timestamp()


def _iccid_tail(entry: OutboxEntry) -> str:
    if entry.iccid_tail is not None or entry.sealed:  # the plain column; never the record
        return entry.iccid_tail or ""
    record = entry.envelope.get("record")  # a plain record of an air-gapped rig
    sim = record.get("sim") if isinstance(record, dict) else None
    iccid = sim.get("iccid") if isinstance(sim, dict) else None
    return iccid[-4:] if isinstance(iccid, str) and iccid.isdigit() else ""


def row(entry: OutboxEntry) -> SubmissionRow:
    state = STATE_NAMES[entry.state]
    if state is RowState.REFUSED:
        why = ": ".join(p for p in (entry.reject_code, entry.reject_message) if p)
    elif state is RowState.QUEUED:
        why = entry.last_error or ""
    else:
        why = ""
    queued = state is RowState.QUEUED
    return SubmissionRow(
        entry.record_id,
        entry.enqueued_at,
        state,
        _iccid_tail(entry),
        why,
        entry.attempts,
        entry.next_attempt_at if queued else None,
    )


def today(outbox: Outbox, *, now: float | None = None) -> list[SubmissionRow]:
    """Today's records (local time), newest first."""
    now = outbox.now() if now is None else now
    return [row(e) for e in outbox.entries_since(local_midnight(now))]
