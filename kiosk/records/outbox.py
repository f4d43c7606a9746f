"""The durable outbox: every signed record is committed here before anything is sent.

SQLite in WAL mode with ``synchronous=FULL``: a transaction that returned is on disk, so a power
cut right after :meth:`Outbox.enqueue` cannot lose the record. One transaction per state change:

    pending --claim--> sending --mark_delivered(receipt)--> delivered
                               --mark_rejected(reason)---> rejected
                               --release(error)----------> pending (retried later, with backoff)

A process killed while a record is ``sending`` leaves it there; opening the outbox puts such rows
back to ``pending`` (:meth:`Outbox.recover`). Resending is safe because the record id is the
server's idempotency key: the same record gets the same receipt and never a second activation.
A record is therefore always either pending (possibly already activated, waiting for its receipt)
or delivered with a verified receipt, never lost and never half-written (one row, one commit).

A finished (delivered or rejected) record keeps its envelope for ``records.keep_finished_h``;
then :meth:`Outbox.purge_finished` empties it (the personal data and any sealed evidence go, the
id, state and receipt stay). ``secure_delete`` and a WAL checkpoint make sure the removed bytes
are overwritten in the files, not merely unlinked from the B-tree.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError

log = logging.getLogger(__name__)

STATES = ("pending", "sending", "delivered", "rejected")
PURGED = "{}"  # the envelope of a finished record whose contents were purged

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    record_id TEXT PRIMARY KEY,
    envelope TEXT NOT NULL,                 -- the signed envelope, JSON
    sealed_evidence BLOB,                   -- ciphertext sealed to the server; never plain images
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'rejected')),
    enqueued_at REAL NOT NULL,              -- wall clock, seconds since the epoch
    updated_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,    -- send attempts that ended without an answer
    next_attempt_at REAL NOT NULL DEFAULT 0,
    last_error TEXT,                        -- why the last attempt failed (plain words)
    receipt TEXT,                           -- the verified receipt envelope, JSON
    reject_code TEXT,
    reject_message TEXT,
    evidence_sent_at REAL,                  -- when the server confirmed the sealed evidence
    evidence_error TEXT                     -- why the server refused it for good
);
CREATE INDEX IF NOT EXISTS records_state ON records (state, next_attempt_at, enqueued_at);
"""
# Columns added after the first release: (name, declaration) for ALTER TABLE on older outboxes.
_ADDED_COLUMNS = (("evidence_sent_at", "REAL"), ("evidence_error", "TEXT"))
# A delivered record whose sealed evidence still has to go up.
_EVIDENCE_DUE = ("state = 'delivered' AND sealed_evidence IS NOT NULL "
                 "AND evidence_error IS NULL")


@dataclass(frozen=True)
class OutboxEntry:
    record_id: str
    state: str
    envelope: dict[str, Any]  # {} once the finished record was purged
    enqueued_at: float
    attempts: int
    next_attempt_at: float
    last_error: str | None
    receipt: dict[str, Any] | None
    reject_code: str | None
    reject_message: str | None
    has_sealed_evidence: bool


