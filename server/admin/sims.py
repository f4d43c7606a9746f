"""The activations (SIM cards) as an operator sees them: the overview, and deactivating a SIM
card (which frees a slot of its owner)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update

from server.errors import ServerInputError
from server.models import Activation


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ActivationRow:
    """One activation as the overview shows it."""

    record_id: str
    kiosk_id: str
    iccid: str
    iin: str
    active: bool
    created_at: datetime
    activated_at: datetime


def deactivate(engine: Engine, iccid: str) -> None:
    """Deactivate the active SIM card with this ICCID (frees a slot of its owner)."""
    with engine.begin() as conn:
        done = conn.execute(
            update(Activation)
            .where(Activation.iccid == iccid, Activation.active.is_(True))
            .values(active=False, deactivated_at=_now())
        ).rowcount
    if not done:
        raise ServerInputError("no active SIM card with that ICCID")


def activations(engine: Engine) -> list[ActivationRow]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Activation.record_id,
                Activation.kiosk_id,
                Activation.iccid,
                Activation.iin,
                Activation.active,
                Activation.created_at,
                Activation.activated_at,
            ).order_by(Activation.id)
        ).all()
    return [
        ActivationRow(
            r.record_id, r.kiosk_id, r.iccid, r.iin, r.active, r.created_at, r.activated_at
        )
        for r in rows
    ]
