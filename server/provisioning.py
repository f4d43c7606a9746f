"""One-time enrolment tokens and the provisioning exchange.

``simkiosk-server enroll-token --kiosk-id ID`` mints a token (256 random bits; only its SHA-256
is stored, with who minted it, audited). ``POST /v1/provision`` takes the token, the kiosk id and
the kiosk's public key; when the token is known, unused, unexpired and minted for that kiosk id,
the key is registered (or replaces the kiosk's old one), the token is spent in the same
transaction, and the answer carries the server's receipt and evidence keys for the kiosk to pin.
Every refusal has a stable code and a plain reason, and leaves an audit row.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from server.activations import audit_row
from server.errors import ServerInputError
from server.fleet_models import EnrollToken
from server.keys import ReceiptKey
from server.models import AuditEntry, Kiosk
from server.refusals import Done, Refusal, http_status
from simcontract.ids import KIOSK_ID_RULE, is_kiosk_id
from simcontract.signing import SignatureError, key_id, load_public_key_pem
from simcontract.times import rfc3339

TOKEN_PREFIX = "skt-"
TOKEN_RE = re.compile(r"^skt-[A-Za-z0-9_-]{43}$")
MAX_TOKEN_LIFETIME = timedelta(days=30)
_DURATION_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mint_token(engine: Engine, receipt_key: ReceiptKey, kiosk_id: str, lifetime: timedelta, *,
               minted_by: str, now: datetime | None = None) -> tuple[str, datetime]:
    """A new one-time token for ``kiosk_id`` and its expiry. Refuses a revoked kiosk: a stolen
    kiosk's id must be reinstated deliberately (``register-kiosk --replace``)."""
    if not is_kiosk_id(kiosk_id):
        raise TokenError(f"not a kiosk id ({KIOSK_ID_RULE}): {kiosk_id!r}")
    now = now or datetime.now(UTC)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = now + lifetime
    with engine.begin() as conn:
        revoked = conn.execute(select(Kiosk.revoked_at).where(Kiosk.kiosk_id == kiosk_id)
                               ).scalar_one_or_none()
        if revoked is not None:
            raise TokenError(f"kiosk {kiosk_id} was revoked; reinstate it with register-kiosk "
                             "--replace, or choose a new kiosk id")
        conn.execute(insert(EnrollToken).values(
            token_sha256=token_hash(token), kiosk_id=kiosk_id, created_at=now,
            expires_at=expires, created_by=minted_by[:64], used_at=None))
        conn.execute(insert(AuditEntry).values(audit_row(
            receipt_key, outcome="minted", code="enroll_token_minted", status=0,
            kiosk_id=kiosk_id, record_id=None, iin=None,
            reason=f"enrolment token minted by {minted_by}, valid until {_iso(expires)}")))
    return token, expires


