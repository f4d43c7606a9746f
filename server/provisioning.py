"""The provisioning exchange, which spends a one-time enrolment token.

``simkiosk-server enroll-token --kiosk-id ID`` mints a token (:mod:`server.admin.kiosks`; 256
random bits; only its SHA-256 is stored, with who minted it, audited). ``POST /v1/provision``
takes the token, the kiosk id and the kiosk's public key; when the token is known, unused,
unexpired and minted for that kiosk id, the key is registered (or replaces the kiosk's old one),
the token is spent in the same transaction, and the answer carries the server's receipt and
evidence keys for the kiosk to pin. Every refusal has a stable code and a plain reason, and
leaves an audit row.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from server.activations import audit_row
from server.fleet_models import EnrollToken
from server.fleet_states import Registration
from server.keys import ReceiptKey
from server.models import AuditEntry, Kiosk
from server.refusals import Done, Refusal, http_status
from simcontract.answers import AnswerCode
from simcontract.ids import KIOSK_ID_RULE, is_kiosk_id
from simcontract.signing import SignatureError, key_id, load_public_key_pem
from simcontract.times import rfc3339

TOKEN_PREFIX = "skt-"
TOKEN_RE = re.compile(r"^skt-[A-Za-z0-9_-]{43}$")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
                conn.execute(
                    insert(AuditEntry).values(
                        audit_row(
                            self.receipt_key,
                            outcome="refused",
                            code=refusal.code,
                            status=refusal.status,
                            kiosk_id=refusal.kiosk_id,
                            record_id=None,
                            iin=None,
                            reason=f"provisioning refused: {refusal.message}",
                        )
                    )
                )
            raise
        return Done(AnswerCode.KIOSK_PROVISIONED, json.dumps(result).encode())

    def _register(self, kiosk_id: str, pem: str, token: str, now: datetime) -> dict[str, Any]:
        try:
            kid = key_id(load_public_key_pem(pem))
        except SignatureError as exc:
            raise Refusal(
                AnswerCode.BAD_PUBLIC_KEY,
                f"the kiosk's public key is unusable: {exc}",
                kiosk_id=kiosk_id,
            ) from None
        with self.engine.begin() as conn:
            row = conn.execute(
                select(
                    EnrollToken.token_sha256,
                    EnrollToken.kiosk_id,
                    EnrollToken.expires_at,
                    EnrollToken.used_at,
                    EnrollToken.created_by,
                ).where(EnrollToken.token_sha256 == token_hash(token))
            ).first()
            if row is None:
                raise Refusal(
                    AnswerCode.TOKEN_INVALID,
                    "this enrolment token is not known to the server "
                    "(mistyped, or minted on another server)",
                    kiosk_id=kiosk_id,
                )
            if row.used_at is not None:
                raise Refusal(
                    AnswerCode.TOKEN_USED,
                    f"this enrolment token was already used at {_iso(row.used_at)}; mint a new one",
                    kiosk_id=kiosk_id,
                )
            if row.expires_at <= now:
                raise Refusal(
                    AnswerCode.TOKEN_EXPIRED,
                    f"this enrolment token expired at {_iso(row.expires_at)}; mint a new one",
                    kiosk_id=kiosk_id,
                )
            if row.kiosk_id != kiosk_id:
                raise Refusal(
                    AnswerCode.KIOSK_ID_MISMATCH,
                    f"this enrolment token is for kiosk "
                    f"{row.kiosk_id}, but this kiosk is configured as {kiosk_id} "
                    "(set kiosk.id)",
                    kiosk_id=kiosk_id,
                )
            kiosk = conn.execute(
                select(Kiosk.key_id, Kiosk.revoked_at).where(Kiosk.kiosk_id == kiosk_id)
            ).first()
            if kiosk is not None and kiosk.revoked_at is not None:
                raise Refusal(
                    AnswerCode.KIOSK_REVOKED,
                    f"kiosk {kiosk_id} was revoked after the token was minted",
                    kiosk_id=kiosk_id,
                )
            spent = conn.execute(
                update(EnrollToken)
                .where(EnrollToken.token_sha256 == row.token_sha256, EnrollToken.used_at.is_(None))
                .values(used_at=now)
            ).rowcount
            if spent != 1:  # another request spent it between our read and this write
                raise Refusal(
                    AnswerCode.TOKEN_USED,
                    "this enrolment token was just used by another request; mint a new one",
                    kiosk_id=kiosk_id,
                )
            values = {
                "key_id": kid,
                "public_key_pem": pem.strip() + "\n",
                "registered_at": now,
                "revoked_at": None,
            }
            if kiosk is None:
                conn.execute(insert(Kiosk).values(kiosk_id=kiosk_id, **values))
                state = Registration.REGISTERED
            elif kiosk.key_id == kid:
                state = Registration.ALREADY_REGISTERED
            else:
                conn.execute(update(Kiosk).where(Kiosk.kiosk_id == kiosk_id).values(**values))
                state = Registration.REPLACED
            conn.execute(
                insert(AuditEntry).values(
                    audit_row(
                        self.receipt_key,
                        outcome="provisioned",
                        code=AnswerCode.KIOSK_PROVISIONED,
                        status=http_status(AnswerCode.KIOSK_PROVISIONED),
                        kiosk_id=kiosk_id,
                        record_id=None,
                        iin=None,
                        reason=f"kiosk key {kid} {state} with an enrolment token minted by "
                        f"{row.created_by}",
                    )
                )
            )
        return {"kiosk_id": kiosk_id, "key_id": kid, "state": state, "server_key": self.server_keys}


def _parse(body: bytes) -> tuple[str, str, str]:
    try:
        obj = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refusal(AnswerCode.MALFORMED, "the body is not JSON") from None
    if (
        not isinstance(obj, dict)
        or set(obj) != {"token", "kiosk_id", "public_key_pem"}
        or not all(isinstance(v, str) for v in obj.values())
    ):
        raise Refusal(
            AnswerCode.MALFORMED,
            "the body must be a JSON object with the strings token, kiosk_id and public_key_pem",
        )
    kiosk_id = obj["kiosk_id"]
    if not is_kiosk_id(kiosk_id):
        raise Refusal(AnswerCode.BAD_KIOSK_ID, f"not a kiosk id ({KIOSK_ID_RULE})")
    if not TOKEN_RE.match(obj["token"]):
        raise Refusal(
            AnswerCode.TOKEN_INVALID,
            "this is not an enrolment token (they start with skt- and have 47 characters)",
            kiosk_id=kiosk_id,
        )
    return kiosk_id, obj["public_key_pem"], obj["token"]


def _iso(moment: datetime) -> str:
    return rfc3339(moment, "seconds")
