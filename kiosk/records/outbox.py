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
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import secrets
import shutil
import socket
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.errors import KioskError
from kiosk.records import sealing

log = logging.getLogger(__name__)

STATES = ("pending", "sending", "delivered", "rejected")
PURGED = "{}"  # the envelope of a finished record whose contents were purged
MARKER_SUFFIX = ".created"  # beside the database: "an outbox was made here"
DEFAULT_LEASE_S = 600.0  # how long a claim holds when its owner cannot be checked
RESERVE_SUFFIX = ".reserve"  # beside the database: room kept free for draining a full disk
RESERVE_BYTES = 4 * 1024 * 1024

# The layout as of each version (PRAGMA user_version). Version 0 is the first release (no
# evidence columns); 1 added the evidence columns (before versions were numbered, hence found by
# looking at the columns); 2 the claim owner and lease, the server's refusal code as data, the
# quarantine reason and the meta table.
# 3 the plain, non-personal facts kept beside a record sealed at rest (kiosk.records.sealing).
SCHEMA_VERSION = 3
_CREATE_V0 = """
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
    reject_message TEXT
)
"""
_INDEX = "CREATE INDEX IF NOT EXISTS records_state ON records (state, next_attempt_at, enqueued_at)"
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 0 -> 1
    1: ("ALTER TABLE records ADD COLUMN evidence_sent_at REAL",  # evidence confirmed
        "ALTER TABLE records ADD COLUMN evidence_error TEXT"),   # evidence refused for good
    # 1 -> 2
    2: ("ALTER TABLE records ADD COLUMN claim_owner TEXT",  # the process sending it
        "ALTER TABLE records ADD COLUMN claim_until REAL",  # its lease (wall clock)
        "ALTER TABLE records ADD COLUMN refusal_code TEXT",  # kept pending: kiosk not accepted
        "ALTER TABLE records ADD COLUMN problem TEXT",  # set aside: the stored row is unreadable
        # what the ad hoc versions inferred from free text becomes data
        "UPDATE records SET refusal_code = substr(last_error, 1, instr(last_error, ':') - 1) "
        "WHERE state IN ('pending', 'sending') AND (last_error LIKE 'unknown_kiosk:%' "
        "OR last_error LIKE 'key_mismatch:%')",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
        "updated_at REAL NOT NULL)"),
    # 2 -> 3: envelope may now hold {"sealed": {...}} (ciphertext for the server); these stay
    # readable. Filled for old rows (and their plain envelopes sealed) by Outbox._seal_plain.
    3: ("ALTER TABLE records ADD COLUMN key_id TEXT",  # the device key that signed it
        "ALTER TABLE records ADD COLUMN kiosk_id TEXT",
        "ALTER TABLE records ADD COLUMN iccid_tail TEXT",  # last four digits, the clerk's list
        "ALTER TABLE records ADD COLUMN iccid_sha256 TEXT",  # to check the receipt's ICCID
        "ALTER TABLE records ADD COLUMN envelope_sha256 TEXT"),  # same record again?
}
# A delivered record whose sealed evidence still has to go up.
_EVIDENCE_DUE = ("state = 'delivered' AND sealed_evidence IS NOT NULL "
                 "AND evidence_error IS NULL")
# A pending record a sender may take. ``updated_at > now``: the wall clock moved back since the
# record was last touched, so its next_attempt_at (computed on the old clock) is meaningless.
_DUE = "(next_attempt_at <= :now OR updated_at > :now + 1)"


class OutboxError(KioskError):
    """The outbox cannot be used: damaged, missing, the disk full. One plain line."""


@dataclass(frozen=True)
class OutboxEntry:
    record_id: str
    state: str
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


# -- who holds a claim ----------------------------------------------------------------------------

_HOST = socket.gethostname()
_owner_cache: tuple[int, str] | None = None


def _start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc), which tells a live process
    from a later one that reused its pid; None where /proc is not there."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: count from the last ')'
    fields = stat[stat.rindex(b")") + 2:].split()
    return fields[19].decode()


def owner_id() -> str:
    """This process's claim owner id: ``host:pid:start ticks:random token``."""
    global _owner_cache
    pid = os.getpid()
    if _owner_cache is None or _owner_cache[0] != pid:  # a forked child is another owner
        _owner_cache = (pid, f"{_HOST}:{pid}:{_start_ticks(pid) or '-'}:{secrets.token_hex(4)}")
    return _owner_cache[1]


