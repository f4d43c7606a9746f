"""The outbox's SQLite layout: states, the versioned migrations (PRAGMA user_version), the SQL
predicates shared by its queries, and reading stored JSON."""

from __future__ import annotations

import enum
import json
import logging
import sqlite3
from typing import Any

from kiosk.records.outbox_errors import OutboxError

log = logging.getLogger("kiosk.records.outbox")  # one logger name for the whole outbox


class OutboxState(enum.StrEnum):
    """A stored record's state (the ``state`` column). The table's CHECK constraint and the SQL
    predicates spell these values in SQL text: a new state needs a migration, not just a member."""

    PENDING = "pending"  # waiting to be sent
    SENDING = "sending"  # claimed by a live sender right now
    DELIVERED = "delivered"  # the server's receipt verified
    REJECTED = "rejected"  # the server refused it


PURGED = "{}"  # the envelope of a finished record whose contents were purged

# The layout as of each version (PRAGMA user_version). Version 0 is the first release (no
# evidence columns); 1 added the evidence columns (before versions were numbered, hence found by
# looking at the columns); 2 the claim owner and lease, the server's refusal code as data, the
# quarantine reason and the meta table.
# 3 the plain, non-personal facts kept beside a record sealed at rest (simcontract.sealing).
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
    1: (
        "ALTER TABLE records ADD COLUMN evidence_sent_at REAL",  # evidence confirmed
        "ALTER TABLE records ADD COLUMN evidence_error TEXT",
    ),  # evidence refused for good
    # 1 -> 2
    2: (
        "ALTER TABLE records ADD COLUMN claim_owner TEXT",  # the process sending it
        "ALTER TABLE records ADD COLUMN claim_until REAL",  # its lease (wall clock)
        "ALTER TABLE records ADD COLUMN refusal_code TEXT",  # kept pending: kiosk not accepted
        "ALTER TABLE records ADD COLUMN problem TEXT",  # set aside: the stored row is unreadable
        # what the ad hoc versions inferred from free text becomes data
        "UPDATE records SET refusal_code = substr(last_error, 1, instr(last_error, ':') - 1) "
        "WHERE state IN ('pending', 'sending') AND (last_error LIKE 'unknown_kiosk:%' "
        "OR last_error LIKE 'key_mismatch:%')",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
        "updated_at REAL NOT NULL)",
    ),
    # 2 -> 3: envelope may now hold {"sealed": {...}} (ciphertext for the server); these stay
    # readable. Filled for old rows (and their plain envelopes sealed) by Outbox._seal_plain.
    3: (
        "ALTER TABLE records ADD COLUMN key_id TEXT",  # the device key that signed it
        "ALTER TABLE records ADD COLUMN kiosk_id TEXT",
        "ALTER TABLE records ADD COLUMN iccid_tail TEXT",  # last four digits, the clerk's list
        "ALTER TABLE records ADD COLUMN iccid_sha256 TEXT",  # to check the receipt's ICCID
        "ALTER TABLE records ADD COLUMN envelope_sha256 TEXT",
    ),  # same record again?
}
# A delivered record whose sealed evidence still has to go up.
_EVIDENCE_DUE = "state = 'delivered' AND sealed_evidence IS NOT NULL AND evidence_error IS NULL"
# A pending record a sender may take. ``updated_at > now``: the wall clock moved back since the
# record was last touched, so its next_attempt_at (computed on the old clock) is meaningless.
_DUE = "(next_attempt_at <= :now OR updated_at > :now + 1)"


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
            raise OutboxError(
                f"the outbox was written by a newer simkiosk (layout {version}, "
                f"this one knows {SCHEMA_VERSION}); update the kiosk software"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[target]:
                db.execute(statement)
            log.info("outbox: layout migrated to version %d", target)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _loads(text: str) -> Any:
    """Stored JSON, or None when it is damaged (the caller decides what that means)."""
    try:
        return json.loads(text)
    except ValueError:
        return None
