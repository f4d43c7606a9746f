"""The durable outbox: every signed record is committed here before anything is sent.

SQLite in WAL mode with ``synchronous=FULL``: a transaction that returned is on disk, so a power
cut right after :meth:`Outbox.enqueue` cannot lose the record. One transaction per state change:

    pending --claim--> sending --mark_delivered(receipt)--> delivered
                               --mark_rejected(reason)---> rejected
                               --release(error)----------> pending (retried later, with backoff)

A claim belongs to one live process: ``claim_owner`` names it (host, pid, the pid's start time
and a random token) and ``claim_until`` is its lease. :meth:`Outbox.recover` takes back only the
claims whose owner is gone (or whose lease ran out), so opening the outbox (``outbox status``)
never disturbs a send in flight in another process. Resending is safe because the record id is
the server's idempotency key: the same record gets the same receipt and never a second
activation. A record is therefore always either pending (possibly already activated, waiting for
its receipt) or delivered with a verified receipt, never lost and never half-written.

The database file is opened only through SQLite, and once per process (a registry shares the
connection): closing any other descriptor of the file would drop SQLite's POSIX locks, and
another process could then delete the live WAL under this one. A marker file beside the database
remembers that an outbox existed, so a deleted or emptied outbox is reported, never silently
started afresh. Every storage error reaches the caller as one :class:`OutboxError` line.

A finished (delivered or rejected) record keeps its envelope for ``records.keep_finished_h``;
then :meth:`Outbox.purge_finished` empties it (the personal data and any sealed evidence go, the
id, state and receipt stay). ``secure_delete`` and a WAL checkpoint make sure the removed bytes
are overwritten in the files, not merely unlinked from the B-tree.

Sealed at rest (``seal_to``, see kiosk.records.at_rest): the ``envelope`` column holds
``{"sealed": {...}}``, the signed envelope encrypted to the server's key, which this kiosk cannot
open again; what the kiosk needs without it (the signing key id, kiosk id, the ICCID's last four
digits and digests for the receipt check and idempotent enqueue) sits in plain columns beside it.

The outbox is split by concern: outbox_schema (layout and migrations), outbox_wal and
outbox_connection (integrity checks, the marker file, opening), outbox_claims (claim owners and
leases), outbox_errors (storage errors), outbox_reserve, outbox_sealing and outbox_reading (mixins
of :class:`Outbox`). This module holds the Outbox and its state transitions, and re-exports the
names other modules import from ``kiosk.records.outbox``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.errors import KioskError
from kiosk.records.outbox_claims import _HOST as _HOST
from kiosk.records.outbox_claims import DEFAULT_LEASE_S as DEFAULT_LEASE_S
from kiosk.records.outbox_claims import _start_ticks as _start_ticks
from kiosk.records.outbox_claims import owner_alive as owner_alive
from kiosk.records.outbox_claims import owner_id as owner_id
from kiosk.records.outbox_connection import _OPEN as _OPEN
from kiosk.records.outbox_connection import _OPEN_LOCK as _OPEN_LOCK
from kiosk.records.outbox_connection import MARKER_SUFFIX as MARKER_SUFFIX
from kiosk.records.outbox_connection import _open_connection as _open_connection
from kiosk.records.outbox_connection import _Shared as _Shared
from kiosk.records.outbox_errors import _NO_RESERVE as _NO_RESERVE
from kiosk.records.outbox_errors import OutboxError as OutboxError
from kiosk.records.outbox_errors import _disk_nearly_full as _disk_nearly_full
from kiosk.records.outbox_errors import _free_bytes as _free_bytes
from kiosk.records.outbox_errors import _storage as _storage
from kiosk.records.outbox_errors import plain_storage_error as plain_storage_error
from kiosk.records.outbox_reading import OutboxEntry as OutboxEntry
from kiosk.records.outbox_reading import Reading
from kiosk.records.outbox_reserve import RESERVE_BYTES as RESERVE_BYTES
from kiosk.records.outbox_reserve import RESERVE_SUFFIX as RESERVE_SUFFIX
from kiosk.records.outbox_reserve import DiskReserve
from kiosk.records.outbox_schema import _CREATE_V0 as _CREATE_V0
from kiosk.records.outbox_schema import _DUE as _DUE
from kiosk.records.outbox_schema import _EVIDENCE_DUE as _EVIDENCE_DUE
from kiosk.records.outbox_schema import _INDEX as _INDEX
from kiosk.records.outbox_schema import _MIGRATIONS as _MIGRATIONS
from kiosk.records.outbox_schema import PURGED as PURGED
from kiosk.records.outbox_schema import SCHEMA_VERSION as SCHEMA_VERSION
from kiosk.records.outbox_schema import OutboxState as OutboxState
from kiosk.records.outbox_schema import _loads as _loads
from kiosk.records.outbox_schema import _migrate as _migrate
from kiosk.records.outbox_schema import schema_version as schema_version
from kiosk.records.outbox_sealing import SealingAtRest
from kiosk.records.outbox_wal import _wal_checksum as _wal_checksum
from kiosk.records.outbox_wal import wal_damage as wal_damage
from simcontract import sealing

log = logging.getLogger(__name__)


class Outbox(DiskReserve, SealingAtRest, Reading):
    """Thread-safe (one connection behind a lock, shared by every Outbox on the same file in
    this process) and safe to share between processes (SQLite locking; a record is claimed for
    sending by one atomic UPDATE that names its owner)."""

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], float] = time.time,
        seal_to: X25519PublicKey | Callable[[], X25519PublicKey | None] | None = None,
        require_sealed: bool = False,
    ) -> None:
        """``seal_to``: the server's transport key (or what finds it: the kiosk may learn it
        after opening); every record is stored sealed to it, and plain ones found on opening
        are sealed. ``require_sealed`` while no key is known: no record is taken (never stored
        plain)."""
        self.path = Path(path)
        self._clock = clock
        self._closed = False
        self._seal_to = seal_to
        self._require_sealed = require_sealed
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            key = os.path.realpath(self.path)
            with _OPEN_LOCK:
                shared = _OPEN.get(key)
                if shared is not None and shared.pid == os.getpid():
                    shared.refs += 1
                else:
                    shared = _Shared(self._open_with_reserve(), threading.RLock(), os.getpid())
                    _OPEN[key] = shared
        except OutboxError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise OutboxError(
                f"outbox {self.path} cannot be opened: {plain_storage_error(exc, self.path)}"
            ) from None
        self._key = key
        self._shared = shared
        self._db = shared.db
        self._lock = shared.lock
        self._keep_reserve()
        try:
            self._seal_plain()
        except OutboxError as exc:
            log.error("outbox: plain records not sealed yet: %s", exc)
        try:
            self.recover()
        except OutboxError as exc:
            # e.g. a full disk: reading (status, diagnose) must still work
            log.error("outbox: records of stopped senders not taken back yet: %s", exc)

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: committed on success, rolled back on any error (a COMMIT
        that fails, e.g. on a full disk, too: the connection must not stay in a transaction)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise

    def _overwrite_freed(self) -> None:
        """After removing personal data: the WAL still holds the old page images until they
        are checkpointed away (secure_delete zeroes the freed space in the database file)."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Idempotent; the shared connection closes with the last Outbox on the file."""
        if self._closed:
            return
        self._closed = True
        with _OPEN_LOCK:
            self._shared.refs -= 1
            if self._shared.refs == 0:
                with self._lock:
                    self._db.close()
                if _OPEN.get(self._key) is self._shared:
                    del _OPEN[self._key]

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> float:
        """The outbox's clock (wall time, seconds since the epoch)."""
        return self._clock()

    @_storage
    def journal_mode(self) -> str:
        with self._lock:
            return self._db.execute("PRAGMA journal_mode").fetchone()[0]

    @_storage
    def schema_version(self) -> int:
        with self._lock:
            return schema_version(self._db)

    @_storage
    def check(self) -> list[str]:
        """Problems found by SQLite's quick check and in the stored rows (empty: all well)."""
        with self._lock:
            found = [r[0] for r in self._db.execute("PRAGMA quick_check(5)")]
            unreadable = self._db.execute(
                "SELECT COUNT(*) FROM records WHERE problem IS NOT NULL"
            ).fetchone()[0]
        problems = [] if found == ["ok"] else [f"database damaged: {p[:120]}" for p in found]
        if unreadable:
            problems.append(f"{unreadable} record(s) unreadable and set aside (not sent)")
        return problems

    # -- state changes ------------------------------------------------------------------------

    @_storage
    def recover(self) -> int:
        """Put back to pending the records claimed by a process that is gone (or whose lease
        ran out: a process that hangs must not hold a customer's record for ever). Claims of
        live processes are left alone. Returns how many were taken back."""
        now = self._clock()
        with self._lock:
            rows = self._db.execute(
                "SELECT record_id, claim_owner, claim_until FROM records WHERE state = 'sending'"
            ).fetchall()
        stale = [
            (rid, owner)
            for rid, owner, until in rows
            if owner_alive(owner) is False or (until is not None and until < now)
        ]
        if not stale:
            return 0
        n = 0
        with self._tx() as db:
            for record_id, owner in stale:
                n += db.execute(
                    "UPDATE records SET state = 'pending', claim_owner = NULL, "
                    "claim_until = NULL, updated_at = ? WHERE record_id = ? AND "
                    "state = 'sending' AND claim_owner IS ?",
                    (now, record_id, owner),
                ).rowcount
        if n:
            log.warning(
                "outbox: %d record(s) were being sent by a process that stopped; "
                "they will be sent again (the server answers a repeat with the same "
                "receipt)",
                n,
            )
        return n

    @_storage
    def enqueue(self, envelope: dict[str, Any], sealed_evidence: bytes | None = None) -> str:
        """Store a signed envelope as pending; committed to disk before returning the record id.
        Enqueueing the same envelope again is a no-op; a different one with the same id fails."""
        record = envelope.get("record") if isinstance(envelope, dict) else None
        if not (
            isinstance(record, dict)
            and set(envelope) == {"record", "key_id", "signature"}
            and isinstance(record.get("record_id"), str)
        ):
            raise KioskError("outbox takes a signed record envelope {record, key_id, signature}")
        record_id = record["record_id"]
        if sealed_evidence is None:
            sealed_evidence = getattr(envelope, "sealed_evidence", None)
        key = self._seal_key()
        if key is None and self._require_sealed:
            raise OutboxError(
                f"outbox {self.path}: the server's key is not known yet, and "
                "records are never stored plain (records.seal_at_rest); connect "
                "the kiosk to the server once"
            )
        facts = sealing.public_fields(envelope)
        self._keep_reserve()  # back once there is room again
        if self.reserve_used():
            # the room left is for sending what is queued already (the freeze rules stop new
            # enrollments well before this)
            raise OutboxError(
                f"outbox {self.path}: the disk is full (free some space; no "
                "record was lost, the queued ones are still sent)"
            )
        now = self._clock()
        with self._tx() as db:
            row = db.execute(
                "SELECT envelope, envelope_sha256 FROM records WHERE record_id = ?", (record_id,)
            ).fetchone()
            if row is not None:
                if row[0] == PURGED:  # finished and emptied long ago: nothing left to do
                    return record_id
                same = (
                    row[1] == facts["envelope_sha256"]
                    if row[1] is not None
                    else _loads(row[0]) == json.loads(json.dumps(dict(envelope)))
                )
                if not same:
                    raise KioskError(f"outbox already holds a different record {record_id}")
                return record_id
            db.execute(
                "INSERT INTO records (record_id, envelope, sealed_evidence, state, "
                "enqueued_at, updated_at, key_id, kiosk_id, iccid_tail, iccid_sha256, "
                "envelope_sha256) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)",
                (
                    record_id,
                    self._stored_form(envelope, key),
                    sealed_evidence,
                    now,
                    now,
                    facts["key_id"],
                    facts["kiosk_id"],
                    facts["iccid_tail"],
                    facts["iccid_sha256"],
                    facts["envelope_sha256"],
                ),
            )
        log.info("outbox: record %s queued", record_id)
        return record_id

    @_storage
    def claim(self, record_id: str, *, lease_s: float = DEFAULT_LEASE_S) -> bool:
        """pending -> sending, owned by this process for ``lease_s``; False when the record is
        not pending (someone else has it) or is set aside as unreadable."""
        now = self._clock()
        with self._tx() as db:
            return (
                db.execute(
                    "UPDATE records SET state = 'sending', claim_owner = ?, "
                    "claim_until = ?, updated_at = ? WHERE record_id = ? AND "
                    "state = 'pending' AND problem IS NULL",
                    (owner_id(), now + lease_s, now, record_id),
                ).rowcount
                == 1
            )

    def mark_delivered(self, record_id: str, receipt: dict[str, Any]) -> None:
        self._finish(
            record_id,
            OutboxState.DELIVERED,
            receipt=json.dumps(receipt, ensure_ascii=False, separators=(",", ":")),
        )

    def mark_rejected(self, record_id: str, code: str, message: str) -> None:
        self._finish(
            record_id, OutboxState.REJECTED, reject_code=code, reject_message=message[:500]
        )

    @_storage
    def _finish(
        self,
        record_id: str,
        state: OutboxState,
        *,
        receipt: str | None = None,
        reject_code: str | None = None,
        reject_message: str | None = None,
    ) -> None:
        """The server's final word counts whoever holds the claim now: a verified receipt or
        refusal is the same for every sender of this record. A record another process finished
        meanwhile stays as it is."""
        with self._tx() as db:
            n = db.execute(
                "UPDATE records SET state = ?, receipt = ?, reject_code = ?, "
                "reject_message = ?, last_error = NULL, refusal_code = NULL, "
                "claim_owner = NULL, claim_until = NULL, updated_at = ? "
                "WHERE record_id = ? AND state IN ('sending', 'pending')",
                (state, receipt, reject_code, reject_message, self._clock(), record_id),
            ).rowcount
            if n != 1:
                row = db.execute(
                    "SELECT state FROM records WHERE record_id = ?", (record_id,)
                ).fetchone()
                if row is None:
                    raise KioskError(f"no record {record_id} in the outbox")
                log.info("outbox: record %s was %s by another process already", record_id, row[0])
                return
        log.info(
            "outbox: record %s %s%s", record_id, state, f" ({reject_code})" if reject_code else ""
        )

    @_storage
    def release(
        self,
        record_id: str,
        error: str,
        *,
        retry_in_s: float = 0.0,
        refusal_code: str | None = None,
    ) -> None:
        """sending -> pending after a failed attempt; not retried before ``retry_in_s``.
        ``refusal_code``: the server refused the kiosk (not the record), which freezes it."""
        now = self._clock()
        with self._tx() as db:
            db.execute(
                "UPDATE records SET state = 'pending', attempts = attempts + 1, "
                "last_error = ?, refusal_code = ?, next_attempt_at = ?, updated_at = ?, "
                "claim_owner = NULL, claim_until = NULL "
                "WHERE record_id = ? AND state = 'sending' AND claim_owner = ?",
                (error[:500], refusal_code, now + max(0.0, retry_in_s), now, record_id, owner_id()),
            )

    @_storage
    def quarantine(self, record_id: str, problem: str) -> None:
        """Set an unreadable record aside (pending, never sent, counted in status) so the rest
        still flow; a technician restores or removes it."""
        with self._tx() as db:
            db.execute(
                "UPDATE records SET state = 'pending', problem = ?, claim_owner = NULL, "
                "claim_until = NULL, updated_at = ? WHERE record_id = ? "
                "AND state IN ('pending', 'sending')",
                (problem[:300], self._clock(), record_id),
            )
        log.error("outbox: record %s is unreadable and set aside: %s", record_id, problem)

    @_storage
    def purge_finished(self, older_than_s: float) -> int:
        """Empty delivered and rejected records finished at least ``older_than_s`` ago: their
        envelope (personal data) and sealed evidence are overwritten; id, state, receipt and
        rejection reason stay. A delivered record whose sealed evidence has not gone up yet
        waits for it. Returns how many were emptied."""
        with self._tx() as db:
            n = db.execute(
                "UPDATE records SET envelope = ?, sealed_evidence = NULL, "
                "iccid_tail = NULL, iccid_sha256 = NULL "
                "WHERE state IN ('delivered', 'rejected') AND updated_at <= ? "
                f"AND envelope != ? AND NOT ({_EVIDENCE_DUE})",
                (PURGED, self._clock() - max(0.0, older_than_s), PURGED),
            ).rowcount
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

    @_storage
    def _evidence_done(self, record_id: str, error: str | None) -> None:
        with self._tx() as db:
            n = db.execute(
                "UPDATE records SET sealed_evidence = NULL, evidence_sent_at = ?, "
                f"evidence_error = ? WHERE record_id = ? AND {_EVIDENCE_DUE}",
                (None if error else self._clock(), error, record_id),
            ).rowcount
        if n:
            self._overwrite_freed()
            log.info(
                "outbox: evidence of record %s %s",
                record_id,
                "refused by the server" if error else "delivered",
            )

    @_storage
    def set_meta(self, key: str, value: Any) -> None:
        """A small shared fact (JSON), e.g. the clock skew the last server answer showed."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (key, json.dumps(value), self._clock()),
            )

    @_storage
    def meta(self, key: str) -> tuple[Any, float] | None:
        """(value, when it was set) or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT value, updated_at FROM meta WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else (json.loads(row[0]), float(row[1]))
