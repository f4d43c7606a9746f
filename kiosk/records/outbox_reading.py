"""Reading the outbox: :class:`OutboxEntry` and the queries (pending, due, evidence, status),
a mixin of Outbox."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.records.outbox_errors import _storage
from kiosk.records.outbox_schema import _DUE, _EVIDENCE_DUE, OutboxState
from simcontract import sealing


@dataclass(frozen=True)
class OutboxEntry:
    record_id: str
    state: OutboxState
    envelope: dict[str, Any]  # as stored: plain or {"sealed": ...}; {} once purged/unreadable
    enqueued_at: float
    attempts: int
    next_attempt_at: float
    last_error: str | None
    receipt: dict[str, Any] | None
    reject_code: str | None
    reject_message: str | None
    has_sealed_evidence: bool
    refusal_code: str | None = None  # the server refused the kiosk (not the record); it waits
    problem: str | None = None  # why the stored row is unreadable (set aside, never sent)
    # plain facts kept beside the envelope (which may be sealed: {"sealed": {...}})
    key_id: str | None = None
    kiosk_id: str | None = None
    iccid_tail: str | None = None
    iccid_sha256: str | None = None

    @property
    def sealed(self) -> bool:
        return sealing.is_sealed(self.envelope)


class Reading:
    """Outbox queries (uses ``self._lock``, ``_db``, ``_clock`` and ``quarantine``)."""

    # What Outbox provides (declared for the type checker; set by Outbox.__init__).
    _db: sqlite3.Connection
    _lock: threading.RLock
    _clock: Callable[[], float]

    def quarantine(self, record_id: str, problem: str) -> None:
        raise NotImplementedError  # Outbox.quarantine

    @_storage
    def pending_ids(self, *, due_only: bool = False, limit: int | None = None) -> list[str]:
        """Pending record ids, oldest first (not those set aside as unreadable); ``due_only``:
        those whose backoff has expired (or whose backoff the wall clock stepping back voided)."""
        sql = "SELECT record_id FROM records WHERE state = 'pending' AND problem IS NULL"
        args: dict[str, Any] = {"now": self._clock()}
        if due_only:
            sql += f" AND {_DUE}"
        sql += " ORDER BY enqueued_at, rowid"
        if limit is not None:
            sql += " LIMIT :limit"
            args["limit"] = limit
        with self._lock:
            return [r[0] for r in self._db.execute(sql, args)]

    @_storage
    def evidence_due_ids(self) -> list[str]:
        """Delivered records whose sealed evidence still has to go up, oldest first."""
        with self._lock:
            return [
                r[0]
                for r in self._db.execute(
                    f"SELECT record_id FROM records WHERE {_EVIDENCE_DUE} "
                    "ORDER BY enqueued_at, rowid"
                )
            ]

    @_storage
    def pending_refused_with(self, codes: frozenset[str] | set[str]) -> int:
        """How many pending records the server last answered with one of these refusal codes
        (kept pending because the refusal was about the kiosk, not the record)."""
        if not codes:
            return 0
        marks = ", ".join("?" for _ in codes)
        with self._lock:
            return int(
                self._db.execute(
                    f"SELECT COUNT(*) FROM records WHERE state IN ('pending', 'sending') "
                    f"AND refusal_code IN ({marks})",
                    sorted(codes),
                ).fetchone()[0]
            )

    @_storage
    def latest_rejection(self) -> tuple[str, str | None, float] | None:
        """(reject code, signing key id, enqueued_at) when the most recently finished record was
        rejected (the key id is None once the record was purged); None when it was delivered or
        nothing has finished yet."""
        with self._lock:
            row = self._db.execute(
                "SELECT state, reject_code, key_id, enqueued_at FROM records "
                "WHERE state IN ('delivered', 'rejected') "
                "ORDER BY updated_at DESC, rowid DESC LIMIT 1"
            ).fetchone()
        if row is None or row[0] != OutboxState.REJECTED:
            return None
        return str(row[1]), row[2], float(row[3])

    @_storage
    def next_attempt_at(self) -> float | None:
        """When the earliest pending record is due again (None when nothing is pending)."""
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(CASE WHEN updated_at > :now + 1 THEN 0 ELSE next_attempt_at END) "
                "FROM records WHERE state = 'pending' AND problem IS NULL",
                {"now": self._clock()},
            ).fetchone()
        return row[0]

    @_storage
    def get(self, record_id: str) -> OutboxEntry | None:
        """The record; one whose stored JSON no longer reads is set aside (see quarantine) and
        comes back with an empty envelope and its ``problem``."""
        with self._lock:
            row = self._db.execute(
                "SELECT record_id, state, envelope, enqueued_at, attempts, next_attempt_at, "
                "last_error, receipt, reject_code, reject_message, sealed_evidence IS NOT NULL, "
                "refusal_code, problem, key_id, kiosk_id, iccid_tail, iccid_sha256 "
                "FROM records WHERE record_id = ?",
                (record_id,),
            ).fetchone()
        if row is None:
            return None
        problem = row[12]
        envelope = receipt = None
        try:
            envelope = json.loads(row[2])
            receipt = json.loads(row[7]) if row[7] else None
            if not isinstance(envelope, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            problem = problem or f"stored record is not readable JSON ({exc})"[:300]
            if row[1] in (OutboxState.PENDING, OutboxState.SENDING) and row[12] is None:
                self.quarantine(record_id, problem)
            envelope = {} if not isinstance(envelope, dict) else envelope
        return OutboxEntry(
            row[0],
            OutboxState(row[1]),
            envelope,
            row[3],
            row[4],
            row[5],
            row[6],
            receipt,
            row[8],
            row[9],
            bool(row[10]),
            row[11],
            problem,
            row[13],
            row[14],
            row[15],
            row[16],
        )

    @_storage
    def entries_since(self, since: float) -> list[OutboxEntry]:
        """Every record enqueued at or after ``since`` (wall clock), newest first."""
        with self._lock:
            ids = [
                r[0]
                for r in self._db.execute(
                    "SELECT record_id FROM records WHERE enqueued_at >= ? "
                    "ORDER BY enqueued_at DESC, rowid DESC",
                    (since,),
                )
            ]
        return [e for e in (self.get(i) for i in ids) if e is not None]

    @_storage
    def sealed_evidence(self, record_id: str) -> bytes | None:
        with self._lock:
            row = self._db.execute(
                "SELECT sealed_evidence FROM records WHERE record_id = ?", (record_id,)
            ).fetchone()
        return None if row is None or row[0] is None else bytes(row[0])

    @_storage
    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM records GROUP BY state")
            found = dict(rows.fetchall())
        return {s: int(found.get(s, 0)) for s in OutboxState}

    @_storage
    def status(self) -> dict[str, Any]:
        """``pending`` counts records being sent and set aside too: they are not delivered
        until receipted. ``oldest_pending_age_s`` is null when nothing is pending.
        ``evidence_pending``: delivered records whose sealed evidence has not gone up yet.
        ``sending``: claimed by a live sender right now; ``unreadable``: set aside, never sent
        until a technician restores them; ``last_error``: why the most recent failed attempt
        failed (plain words), null when none is waiting."""
        counts = self.counts()
        with self._lock:
            oldest = self._db.execute(
                "SELECT MIN(enqueued_at) FROM records WHERE state IN ('pending', 'sending')"
            ).fetchone()[0]
            evidence = self._db.execute(
                f"SELECT COUNT(*) FROM records WHERE {_EVIDENCE_DUE}"
            ).fetchone()[0]
            unreadable = self._db.execute(
                "SELECT COUNT(*) FROM records WHERE problem IS NOT NULL AND state = 'pending'"
            ).fetchone()[0]
            last = self._db.execute(
                "SELECT last_error FROM records WHERE state = 'pending' AND last_error IS NOT "
                "NULL ORDER BY updated_at DESC LIMIT 1"
            ).fetchone()
        age = None if oldest is None else round(max(0.0, self._clock() - oldest), 1)
        return {
            "pending": counts[OutboxState.PENDING] + counts[OutboxState.SENDING],
            "delivered": counts[OutboxState.DELIVERED],
            "rejected": counts[OutboxState.REJECTED],
            "oldest_pending_age_s": age,
            "evidence_pending": int(evidence),
            "sending": counts[OutboxState.SENDING],
            "unreadable": int(unreadable),
            "last_error": last[0] if last else None,
        }
