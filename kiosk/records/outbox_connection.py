"""Opening the outbox database: the checks before use (WAL damage, the marker file that
remembers an outbox existed, SQLite's quick check), the pragmas, the migration, and the
registry that shares one connection per file per process."""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.records.outbox_errors import OutboxError
from kiosk.records.outbox_schema import _migrate
from kiosk.records.outbox_wal import wal_damage

MARKER_SUFFIX = ".created"  # beside the database: "an outbox was made here"


# -- one connection per file per process ----------------------------------------------------------


@dataclass
class _Shared:
    db: sqlite3.Connection
    lock: threading.RLock
    pid: int
    refs: int = 1


_OPEN: dict[str, _Shared] = {}
_OPEN_LOCK = threading.Lock()


def _open_connection(path: Path) -> sqlite3.Connection:
    marker = path.with_name(path.name + MARKER_SUFFIX)
    damage = wal_damage(path)
    if damage is not None:
        raise OutboxError(
            f"outbox {path}: its write-ahead log ({path.name}-wal) is damaged: {damage}; "
            "committed records would be lost. Technician: keep a copy of the outbox files; to "
            f"accept the loss, move {path.name}-wal aside"
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = None
    if marker.exists() and not size:
        raise OutboxError(
            f"outbox {path} is {'missing' if size is None else 'empty'}, but an outbox with "
            f"records existed here (marker {marker.name}); records may be lost. Technician: "
            f"restore the file from a backup; to start a new, empty outbox remove {marker}"
        )
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
            raise OutboxError(
                f"outbox {path} is damaged ({problems[0][:120]}); a technician "
                "must restore it from a backup"
            )
        _migrate(db)
    except BaseException:
        db.close()
        raise
    if not marker.exists():
        marker.write_text(
            "an outbox was created here; if the database beside this file is gone, "
            "records were lost\n"
        )
    return db
