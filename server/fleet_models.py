"""Tables of the fleet: one-time enrolment tokens and each kiosk's latest heartbeat.

They share :class:`server.models.Base` (imported at the end of server/models.py so the migration
test sees them); migration 0003 creates them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models import Base, BigId, UtcDateTime


class EnrollToken(Base):
    """A one-time provisioning token for one kiosk id. Only its SHA-256 is stored: the token is
    256 random bits, so a fast hash is enough, and a database dump cannot provision a kiosk."""

    __tablename__ = "enroll_tokens"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Heartbeat(Base):
    """The latest signed heartbeat of a kiosk (one row per kiosk, replaced by each newer one)."""

    __tablename__ = "heartbeats"

    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # the kiosk's own clock when it sent it: a replay of an older heartbeat is refused
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    interval_s: Mapped[int] = mapped_column(Integer)
    # the signed heartbeat object as JSON (version, uptime, outbox, freeze, skew, last crash)
    body: Mapped[str] = mapped_column(Text)


class HeartbeatHistory(Base):
    """Every kept heartbeat, for the fleet page's history of one kiosk (pruned to
    ``HISTORY_DAYS`` by each new heartbeat of the same kiosk)."""

    __tablename__ = "heartbeat_history"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"), index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    body: Mapped[str] = mapped_column(Text)


class Operator(Base):
    """A log-in of the fleet web page (technicians, the support desk): read-only access.
    The password only as an scrypt hash (``server.operators``)."""

    __tablename__ = "operators"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OperatorSession(Base):
    """A logged-in browser: only the SHA-256 of the random cookie token is stored (256 bits, so a
    fast hash is enough; a database dump cannot log anyone in)."""

    __tablename__ = "operator_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    operator: Mapped[str] = mapped_column(ForeignKey("operators.name"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
