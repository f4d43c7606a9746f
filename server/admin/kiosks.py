"""The kiosks of the fleet, as an operator manages them: register (or re-register) a kiosk's key,
revoke it, mint a one-time enrolment token that provisions one kiosk (``POST /v1/provision``,
:mod:`server.provisioning`, spends it), and list the fleet with each kiosk's state."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select, update

from server.activations import audit_row
from server.errors import ServerInputError, ServerOpError
from server.fleet_models import EnrollToken
from server.fleet_states import Registration
from server.heartbeats import KioskState, fleet
from server.keys import ReceiptKey
from server.models import AuditEntry, Kiosk
from server.provisioning import TOKEN_PREFIX, token_hash
from simcontract import ids
from simcontract.signing import SignatureError, key_id, load_public_key_pem
from simcontract.times import rfc3339

__all__ = [
    "KioskRegistration",
    "KioskState",
    "TokenError",
    "fleet",
    "mint_token",
    "parse_duration",
    "register_kiosk",
    "revoke_kiosk",
]

MAX_TOKEN_LIFETIME = timedelta(days=30)
_DURATION_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class KioskRegistration:
    kiosk_id: str
    key_id: str
    state: Registration


def register_kiosk(
    engine: Engine, kiosk_id: str, public_key_pem: str, *, replace: bool = False
) -> KioskRegistration:
    """Register (or, with ``replace``, re-register) a kiosk's Ed25519 public key."""
    if not ids.is_kiosk_id(kiosk_id):
        raise ServerInputError(f"not a kiosk id ({ids.KIOSK_ID_RULE}): {kiosk_id!r}")
    try:
        public = load_public_key_pem(public_key_pem)
    except SignatureError as exc:
        raise ServerInputError(f"the kiosk's public key is unusable: {exc}") from None
    kid = key_id(public)
    pem = public_key_pem.strip() + "\n"
    with engine.begin() as conn:
        row = conn.execute(
            select(Kiosk.key_id, Kiosk.revoked_at).where(Kiosk.kiosk_id == kiosk_id)
        ).first()
        if row is None:
            conn.execute(
                insert(Kiosk),
                [
                    {
                        "kiosk_id": kiosk_id,
                        "key_id": kid,
                        "public_key_pem": pem,
                        "registered_at": _now(),
                        "revoked_at": None,
                    }
                ],
            )
            state = Registration.REGISTERED
        elif row.key_id == kid and row.revoked_at is None:
            state = Registration.ALREADY_REGISTERED
        elif not replace:
            why = "was revoked" if row.revoked_at else "has another key"
            raise ServerOpError(f"kiosk {kiosk_id} {why}; give --replace to register this key")
        else:
            conn.execute(
                update(Kiosk)
                .where(Kiosk.kiosk_id == kiosk_id)
                .values(key_id=kid, public_key_pem=pem, registered_at=_now(), revoked_at=None)
            )
            state = Registration.REPLACED
    return KioskRegistration(kiosk_id, kid, state)


def revoke_kiosk(engine: Engine, kiosk_id: str) -> str:
    """Refuse every further record of a kiosk: "revoked" or "already revoked"."""
    with engine.begin() as conn:
        done = conn.execute(
            update(Kiosk)
            .where(Kiosk.kiosk_id == kiosk_id, Kiosk.revoked_at.is_(None))
            .values(revoked_at=_now())
        ).rowcount
        exists = (
            done
            or conn.execute(select(Kiosk.kiosk_id).where(Kiosk.kiosk_id == kiosk_id)).first()
            is not None
        )
    if not exists:
        raise ServerInputError(f"no kiosk {kiosk_id!r} is registered")
    return "revoked" if done else "already revoked"


# -- enrolment tokens -----------------------------------------------------------------------


class TokenError(ServerInputError, ValueError):
    """Bad input to mint a token (a plain sentence)."""


def parse_duration(text: str) -> timedelta:
    """``90s``, ``30m``, ``1h``, ``2d`` -> a timedelta (positive, at most 30 days)."""
    m = _DURATION_RE.match(text.strip())
    if not m:
        raise TokenError(f"not a duration (e.g. 30m, 1h, 2d): {text!r}")
    span = timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2)])
    if span <= timedelta(0) or span > MAX_TOKEN_LIFETIME:
        raise TokenError(f"a token must live more than 0 s and at most 30 days, not {text}")
    return span


def mint_token(
    engine: Engine,
    receipt_key: ReceiptKey,
    kiosk_id: str,
    lifetime: timedelta,
    *,
    minted_by: str,
    now: datetime | None = None,
) -> tuple[str, datetime]:
    """A new one-time token for ``kiosk_id`` and its expiry. Refuses a revoked kiosk: a stolen
    kiosk's id must be reinstated deliberately (``register-kiosk --replace``)."""
    if not ids.is_kiosk_id(kiosk_id):
        raise TokenError(f"not a kiosk id ({ids.KIOSK_ID_RULE}): {kiosk_id!r}")
    now = now or datetime.now(UTC)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = now + lifetime
    with engine.begin() as conn:
        revoked = conn.execute(
            select(Kiosk.revoked_at).where(Kiosk.kiosk_id == kiosk_id)
        ).scalar_one_or_none()
        if revoked is not None:
            raise TokenError(
                f"kiosk {kiosk_id} was revoked; reinstate it with register-kiosk "
                "--replace, or choose a new kiosk id"
            )
        conn.execute(
            insert(EnrollToken).values(
                token_sha256=token_hash(token),
                kiosk_id=kiosk_id,
                created_at=now,
                expires_at=expires,
                created_by=minted_by[:64],
                used_at=None,
            )
        )
        conn.execute(
            insert(AuditEntry).values(
                audit_row(
                    receipt_key,
                    outcome="minted",
                    code="enroll_token_minted",
                    status=0,
                    kiosk_id=kiosk_id,
                    record_id=None,
                    iin=None,
                    reason=f"enrolment token minted by {minted_by}, valid until "
                    f"{rfc3339(expires, 'seconds')}",
                )
            )
        )
    return token, expires
