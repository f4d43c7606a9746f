"""The statements of the activation and evidence-upload transactions on the bare DB-API connection.

The rules run a handful of fixed statements per request; going through the driver directly
(the pooled connection SQLAlchemy manages, its own SQL written once for both databases) halves
the client-side CPU of a transaction compared with SQLAlchemy Core execution. Everything else
(migrations, the CLI, kiosk lookups) uses SQLAlchemy. The tables are those of server.models.

The statements are written once, with sqlite3's ``:name`` parameters; :func:`for_driver` is
the one place that turns them into psycopg's ``%(name)s``. Reads come back as the named rows
below, never bare tuples.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Engine

from server.db import iccid_lock_key, person_lock_key

KIOSK = "SELECT key_id, revoked_at FROM kiosks WHERE kiosk_id = :kiosk_id"
# PostgreSQL: the kiosk row and the person's advisory lock (held to the end of the transaction)
# in one round trip. The rules' reads come in the next statement, whose snapshot is taken after
# the lock was granted, so they see what the lock's previous holder committed.
KIOSK_LOCKING_PERSON = (
    "SELECT key_id, revoked_at, pg_advisory_xact_lock(:lock) FROM kiosks WHERE kiosk_id = :kiosk_id"
)
# ... and then the SIM card's lock (always in this order: person, then card, so no deadlock)
KIOSK_LOCKING_PERSON_AND_SIM = (
    "SELECT key_id, revoked_at, pg_advisory_xact_lock(:lock), pg_advisory_xact_lock(:sim_lock) "
    "FROM kiosks WHERE kiosk_id = :kiosk_id"
)
# Everything the rules read, in one round trip; the partial indexes on "active" serve the counts.
RULE_STATE = (
    "SELECT (SELECT record_sha256 FROM activations WHERE record_id = :record_id), "
    "(SELECT receipt FROM activations WHERE record_id = :record_id), "
    "(SELECT count(*) FROM activations WHERE iccid = :iccid AND active), "
    "(SELECT count(*) FROM activations WHERE iin = :iin AND active)"
)
# The evidence upload: the accepted activation's record and who it was, and any stored evidence.
EVIDENCE_STATE = (
    "SELECT a.record, a.kiosk_id, a.iin, e.ciphertext_sha256 FROM activations a "
    "LEFT JOIN evidence e ON e.record_id = a.record_id WHERE a.record_id = :record_id"
)
EVIDENCE_COLUMNS = ("record_id", "ciphertext", "ciphertext_sha256", "received_at")
ACTIVATION_COLUMNS = (
    "record_id",
    "record_sha256",
    "record",
    "signature",
    "kiosk_id",
    "iccid",
    "iin",
    "created_at",
    "activated_at",
    "receipt",
    "active",
)
AUDIT_COLUMNS = (
    "at",
    "outcome",
    "code",
    "http_status",
    "kiosk_id",
    "record_id",
    "subject_hash",
    "reason",
)


class KioskRow(NamedTuple):
    key_id: str
    revoked_at: Any  # datetime, or None while registered (the driver's own form)


class RuleState(NamedTuple):
    """Everything the activation rules read in their transaction."""

    record_sha256: str | None  # of the record already stored under this record id
    receipt: str | None  # its receipt
    iccid_active: int  # active SIM cards with this ICCID (0 or 1)
    person_active: int  # the person's active SIM cards


class EvidenceState(NamedTuple):
    """The accepted activation an evidence upload is for."""

    record: bytes  # the canonical record
    kiosk_id: str
    iin: str
    stored_sha256: str | None  # of evidence already stored for it


def _insert(table: str, columns: tuple[str, ...], *, prefix: str = "") -> str:
    """INSERT of ``columns``, each bound to the parameter of its name (``prefix`` + name)."""
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + prefix + c for c in columns)})"
    )


def for_driver(sql: str, postgres: bool) -> str:
    """A statement written with ``:name`` parameters, in the driver's parameter style."""
    return re.sub(r":(\w+)", r"%(\1)s", sql) if postgres else sql


