"""Records that arrive sealed: ``POST /v1/activations`` takes, besides the plain envelope, the
wrapper ``{"sealed": {...}}`` the kiosk keeps in its outbox (simcontract.sealing; content
type application/vnd.simkiosk.sealed+json or application/json). It is opened here with the
server's evidence/transport key, and the envelope inside goes through exactly the checks a plain
one does (signature, rules, idempotency): the receipt is the same either way.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from server.refusals import Refusal
from simcontract.answers import AnswerCode
from simcontract.ids import KEY_ID_PATTERN
from simcontract.sealing import (
    SEALED_CONTENT_TYPE,
    SealedRecordError,
    envelope_bytes,
    is_sealed,
    open_sealed,
)

_B64 = {"type": "string", "pattern": "^[A-Za-z0-9+/]*={0,2}$"}
SEALED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sealed"],
    "description": "a record envelope sealed to the server's evidence/transport key "
    "(README: Records sealed at rest)",
    "properties": {
        "sealed": {
            "type": "object",
            "additionalProperties": False,
            "required": [
                "alg",
                "server_key_id",
                "record_id",
                "ephemeral_public_key",
                "nonce",
                "ciphertext",
            ],
            "properties": {
                "alg": {"const": "X25519-HKDF-SHA256-AES256GCM"},
                "server_key_id": {"type": "string", "pattern": KEY_ID_PATTERN},
                "record_id": {"type": "string"},
                "ephemeral_public_key": _B64,
                "nonce": _B64,
                "ciphertext": _B64,
            },
        }
    },
}


def request_content(plain_schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI request body content of POST /v1/activations: plain, or sealed (under its
    own content type; the server takes the sealed form as application/json too)."""
    return {
        "application/json": {"schema": plain_schema},
        SEALED_CONTENT_TYPE: {"schema": SEALED_SCHEMA},
    }


def _sealed_wrapper(body: bytes) -> Any | None:
    """The parsed wrapper when the body is one (cheap test first: a plain envelope is left to
    the service's own parsing and error messages)."""
    if b'"sealed"' not in body[:64]:
        return None
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return parsed if is_sealed(parsed) else None


def open_body(body: bytes, private_key: X25519PrivateKey) -> bytes:
    """The plain envelope's bytes for the activation service; raises the Refusal
    ``unsealable`` (not audited) of a sealed body that does not open with this server's key."""
    wrapper = _sealed_wrapper(body)
    if wrapper is None:
        return body
    try:
        return envelope_bytes(open_sealed(wrapper, private_key))
    except SealedRecordError as exc:
        raise Refusal(AnswerCode.UNSEALABLE, str(exc)) from None