class Outbox:
    """Thread-safe (one connection behind a lock) and safe to share between processes (SQLite
    locking; a record is claimed for sending by one atomic UPDATE)."""

    def __init__(self, path: Path, *, clock=time.time) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._clock = clock
        self._lock = threading.RLock()
        try:
            # Owner-only before SQLite touches it: its -wal and -shm files copy these permissions,
            # and they hold signed records with personal data too.
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            self.path.chmod(0o600)
            self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            # Deleted and shrunk rows are zeroed on disk, so a purge really removes personal data.
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.executescript(_SCHEMA)
            self._add_missing_columns()
        except (sqlite3.Error, OSError) as exc:
            raise KioskError(f"outbox {self.path} cannot be opened: {exc}") from None
        self.recover()

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: committed on success, rolled back on any error."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _add_missing_columns(self) -> None:
        have = {row[1] for row in self._db.execute("PRAGMA table_info(records)")}
        for name, decl in _ADDED_COLUMNS:
            if name not in have:
                try:
                    self._db.execute(f"ALTER TABLE records ADD COLUMN {name} {decl}")
                except sqlite3.OperationalError as exc:
                    # another process opening the same old outbox added it a moment ago
                    if "duplicate column" not in str(exc):
                        raise

    def _overwrite_freed(self) -> None:
        """After removing personal data: the WAL still holds the old page images until they
        are checkpointed away (secure_delete zeroes the freed space in the database file)."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> float:
        """The outbox's clock (wall time, seconds since the epoch)."""
        return self._clock()

    def journal_mode(self) -> str:
        with self._lock:
            return self._db.execute("PRAGMA journal_mode").fetchone()[0]

    # -- state changes ------------------------------------------------------------------------

    def recover(self) -> int:
        """Put records left ``sending`` by a dead process back to pending. Returns how many."""
        with self._tx() as db:
            n = db.execute("UPDATE records SET state = 'pending', updated_at = ? "
                           "WHERE state = 'sending'", (self._clock(),)).rowcount
        if n:
            log.warning("outbox: %d record(s) were being sent when the kiosk stopped; "
                        "they will be sent again (idempotent)", n)
        return n

    def enqueue(self, envelope: dict[str, Any], sealed_evidence: bytes | None = None) -> str:
        """Store a signed envelope as pending; committed to disk before returning the record id.
        Enqueueing the same envelope again is a no-op; a different one with the same id fails."""
        record = envelope.get("record") if isinstance(envelope, dict) else None
        if not (isinstance(record, dict) and set(envelope) == {"record", "key_id", "signature"}
                and isinstance(record.get("record_id"), str)):
            raise KioskError("outbox takes a signed record envelope {record, key_id, signature}")
        record_id = record["record_id"]
        if sealed_evidence is None:
            sealed_evidence = getattr(envelope, "sealed_evidence", None)
        text = json.dumps(dict(envelope), ensure_ascii=False, separators=(",", ":"))
        now = self._clock()
        with self._tx() as db:
            row = db.execute("SELECT envelope FROM records WHERE record_id = ?",
                             (record_id,)).fetchone()
            if row is not None:
                if row[0] == PURGED:  # finished and emptied long ago: nothing left to do
                    return record_id
                if json.loads(row[0]) != json.loads(text):
                    raise KioskError(f"outbox already holds a different record {record_id}")
                return record_id
            db.execute("INSERT INTO records (record_id, envelope, sealed_evidence, state, "
                       "enqueued_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?)",
                       (record_id, text, sealed_evidence, now, now))
        log.info("outbox: record %s queued", record_id)
        return record_id

    def claim(self, record_id: str) -> bool:
        """pending -> sending; False when the record is not pending (someone else has it)."""
        with self._tx() as db:
            return db.execute("UPDATE records SET state = 'sending', updated_at = ? "
                              "WHERE record_id = ? AND state = 'pending'",
                              (self._clock(), record_id)).rowcount == 1

    def mark_delivered(self, record_id: str, receipt: dict[str, Any]) -> None:
        self._finish(record_id, "delivered",
                     receipt=json.dumps(receipt, ensure_ascii=False, separators=(",", ":")))

    def mark_rejected(self, record_id: str, code: str, message: str) -> None:
        self._finish(record_id, "rejected", reject_code=code, reject_message=message[:500])

    def _finish(self, record_id: str, state: str, *, receipt: str | None = None,
                reject_code: str | None = None, reject_message: str | None = None) -> None:
        with self._tx() as db:
            n = db.execute("UPDATE records SET state = ?, receipt = ?, reject_code = ?, "
                           "reject_message = ?, last_error = NULL, updated_at = ? "
                           "WHERE record_id = ? AND state = 'sending'",
                           (state, receipt, reject_code, reject_message, self._clock(),
                            record_id)).rowcount
        if n != 1:
            raise KioskError(f"outbox record {record_id} is not being sent; cannot mark it {state}")
        log.info("outbox: record %s %s%s", record_id, state,
                 f" ({reject_code})" if reject_code else "")

    def release(self, record_id: str, error: str, *, retry_in_s: float = 0.0) -> None:
        """sending -> pending after a failed attempt; not retried before ``retry_in_s``."""
        now = self._clock()
        with self._tx() as db:
            db.execute("UPDATE records SET state = 'pending', attempts = attempts + 1, "
                       "last_error = ?, next_attempt_at = ?, updated_at = ? "
                       "WHERE record_id = ? AND state = 'sending'",
                       (error[:500], now + max(0.0, retry_in_s), now, record_id))

    def purge_finished(self, older_than_s: float) -> int:
        """Empty delivered and rejected records finished at least ``older_than_s`` ago: their
        envelope (personal data) and sealed evidence are overwritten; id, state, receipt and
        rejection reason stay. A delivered record whose sealed evidence has not gone up yet
        waits for it. Returns how many were emptied."""
        with self._tx() as db:
            n = db.execute("UPDATE records SET envelope = ?, sealed_evidence = NULL "
                           "WHERE state IN ('delivered', 'rejected') AND updated_at <= ? "
                           f"AND envelope != ? AND NOT ({_EVIDENCE_DUE})",
                           (PURGED, self._clock() - max(0.0, older_than_s), PURGED)).rowcount
        if n:
            self._overwrite_freed()
            log.info("outbox: emptied %d finished record(s)", n)
        return n

    def mark_evidence_sent(self, record_id: str) -> None:
        """The server confirmed the sealed evidence: the kiosk's copy is overwritten."""
        self._evidence_done(record_id, None)

    def mark_evidence_refused(self, record_id: str, code: str, message: str) -> None:
        """The server refused the evidence for good: it is of no use here either, and goes."""
        self._evidence_done(record_id, f"{code}: {message}"[:500])

    def _evidence_done(self, record_id: str, error: str | None) -> None:
        with self._tx() as db:
            n = db.execute("UPDATE records SET sealed_evidence = NULL, evidence_sent_at = ?, "
                           f"evidence_error = ? WHERE record_id = ? AND {_EVIDENCE_DUE}",
                           (None if error else self._clock(), error, record_id)).rowcount
        if n:
            self._overwrite_freed()
            log.info("outbox: evidence of record %s %s", record_id,
                     "refused by the server" if error else "delivered")

    # -- reading --------------------------------------------------------------------------------

    def pending_ids(self, *, due_only: bool = False, limit: int | None = None) -> list[str]:
        """Pending record ids, oldest first; ``due_only``: those whose backoff has expired."""
        sql = "SELECT record_id FROM records WHERE state = 'pending'"
        args: list[Any] = []
        if due_only:
            sql += " AND next_attempt_at <= ?"
            args.append(self._clock())
        sql += " ORDER BY enqueued_at, rowid"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        with self._lock:
            return [r[0] for r in self._db.execute(sql, args)]

    def evidence_due_ids(self) -> list[str]:
        """Delivered records whose sealed evidence still has to go up, oldest first."""
        with self._lock:
            return [r[0] for r in self._db.execute(
                f"SELECT record_id FROM records WHERE {_EVIDENCE_DUE} "
                "ORDER BY enqueued_at, rowid")]

    def pending_refused_with(self, codes: frozenset[str] | set[str]) -> int:
        """How many pending records the server last answered with one of these refusal codes
        (kept pending because the refusal was about the kiosk, not the record)."""
        if not codes:
            return 0
        where = " OR ".join("last_error LIKE ?" for _ in codes)
        with self._lock:
            return int(self._db.execute(
                f"SELECT COUNT(*) FROM records WHERE state = 'pending' AND ({where})",
                [f"{code}:%" for code in sorted(codes)]).fetchone()[0])

    def latest_rejection(self) -> tuple[str, str | None, float] | None:
        """(reject code, signing key id, enqueued_at) when the most recently finished record was
        rejected (the key id is None once the record was purged); None when it was delivered or
        nothing has finished yet."""
        with self._lock:
            row = self._db.execute(
                "SELECT state, reject_code, envelope, enqueued_at FROM records "
                "WHERE state IN ('delivered', 'rejected') "
                "ORDER BY updated_at DESC, rowid DESC LIMIT 1").fetchone()
        if row is None or row[0] != "rejected":
            return None
        return str(row[1]), json.loads(row[2]).get("key_id"), float(row[3])

    def next_attempt_at(self) -> float | None:
        """When the earliest pending record is due again (None when nothing is pending)."""
        with self._lock:
            row = self._db.execute("SELECT MIN(next_attempt_at) FROM records "
                                   "WHERE state = 'pending'").fetchone()
        return row[0]

    def get(self, record_id: str) -> OutboxEntry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT record_id, state, envelope, enqueued_at, attempts, next_attempt_at, "
                "last_error, receipt, reject_code, reject_message, sealed_evidence IS NOT NULL "
                "FROM records WHERE record_id = ?", (record_id,)).fetchone()
        if row is None:
            return None
        return OutboxEntry(row[0], row[1], json.loads(row[2]), row[3], row[4], row[5], row[6],
                           json.loads(row[7]) if row[7] else None, row[8], row[9], bool(row[10]))

    def entries_since(self, since: float) -> list[OutboxEntry]:
        """Every record enqueued at or after ``since`` (wall clock), newest first."""
        with self._lock:
            ids = [r[0] for r in self._db.execute(
                "SELECT record_id FROM records WHERE enqueued_at >= ? "
                "ORDER BY enqueued_at DESC, rowid DESC", (since,))]
        return [e for e in (self.get(i) for i in ids) if e is not None]

    def sealed_evidence(self, record_id: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT sealed_evidence FROM records WHERE record_id = ?",
                                   (record_id,)).fetchone()
        return None if row is None or row[0] is None else bytes(row[0])

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM records GROUP BY state")
            found = dict(rows.fetchall())
        return {s: int(found.get(s, 0)) for s in STATES}

    def status(self) -> dict[str, Any]:
        """``pending`` counts records being sent too: they are not delivered until receipted.
        ``oldest_pending_age_s`` is null when nothing is pending. ``evidence_pending``: delivered
        records whose sealed evidence has not gone up yet."""
        counts = self.counts()
        with self._lock:
            oldest = self._db.execute("SELECT MIN(enqueued_at) FROM records "
                                      "WHERE state IN ('pending', 'sending')").fetchone()[0]
            evidence = self._db.execute(
                f"SELECT COUNT(*) FROM records WHERE {_EVIDENCE_DUE}").fetchone()[0]
        age = None if oldest is None else round(max(0.0, self._clock() - oldest), 1)
        return {"pending": counts["pending"] + counts["sending"],
                "delivered": counts["delivered"], "rejected": counts["rejected"],
                "oldest_pending_age_s": age, "evidence_pending": int(evidence)}