class ProvisioningService:
    """Thread-safe (each call is one database transaction)."""

    def __init__(self, engine: Engine, receipt_key: ReceiptKey, server_keys: dict[str, str]):
        """``server_keys``: what ``GET /v1/server-key`` answers (receipt and evidence keys)."""
        self.engine, self.receipt_key, self.server_keys = engine, receipt_key, server_keys

    def provision(self, body: bytes, *, now: datetime | None = None) -> Done:
        """``kiosk_provisioned`` with the kiosk's and the server's keys; raises the Refusal,
        audited."""
        now = now or datetime.now(UTC)
        try:
            kiosk_id, pem, token = _parse(body)
            result = self._register(kiosk_id, pem, token, now)
        except Refusal as refusal:
            with self.engine.begin() as conn:
                conn.execute(insert(AuditEntry).values(audit_row(
                    self.receipt_key, outcome="refused", code=refusal.code,
                    status=refusal.status, kiosk_id=refusal.kiosk_id, record_id=None, iin=None,
                    reason=f"provisioning refused: {refusal.message}")))
            raise
        return Done("kiosk_provisioned", json.dumps(result).encode())

    def _register(self, kiosk_id: str, pem: str, token: str, now: datetime) -> dict[str, Any]:
        try:
            kid = key_id(load_public_key_pem(pem))
        except SignatureError as exc:
            raise Refusal("bad_public_key", f"the kiosk's public key is unusable: {exc}",
                          kiosk_id=kiosk_id) from None
        with self.engine.begin() as conn:
            row = conn.execute(select(
                EnrollToken.token_sha256, EnrollToken.kiosk_id, EnrollToken.expires_at,
                EnrollToken.used_at, EnrollToken.created_by).where(
                EnrollToken.token_sha256 == token_hash(token))).first()
            if row is None:
                raise Refusal("token_invalid", "this enrolment token is not known to the server "
                              "(mistyped, or minted on another server)", kiosk_id=kiosk_id)
            if row.used_at is not None:
                raise Refusal("token_used", f"this enrolment token was already used at "
                              f"{_iso(row.used_at)}; mint a new one", kiosk_id=kiosk_id)
            if row.expires_at <= now:
                raise Refusal("token_expired", f"this enrolment token expired at "
                              f"{_iso(row.expires_at)}; mint a new one", kiosk_id=kiosk_id)
            if row.kiosk_id != kiosk_id:
                raise Refusal("kiosk_id_mismatch", f"this enrolment token is for kiosk "
                              f"{row.kiosk_id}, but this kiosk is configured as {kiosk_id} "
                              "(set kiosk.id)", kiosk_id=kiosk_id)
            kiosk = conn.execute(select(Kiosk.key_id, Kiosk.revoked_at).where(
                Kiosk.kiosk_id == kiosk_id)).first()
            if kiosk is not None and kiosk.revoked_at is not None:
                raise Refusal("kiosk_revoked", f"kiosk {kiosk_id} was revoked after the token "
                              "was minted", kiosk_id=kiosk_id)
            spent = conn.execute(update(EnrollToken).where(
                EnrollToken.token_sha256 == row.token_sha256, EnrollToken.used_at.is_(None))
                .values(used_at=now)).rowcount
            if spent != 1:  # another request spent it between our read and this write
                raise Refusal("token_used", "this enrolment token was just used by another "
                              "request; mint a new one", kiosk_id=kiosk_id)
            values = {"key_id": kid, "public_key_pem": pem.strip() + "\n", "registered_at": now,
                      "revoked_at": None}
            if kiosk is None:
                conn.execute(insert(Kiosk).values(kiosk_id=kiosk_id, **values))
                state = "registered"
            elif kiosk.key_id == kid:
                state = "already registered"
            else:
                conn.execute(update(Kiosk).where(Kiosk.kiosk_id == kiosk_id).values(**values))
                state = "replaced"
            conn.execute(insert(AuditEntry).values(audit_row(
                self.receipt_key, outcome="provisioned", code="kiosk_provisioned",
                status=http_status("kiosk_provisioned"),
                kiosk_id=kiosk_id, record_id=None, iin=None,
                reason=f"kiosk key {kid} {state} with an enrolment token minted by "
                       f"{row.created_by}")))
        return {"kiosk_id": kiosk_id, "key_id": kid, "state": state,
                "server_key": self.server_keys}


def _parse(body: bytes) -> tuple[str, str, str]:
    try:
        obj = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refusal("malformed", "the body is not JSON") from None
    if not isinstance(obj, dict) or set(obj) != {"token", "kiosk_id", "public_key_pem"} or \
            not all(isinstance(v, str) for v in obj.values()):
        raise Refusal("malformed", "the body must be a JSON object with the "
                               "strings token, kiosk_id and public_key_pem")
    kiosk_id = obj["kiosk_id"]
    if not is_kiosk_id(kiosk_id):
        raise Refusal("bad_kiosk_id", f"not a kiosk id ({KIOSK_ID_RULE})")
    if not TOKEN_RE.match(obj["token"]):
        raise Refusal("token_invalid", "this is not an enrolment token (they start with skt- and "
                      "have 47 characters)", kiosk_id=kiosk_id)
    return kiosk_id, obj["public_key_pem"], obj["token"]


def _iso(moment: datetime) -> str:
    return rfc3339(moment, "seconds")