def owner_alive(owner: str | None) -> bool | None:
    """True/False when it can be told (an owner on this machine), None when it cannot."""
    if not owner:
        return False  # claimed by a version that did not record owners: only a crash left it
    try:
        host, pid_text, ticks, _token = owner.rsplit(":", 3)
        pid = int(pid_text)
    except ValueError:
        return False
    if host != _HOST:
        return None
    if owner == owner_id():
        return True
    now_ticks = _start_ticks(pid)
    if now_ticks is not None:
        return now_ticks == ticks
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- storage errors in plain words ----------------------------------------------------------------

def _free_bytes(path: Path) -> int:
    try:
        return shutil.disk_usage(path.parent).free
    except OSError:
        return 1 << 62  # unknown: do not refuse for it


def _disk_nearly_full(path: Path | None) -> bool:
    return path is not None and _free_bytes(path) < 256 * 1024


def plain_storage_error(exc: BaseException, path: Path | None = None) -> str:
    """One plain line for a storage error (``path``: the outbox, to tell a full disk behind
    SQLite's "disk I/O error")."""
    text = str(exc)
    low = text.lower()
    if ("disk is full" in low or "no space" in low or getattr(exc, "errno", None) == 28
            or ("i/o error" in low and _disk_nearly_full(path))):
        return "the disk is full (free some space; no record was lost)"
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return "the outbox file is damaged (a technician must restore it; see simkiosk diagnose)"
    if "locked" in low or "busy" in low:
        return "the outbox is busy in another process for too long (try again)"
    if "readonly" in low or "read-only" in low or "permission" in low:
        return "the outbox cannot be written (read-only file or directory)"
    if "unable to open" in low:
        return "the outbox file cannot be opened"
    return text.splitlines()[0][:200] if text else type(exc).__name__


F = TypeVar("F", bound=Callable[..., Any])


def _storage(func: F) -> F:
    """sqlite3 and OS errors leave a public method as one OutboxError line, never a traceback.
    On a full disk, what drains the outbox (every change but a new record) frees the disk
    reserve and tries once more: new enrollments stop, the records already taken still go."""
    @functools.wraps(func)
    def wrapper(self: Outbox, *args: Any, **kwargs: Any) -> Any:
        for attempt in (1, 2):
            try:
                return func(self, *args, **kwargs)
            except (sqlite3.Error, OSError) as exc:
                reason = plain_storage_error(exc, self.path)
                if (attempt == 1 and reason.startswith("the disk is full")
                        and func.__name__ not in _NO_RESERVE and self._release_reserve()):
                    continue
                raise OutboxError(f"outbox {self.path}: {reason}") from None
        raise AssertionError("unreachable")
    return wrapper  # type: ignore[return-value]


_NO_RESERVE = frozenset({"enqueue"})  # a new record must not eat the room kept for draining


# -- one connection per file per process ----------------------------------------------------------

@dataclass
class _Shared:
    db: sqlite3.Connection
    lock: threading.RLock
    pid: int
    refs: int = 1


_OPEN: dict[str, _Shared] = {}
_OPEN_LOCK = threading.Lock()


