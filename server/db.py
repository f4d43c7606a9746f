"""Engines for SQLite and PostgreSQL, the migrations run at start, and per-person locking.

SQLite: WAL, a busy timeout, and every transaction begins IMMEDIATE (takes the write lock at once),
which serialises writers so the per-person count cannot race. PostgreSQL: a connection pool, and
rules that must not race take a transaction-scoped advisory lock on a hash of the person's IIN.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from server.config import ServerConfigError

# Any fixed number: the lock that stops two server processes migrating at the same time.
MIGRATION_LOCK_KEY = 0x5349_4D4B_494F_534B  # "SIMKIOSK"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str, *, pool_size: int = 8) -> Engine:
    """An engine for a sqlite:/// or postgresql+psycopg:// URL; ServerConfigError for anything
    else."""
    if not url:
        raise ServerConfigError("no database: give --db URL or set SIMKIOSK_SERVER_DB")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ServerConfigError(f"not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ServerConfigError(
                "an SQLite database must be a file: sqlite:///path/to/server.db"
            )
        _private_sqlite_files(Path(parsed.database).expanduser())
        engine = create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=0,
            pool_timeout=30,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        _sqlite_immediate_transactions(engine)
        return engine
    if backend == "postgresql":
        if parsed.drivername not in ("postgresql", "postgresql+psycopg"):
            raise ServerConfigError(
                f"unsupported PostgreSQL driver {parsed.drivername!r}: use postgresql+psycopg://"
            )
        parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            engine = create_engine(
                parsed, pool_size=pool_size, max_overflow=0, pool_timeout=30, pool_pre_ping=False
            )
        except NoSuchModuleError:
            raise ServerConfigError(f"no driver for {parsed.drivername!r}") from None
        _postgres_durable_commits(engine)
        return engine
    raise ServerConfigError(
        f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://"
    )


SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _private_sqlite_files(db_path: Path) -> None:
    """The database holds every IIN and name: its directory (when created here) is 0700, the
    file and its WAL/shared-memory files 0600, whatever the umask. SQLite gives -wal and -shm
    the database file's mode, so the file is created 0600 before SQLite first opens it, and
    files left by an older version are narrowed. ServerConfigError when it cannot be done."""
    try:
        if not db_path.parent.is_dir():
            db_path.parent.mkdir(parents=True, mode=0o700)
            os.chmod(db_path.parent, 0o700)  # mkdir's mode is filtered by the umask
        fd = os.open(db_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
        for suffix in SQLITE_SIDE_FILES:
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                os.chmod(side, 0o600)
    except OSError as exc:
        raise ServerConfigError(
            f"cannot use the SQLite database {db_path}: {exc.strerror or type(exc).__name__}"
        ) from None


def _postgres_durable_commits(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # A commit must be flushed before the receipt is sent: a database (or role) configured
        # with synchronous_commit=off would acknowledge activations a crash can lose. Stricter
        # settings (remote_write, remote_apply) are kept.
        cursor = dbapi_connection.cursor()
        cursor.execute("SHOW synchronous_commit")
        if cursor.fetchone()[0] == "off":
            cursor.execute("SET synchronous_commit = on")
        cursor.close()
        dbapi_connection.commit()  # a SET in a rolled-back transaction would be undone


def _sqlite_immediate_transactions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN (below) control transactions instead of pysqlite's own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: with WAL, NORMAL skips the fsync at commit, so an activation could be
        # answered (a signed receipt on the kiosk) and then lost with the power
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def iccid_lock_key(iccid: str) -> int:
    """The advisory lock key of one SIM card: two people racing for one ICCID wait for each other
    here instead of colliding on the unique index, whose error PostgreSQL would log with the
    ICCID in a DETAIL line."""
    return int.from_bytes(
        hashlib.sha256(b"simkiosk-iccid:" + iccid.encode()).digest()[:8], "big", signed=True
    )


def person_lock_key(iin: str) -> int:
    """The PostgreSQL advisory lock key (signed 64 bit) that serialises one person's SIMs."""
    return int.from_bytes(
        hashlib.sha256(b"simkiosk-iin:" + iin.encode()).digest()[:8], "big", signed=True
    )


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("server").joinpath("migrations")))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to the newest schema (or to ``revision``, for tests of upgrades);
    safe when several servers start at once."""
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        command.upgrade(_alembic_config(connection), revision)


def head_revision() -> str:
    """The newest migration revision this server brings."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(resources.files("server").joinpath("migrations")))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def schema_revision(engine: Engine) -> str | None:
    """The migration revision the database is at (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