class Transaction:
    def __init__(self, store: Store, cursor: Any) -> None:
        self.store, self.cursor = store, cursor
        self.pending_activation: dict[str, Any] | None = None

    def _one(self, sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
        self.cursor.execute(self.store.sql[sql], params)
        return self.cursor.fetchone()

    def kiosk_locking_person(
        self, kiosk_id: str, iin: str, iccid: str | None = None
    ) -> KioskRow | None:
        """The kiosk's key id and revocation, after taking the person's lock and the SIM card's
        (PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the database's one write lock)."""
        if self.store.postgres and iccid is not None:
            row = self._one(
                KIOSK_LOCKING_PERSON_AND_SIM,
                {
                    "kiosk_id": kiosk_id,
                    "lock": person_lock_key(iin),
                    "sim_lock": iccid_lock_key(iccid),
                },
            )
        elif self.store.postgres:
            row = self._one(
                KIOSK_LOCKING_PERSON, {"kiosk_id": kiosk_id, "lock": person_lock_key(iin)}
            )
        else:
            row = self._one(KIOSK, {"kiosk_id": kiosk_id})
        return None if row is None else KioskRow(row[0], row[1])

    def rule_state(self, record_id: str, iccid: str, iin: str) -> RuleState:
        row = self._one(RULE_STATE, {"record_id": record_id, "iccid": iccid, "iin": iin})
        assert row is not None
        return RuleState(row[0], row[1], int(row[2]), int(row[3]))

    def evidence_state(self, record_id: str) -> EvidenceState | None:
        """The accepted activation with this record id; None when there is none."""
        row = self._one(EVIDENCE_STATE, {"record_id": record_id})
        return None if row is None else EvidenceState(bytes(row[0]), row[1], row[2], row[3])

    def insert_evidence(self, values: dict[str, Any]) -> None:
        self.cursor.execute(self.store.sql["evidence"], self.store.bindable(values))

    def insert_activation(self, values: dict[str, Any]) -> None:
        if self.store.postgres:
            # sent with the audit row that always follows: one round trip for both
            self.pending_activation = values
        else:
            self.cursor.execute(self.store.sql["activation"], self.store.bindable(values))

    def insert_audit(self, values: dict[str, Any]) -> None:
        if self.pending_activation is not None:
            params = {**self.pending_activation, **{"a_" + k: v for k, v in values.items()}}
            self.pending_activation = None
            self.cursor.execute(self.store.sql["activation_and_audit"], params)
        else:
            self.cursor.execute(self.store.sql["audit"], self.store.bindable(values))

    def flush(self) -> None:
        if self.pending_activation is not None:
            values, self.pending_activation = self.pending_activation, None
            self.cursor.execute(self.store.sql["activation"], values)


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        statements = {
            KIOSK: KIOSK,
            KIOSK_LOCKING_PERSON: KIOSK_LOCKING_PERSON,
            KIOSK_LOCKING_PERSON_AND_SIM: KIOSK_LOCKING_PERSON_AND_SIM,
            RULE_STATE: RULE_STATE,
            EVIDENCE_STATE: EVIDENCE_STATE,
            "evidence": _insert("evidence", EVIDENCE_COLUMNS),
            "activation": _insert("activations", ACTIVATION_COLUMNS),
            "audit": _insert("audit", AUDIT_COLUMNS),
            # PostgreSQL only (SQLite has no INSERT inside WITH)
            "activation_and_audit": (
                f"WITH activated AS ({_insert('activations', ACTIVATION_COLUMNS)}) "
                + _insert("audit", AUDIT_COLUMNS, prefix="a_")
            ),
        }
        self.sql = {key: for_driver(sql, self.postgres) for key, sql in statements.items()}
        dbapi = engine.dialect.dbapi
        if dbapi is None:  # an engine made for SQL text only (strategy="mock") has no driver
            raise ValueError(f"{engine.url.drivername}: no database driver to store through")
        self.unique_violation: type[Exception] = dbapi.IntegrityError
        # SQLite has one write lock for the whole file and its busy handler waits by sleeping
        # (up to 100 ms at a time), which wrecks tail latency: this process's writers queue on
        # a lock instead. Other processes on the same file still meet the busy timeout.
        self.writer: Any = contextlib.nullcontext() if self.postgres else threading.Lock()

    def bindable(self, values: dict[str, Any]) -> dict[str, Any]:
        if self.postgres:
            return values
        # the text form SQLAlchemy's SQLite DateTime stores and reads back (naive UTC)
        return {
            k: v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v
            for k, v in values.items()
        }

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One transaction on a pooled connection: committed at the end, rolled back on error."""
        with self.writer:
            connection = self.engine.raw_connection()
            try:
                cursor = connection.cursor()
                if not self.postgres:
                    cursor.execute("BEGIN IMMEDIATE")
                try:
                    transaction = Transaction(self, cursor)
                    yield transaction
                    transaction.flush()
                    connection.commit()
                except BaseException:
                    connection.rollback()
                    raise
                finally:
                    cursor.close()
            finally:
                connection.close()  # back to the pool