def _wal_checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    """SQLite's WAL checksum (pairs of 32-bit words, in the byte order the magic names)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def wal_damage(path: Path) -> str | None:
    """Why the outbox's write-ahead log would lose committed transactions, or None. SQLite
    replays a WAL only up to its first frame that does not check out and silently drops the
    rest; frames after it that carry the log's current salt are committed work that would be
    lost. (A torn last frame of a crash has nothing after it: not damage.)"""
    wal = path.with_name(path.name + "-wal")
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < 32:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:32])
    if magic not in (0x377F0682, 0x377F0683):
        return "its header is not a WAL header" if any(data[:32]) else None
    big = magic == 0x377F0683
    if (c0, c1) != _wal_checksum(data[:24], big) or page_size < 512:
        # a header that does not check out makes SQLite ignore every frame
        frames = (len(data) - 32) // (24 + max(page_size, 512))
        return f"its header is damaged ({frames} frame(s) would be ignored)" if frames else None
    frame_size = 24 + page_size
    s0, s1 = c0, c1
    offset, bad_at = 32, None
    while offset + frame_size <= len(data):
        head = data[offset:offset + 24]
        _page, _commit, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", head)
        if (f_salt1, f_salt2) != (salt1, salt2):
            if bad_at is None:
                break  # older frames of a log that was restarted: the valid log ends here
        elif bad_at is None:
            s0, s1 = _wal_checksum(head[:8], big, s0, s1)
            s0, s1 = _wal_checksum(data[offset + 24:offset + frame_size], big, s0, s1)
            if (s0, s1) != (f0, f1):
                bad_at = (offset - 32) // frame_size
        else:
            later = (len(data) - offset) // frame_size
            return (f"frame {bad_at + 1} does not check out and {later} frame(s) after it "
                    "would be dropped")
        offset += frame_size
    return None


def _open_connection(path: Path) -> sqlite3.Connection:
    marker = path.with_name(path.name + MARKER_SUFFIX)
    damage = wal_damage(path)
    if damage is not None:
        raise OutboxError(
            f"outbox {path}: its write-ahead log ({path.name}-wal) is damaged: {damage}; "
            "committed records would be lost. Technician: keep a copy of the outbox files; to "
            f"accept the loss, move {path.name}-wal aside")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = None
    if marker.exists() and not size:
        raise OutboxError(
            f"outbox {path} is {'missing' if size is None else 'empty'}, but an outbox with "
            f"records existed here (marker {marker.name}); records may be lost. Technician: "
            f"restore the file from a backup; to start a new, empty outbox remove {marker}")
    db = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    try:
        # Owner-only before SQLite writes anything: its -wal and -shm files copy the database
        # file's permissions, and they hold signed records with personal data too. (A chmod by
        # name, never an open() of the file: closing that descriptor would drop SQLite's locks.)
        os.chmod(path, 0o600)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        # Deleted and shrunk rows are zeroed on disk, so a purge really removes personal data.
        db.execute("PRAGMA secure_delete=ON")
        problems = [r[0] for r in db.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise OutboxError(f"outbox {path} is damaged ({problems[0][:120]}); a technician "
                              "must restore it from a backup")
        _migrate(db)
    except BaseException:
        db.close()
        raise
    if not marker.exists():
        marker.write_text("an outbox was created here; if the database beside this file is gone, "
                          "records were lost\n")
    return db


def schema_version(db: sqlite3.Connection) -> int:
    """The layout version of an open outbox (0 and 1 told apart by their columns)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version:
        return int(version)
    columns = {row[1] for row in db.execute("PRAGMA table_info(records)")}
    if not columns:
        return -1  # nothing there yet
    return 1 if "evidence_sent_at" in columns else 0


