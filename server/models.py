"""Database tables (SQLAlchemy 2). The Alembic migrations in server/migrations create them;
keep both in step (tests compare the migrated schema with these models)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Explicit constraint names, so migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite only auto-increments an INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Kiosk(Base):
    __tablename__ = "kiosks"

    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32))
    public_key_pem: Mapped[str] = mapped_column(Text)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Activation(Base):
    __tablename__ = "activations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # the kiosk's idempotency key: a second submission with it gets the stored receipt
    record_id: Mapped[str] = mapped_column(String(36), unique=True)
    # SHA-256 of the RFC 8785 canonical record: tells a resend from a conflicting record
    record_sha256: Mapped[str] = mapped_column(String(64))
    record: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[str] = mapped_column(String(100))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"))
    iccid: Mapped[str] = mapped_column(String(20))
    iin: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    activated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # the exact receipt envelope bytes sent the first time, sent again on every resend
    receipt: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    __table_args__ = (
        # one active SIM per ICCID: the database itself refuses a second one, whatever races
        Index(
            "uq_activations_iccid_active",
            "iccid",
            unique=True,
            postgresql_where=text("active"),
            sqlite_where=text("active"),
        ),
        # the per-person count of active SIMs
        Index(
            "ix_activations_iin_active",
            "iin",
            postgresql_where=text("active"),
            sqlite_where=text("active"),
        ),
    )


class AuditEntry(Base):
    """Append-only (database triggers refuse UPDATE and DELETE). Holds ids and reasons only:
    the subscriber is identified by a keyed hash of the IIN, never the IIN itself."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    outcome: Mapped[str] = mapped_column(String(16))  # accepted | repeated | refused
    code: Mapped[str] = mapped_column(String(32))  # "activated", "resent" or the refusal code
    http_status: Mapped[int] = mapped_column(SmallInteger)
    kiosk_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    record_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    subject_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason: Mapped[str] = mapped_column(String(300))


class Evidence(Base):
    """Sealed evidence images of an accepted activation, exactly as the kiosk sealed them to the
    server's X25519 key (the server never decrypts them; ``simkiosk-server evidence`` does, for
    dispute handling). Their SHA-256 is pinned by the kiosk-signed record."""

    __tablename__ = "evidence"

    record_id: Mapped[str] = mapped_column(ForeignKey("activations.record_id"), primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext_sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


# The fleet's tables live in their own module but must be part of Base.metadata wherever the
# models are loaded (the migration test compares the two).
from server import fleet_models as _fleet_models  # noqa: E402, F401