def _migrate(db: sqlite3.Connection) -> None:
    """Bring the outbox to SCHEMA_VERSION, one version at a time, in one transaction (two
    processes opening the same old outbox: the second finds it done)."""
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(db)
        if version < 0:
            # not executescript(): it would commit the transaction first
            db.execute(_CREATE_V0)
            db.execute(_INDEX)
            version = 0
        if version > SCHEMA_VERSION:
            raise OutboxError(f"the outbox was written by a newer simkiosk (layout {version}, "
                              f"this one knows {SCHEMA_VERSION}); update the kiosk software")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[target]:
                db.execute(statement)
            log.info("outbox: layout migrated to version %d", target)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class Outbox:
    """Thread-safe (one connection behind a lock, shared by every Outbox on the same file in
    this process) and safe to share between processes (SQLite locking; a record is claimed for
    sending by one atomic UPDATE that names its owner)."""

    def __init__(self, path: Path, *, clock=time.time,
                 seal_to: X25519PublicKey | Callable[[], X25519PublicKey | None] | None = None,
                 require_sealed: bool = False) -> None:
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
            raise OutboxError(f"outbox {self.path} cannot be opened: "
                              f"{plain_storage_error(exc, self.path)}") from None
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

    # -- the disk reserve -------------------------------------------------------------------------

    def _open_with_reserve(self) -> sqlite3.Connection:
        """Opening needs room too (SQLite makes its -wal and -shm files): on a full disk the
        reserve is freed so that the outbox can still be read and drained."""
        try:
            return _open_connection(self.path)
        except (sqlite3.Error, OSError) as exc:
            if not (plain_storage_error(exc, self.path).startswith("the disk is full")
                    and self._release_reserve()):
                raise
        return _open_connection(self.path)

    @property
    def reserve_path(self) -> Path:
        return self.path.with_name(self.path.name + RESERVE_SUFFIX)

    @property
    def _spent_path(self) -> Path:
        return self.path.with_name(self.path.name + RESERVE_SUFFIX + "-spent")

    def _keep_reserve(self) -> None:
        """Set RESERVE_BYTES aside on the outbox's disk while there is plenty of room, so that
        records can still be sent and marked delivered once the disk has filled up."""
        if self.reserve_path.exists():
            return
        try:
            if _free_bytes(self.path) < 8 * RESERVE_BYTES:
                return
            tmp = self.reserve_path.with_name(f".{self.reserve_path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(b"\0" * RESERVE_BYTES)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.reserve_path)
            self._spent_path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("outbox: no disk reserve set aside: %s", exc)

    def _release_reserve(self) -> bool:
        """The disk is full: free the reserve so that the outbox can drain. True when freed.
        (Renamed, then emptied: a rename needs no room, and the empty file remembers it.)"""
        try:
            os.replace(self.reserve_path, self._spent_path)
            os.truncate(self._spent_path, 0)
        except FileNotFoundError:
            return False
        except OSError as exc:
            log.error("outbox: the disk reserve cannot be freed: %s", exc)
            return False
        log.error("outbox: the disk is full; its reserve (%d bytes) is freed so that records "
                  "can still be sent", RESERVE_BYTES)
        return True

    def reserve_used(self) -> bool:
        """The disk filled up and the reserve was spent (it comes back once there is room)."""
        return self._spent_path.exists() and not self.reserve_path.exists()

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
                "SELECT COUNT(*) FROM records WHERE problem IS NOT NULL").fetchone()[0]
        problems = [] if found == ["ok"] else [f"database damaged: {p[:120]}" for p in found]
        if unreadable:
            problems.append(f"{unreadable} record(s) unreadable and set aside (not sent)")
        return problems

    # -- sealing at rest ------------------------------------------------------------------------

    def _seal_key(self) -> X25519PublicKey | None:
        if self._seal_to is None or isinstance(self._seal_to, X25519PublicKey):
            return self._seal_to
        key = self._seal_to()
        if key is not None:
            self._seal_to = key  # pinned keys do not change under a running kiosk
            # learnt after opening: what an older release left plain is sealed now, not at the
            # next start
            try:
                self._seal_plain()
            except OutboxError as exc:
                log.error("outbox: plain records not sealed yet: %s", exc)
        return key

    @property
    def seals(self) -> bool:
        """New records are stored sealed to the server."""
        return self._seal_key() is not None

    def _stored_form(self, envelope: dict[str, Any], key: X25519PublicKey | None) -> str:
        stored = envelope if key is None else sealing.seal_envelope(envelope, key)
        return json.dumps(dict(stored), ensure_ascii=False, separators=(",", ":"))

    @_storage
    def _seal_plain(self) -> int:
        """Records stored plain (by an older kiosk, or with records.seal_at_rest off): fill in
        their plain facts and, when the server's key is known, seal them; then the old bytes
        are overwritten (VACUUM rewrites the file, free pages included; the WAL is truncated).
        Returns how many were sealed."""
        key = self._seal_key()  # first: resolving the key may seal them already
        with self._lock:
            rows = self._db.execute(
                "SELECT record_id, envelope, envelope_sha256 FROM records WHERE envelope != ? "
                "AND envelope NOT LIKE '{\"sealed\":%'", (PURGED,)).fetchall()
        todo = [(rid, text) for rid, text, known in rows if key is not None or known is None]
        if not todo:
            return 0
        sealed = 0
        with self._tx() as db:
            for record_id, text in todo:
                envelope = _loads(text)
                if not isinstance(envelope, dict) or not isinstance(envelope.get("record"), dict):
                    continue  # unreadable: get() sets it aside as before
                facts = sealing.public_fields(envelope)
                new_text = text if key is None else self._stored_form(envelope, key)
                n = db.execute("UPDATE records SET envelope = ?, key_id = ?, kiosk_id = ?, "
                               "iccid_tail = ?, iccid_sha256 = ?, envelope_sha256 = ? "
                               "WHERE record_id = ? AND envelope = ?",
                               (new_text, facts["key_id"], facts["kiosk_id"],
                                facts["iccid_tail"], facts["iccid_sha256"],
                                facts["envelope_sha256"], record_id, text)).rowcount
                sealed += n if new_text != text else 0
        if sealed:
            with self._lock:
                self._db.execute("VACUUM")
            self._overwrite_freed()
            log.info("outbox: %d plain record(s) sealed to the server's key", sealed)
        return sealed

    # -- state changes ------------------------------------------------------------------------

    @_storage
    def recover(self) -> int:
        """Put back to pending the records claimed by a process that is gone (or whose lease
        ran out: a process that hangs must not hold a customer's record for ever). Claims of
        live processes are left alone. Returns how many were taken back."""
        now = self._clock()
        with self._lock:
            rows = self._db.execute("SELECT record_id, claim_owner, claim_until FROM records "
                                    "WHERE state = 'sending'").fetchall()
        stale = [(rid, owner) for rid, owner, until in rows
                 if owner_alive(owner) is False or (until is not None and until < now)]
        if not stale:
            return 0
        n = 0
        with self._tx() as db:
            for record_id, owner in stale:
                n += db.execute("UPDATE records SET state = 'pending', claim_owner = NULL, "
                                "claim_until = NULL, updated_at = ? WHERE record_id = ? AND "
                                "state = 'sending' AND claim_owner IS ?",
                                (now, record_id, owner)).rowcount
        if n:
            log.warning("outbox: %d record(s) were being sent by a process that stopped; "
                        "they will be sent again (the server answers a repeat with the same "
                        "receipt)", n)
        return n

    @_storage
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
        key = self._seal_key()
        if key is None and self._require_sealed:
            raise OutboxError(f"outbox {self.path}: the server's key is not known yet, and "
                              "records are never stored plain (records.seal_at_rest); connect "
                              "the kiosk to the server once")
        facts = sealing.public_fields(envelope)
        self._keep_reserve()  # back once there is room again
        if self.reserve_used():
            # the room left is for sending what is queued already (the freeze rules stop new
            # enrollments well before this)
            raise OutboxError(f"outbox {self.path}: the disk is full (free some space; no "
                              "record was lost, the queued ones are still sent)")
        now = self._clock()
        with self._tx() as db:
            row = db.execute("SELECT envelope, envelope_sha256 FROM records "
                             "WHERE record_id = ?", (record_id,)).fetchone()
            if row is not None:
                if row[0] == PURGED:  # finished and emptied long ago: nothing left to do
                    return record_id
                same = (row[1] == facts["envelope_sha256"] if row[1] is not None
                        else _loads(row[0]) == json.loads(json.dumps(dict(envelope))))
                if not same:
                    raise KioskError(f"outbox already holds a different record {record_id}")
                return record_id
            db.execute("INSERT INTO records (record_id, envelope, sealed_evidence, state, "
                       "enqueued_at, updated_at, key_id, kiosk_id, iccid_tail, iccid_sha256, "
                       "envelope_sha256) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)",
                       (record_id, self._stored_form(envelope, key), sealed_evidence, now, now,
                        facts["key_id"], facts["kiosk_id"], facts["iccid_tail"],
                        facts["iccid_sha256"], facts["envelope_sha256"]))
        log.info("outbox: record %s queued", record_id)
        return record_id

    @_storage
    def claim(self, record_id: str, *, lease_s: float = DEFAULT_LEASE_S) -> bool:
        """pending -> sending, owned by this process for ``lease_s``; False when the record is
        not pending (someone else has it) or is set aside as unreadable."""
        now = self._clock()
        with self._tx() as db:
            return db.execute("UPDATE records SET state = 'sending', claim_owner = ?, "
                              "claim_until = ?, updated_at = ? WHERE record_id = ? AND "
                              "state = 'pending' AND problem IS NULL",
                              (owner_id(), now + lease_s, now, record_id)).rowcount == 1

    def mark_delivered(self, record_id: str, receipt: dict[str, Any]) -> None:
        self._finish(record_id, "delivered",
                     receipt=json.dumps(receipt, ensure_ascii=False, separators=(",", ":")))

    def mark_rejected(self, record_id: str, code: str, message: str) -> None:
        self._finish(record_id, "rejected", reject_code=code, reject_message=message[:500])

    @_storage
    def _finish(self, record_id: str, state: str, *, receipt: str | None = None,
                reject_code: str | None = None, reject_message: str | None = None) -> None:
        """The server's final word counts whoever holds the claim now: a verified receipt or
        refusal is the same for every sender of this record. A record another process finished
        meanwhile stays as it is."""
        with self._tx() as db:
            n = db.execute("UPDATE records SET state = ?, receipt = ?, reject_code = ?, "
                           "reject_message = ?, last_error = NULL, refusal_code = NULL, "
                           "claim_owner = NULL, claim_until = NULL, updated_at = ? "
                           "WHERE record_id = ? AND state IN ('sending', 'pending')",
                           (state, receipt, reject_code, reject_message, self._clock(),
                            record_id)).rowcount
            if n != 1:
                row = db.execute("SELECT state FROM records WHERE record_id = ?",
                                 (record_id,)).fetchone()
                if row is None:
                    raise KioskError(f"no record {record_id} in the outbox")
                log.info("outbox: record %s was %s by another process already", record_id, row[0])
                return
        log.info("outbox: record %s %s%s", record_id, state,
                 f" ({reject_code})" if reject_code else "")

    @_storage
    def release(self, record_id: str, error: str, *, retry_in_s: float = 0.0,
                refusal_code: str | None = None) -> None:
        """sending -> pending after a failed attempt; not retried before ``retry_in_s``.
        ``refusal_code``: the server refused the kiosk (not the record), which freezes it."""
        now = self._clock()
        with self._tx() as db:
            db.execute("UPDATE records SET state = 'pending', attempts = attempts + 1, "
                       "last_error = ?, refusal_code = ?, next_attempt_at = ?, updated_at = ?, "
                       "claim_owner = NULL, claim_until = NULL "
                       "WHERE record_id = ? AND state = 'sending' AND claim_owner = ?",
                       (error[:500], refusal_code, now + max(0.0, retry_in_s), now, record_id,
                        owner_id()))

    @_storage
    def quarantine(self, record_id: str, problem: str) -> None:
        """Set an unreadable record aside (pending, never sent, counted in status) so the rest
        still flow; a technician restores or removes it."""
        with self._tx() as db:
            db.execute("UPDATE records SET state = 'pending', problem = ?, claim_owner = NULL, "
                       "claim_until = NULL, updated_at = ? WHERE record_id = ? "
                       "AND state IN ('pending', 'sending')",
                       (problem[:300], self._clock(), record_id))
        log.error("outbox: record %s is unreadable and set aside: %s", record_id, problem)

    @_storage
    def purge_finished(self, older_than_s: float) -> int:
        """Empty delivered and rejected records finished at least ``older_than_s`` ago: their
        envelope (personal data) and sealed evidence are overwritten; id, state, receipt and
        rejection reason stay. A delivered record whose sealed evidence has not gone up yet
        waits for it. Returns how many were emptied."""
        with self._tx() as db:
            n = db.execute("UPDATE records SET envelope = ?, sealed_evidence = NULL, "
                           "iccid_tail = NULL, iccid_sha256 = NULL "
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

    @_storage
    def _evidence_done(self, record_id: str, error: str | None) -> None:
        with self._tx() as db:
            n = db.execute("UPDATE records SET sealed_evidence = NULL, evidence_sent_at = ?, "
                           f"evidence_error = ? WHERE record_id = ? AND {_EVIDENCE_DUE}",
                           (None if error else self._clock(), error, record_id)).rowcount
        if n:
            self._overwrite_freed()
            log.info("outbox: evidence of record %s %s", record_id,
                     "refused by the server" if error else "delivered")

    @_storage
    def set_meta(self, key: str, value: Any) -> None:
        """A small shared fact (JSON), e.g. the clock skew the last server answer showed."""
        with self._tx() as db:
            db.execute("INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                       "updated_at = excluded.updated_at",
                       (key, json.dumps(value), self._clock()))

    @_storage
    def meta(self, key: str) -> tuple[Any, float] | None:
        """(value, when it was set) or None."""
        with self._lock:
            row = self._db.execute("SELECT value, updated_at FROM meta WHERE key = ?",
                                   (key,)).fetchone()
        return None if row is None else (json.loads(row[0]), float(row[1]))

    # -- reading --------------------------------------------------------------------------------

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
            return [r[0] for r in self._db.execute(
                f"SELECT record_id FROM records WHERE {_EVIDENCE_DUE} "
                "ORDER BY enqueued_at, rowid")]

    @_storage
    def pending_refused_with(self, codes: frozenset[str] | set[str]) -> int:
        """How many pending records the server last answered with one of these refusal codes
        (kept pending because the refusal was about the kiosk, not the record)."""
        if not codes:
            return 0
        marks = ", ".join("?" for _ in codes)
        with self._lock:
            return int(self._db.execute(
                f"SELECT COUNT(*) FROM records WHERE state IN ('pending', 'sending') "
                f"AND refusal_code IN ({marks})", sorted(codes)).fetchone()[0])

    @_storage
    def latest_rejection(self) -> tuple[str, str | None, float] | None:
        """(reject code, signing key id, enqueued_at) when the most recently finished record was
        rejected (the key id is None once the record was purged); None when it was delivered or
        nothing has finished yet."""
        with self._lock:
            row = self._db.execute(
                "SELECT state, reject_code, key_id, enqueued_at FROM records "
                "WHERE state IN ('delivered', 'rejected') "
                "ORDER BY updated_at DESC, rowid DESC LIMIT 1").fetchone()
        if row is None or row[0] != "rejected":
            return None
        return str(row[1]), row[2], float(row[3])

    @_storage
    def next_attempt_at(self) -> float | None:
        """When the earliest pending record is due again (None when nothing is pending)."""
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(CASE WHEN updated_at > :now + 1 THEN 0 ELSE next_attempt_at END) "
                "FROM records WHERE state = 'pending' AND problem IS NULL",
                {"now": self._clock()}).fetchone()
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
                (record_id,)).fetchone()
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
            if row[1] in ("pending", "sending") and row[12] is None:
                self.quarantine(record_id, problem)
            envelope = {} if not isinstance(envelope, dict) else envelope
        return OutboxEntry(row[0], row[1], envelope, row[3], row[4], row[5], row[6],
                           receipt, row[8], row[9], bool(row[10]), row[11], problem,
                           row[13], row[14], row[15], row[16])

    @_storage
    def entries_since(self, since: float) -> list[OutboxEntry]:
        """Every record enqueued at or after ``since`` (wall clock), newest first."""
        with self._lock:
            ids = [r[0] for r in self._db.execute(
                "SELECT record_id FROM records WHERE enqueued_at >= ? "
                "ORDER BY enqueued_at DESC, rowid DESC", (since,))]
        return [e for e in (self.get(i) for i in ids) if e is not None]

    @_storage
    def sealed_evidence(self, record_id: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT sealed_evidence FROM records WHERE record_id = ?",
                                   (record_id,)).fetchone()
        return None if row is None or row[0] is None else bytes(row[0])

    @_storage
    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM records GROUP BY state")
            found = dict(rows.fetchall())
        return {s: int(found.get(s, 0)) for s in STATES}

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
            oldest = self._db.execute("SELECT MIN(enqueued_at) FROM records "
                                      "WHERE state IN ('pending', 'sending')").fetchone()[0]
            evidence = self._db.execute(
                f"SELECT COUNT(*) FROM records WHERE {_EVIDENCE_DUE}").fetchone()[0]
            unreadable = self._db.execute(
                "SELECT COUNT(*) FROM records WHERE problem IS NOT NULL "
                "AND state = 'pending'").fetchone()[0]
            last = self._db.execute(
                "SELECT last_error FROM records WHERE state = 'pending' AND last_error IS NOT "
                "NULL ORDER BY updated_at DESC LIMIT 1").fetchone()
        age = None if oldest is None else round(max(0.0, self._clock() - oldest), 1)
        return {"pending": counts["pending"] + counts["sending"],
                "delivered": counts["delivered"], "rejected": counts["rejected"],
                "oldest_pending_age_s": age, "evidence_pending": int(evidence),
                "sending": counts["sending"], "unreadable": int(unreadable),
                "last_error": last[0] if last else None}


def _loads(text: str) -> Any:
    """Stored JSON, or None when it is damaged (the caller decides what that means)."""
    try:
        return json.loads(text)
    except ValueError:
        return None
