"""Records sealed at rest and in transit: the signed envelope encrypted to the server.

The construction is the one of sealed evidence (:mod:`simcontract.signing`): an ephemeral
X25519 key agreement with the server's evidence/transport key, HKDF-SHA256 (salt = ephemeral
public key || server public key, info = ``simkiosk record v1``, its own, so that a record
ciphertext can never pass for evidence or the other way round), AES-256-GCM with a random
12-byte nonce and the record id (UTF-8) as associated data.

The plaintext is the signed envelope ``{"record", "key_id", "signature"}`` as compact JSON: the
record's canonical bytes and signature are untouched, the server verifies them after unsealing
exactly as it verifies a plain envelope. What is stored and sent is the wrapper::

    {"sealed": {"alg": ..., "server_key_id": ..., "record_id": ...,
                "ephemeral_public_key": <b64>, "nonce": <b64>, "ciphertext": <b64>}}

The kiosk cannot open it again (it never holds the server's private key): a copy of the
kiosk's disk yields ciphertext only. What the kiosk still needs to work is kept beside it in
plain columns (:func:`public_fields`), none of them personal.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from simcontract import signing
from simcontract.errors import ContractError

RECORD_SEAL_INFO = b"simkiosk record v1"
SEALED_KEYS = {"alg", "server_key_id", "record_id", "ephemeral_public_key", "nonce", "ciphertext"}
SEALED_CONTENT_TYPE = "application/vnd.simkiosk.sealed+json"


class SealedRecordError(ContractError):
    """A sealed record is malformed, sealed to another key, or does not decrypt."""


def _derive(shared: bytes, ephemeral_raw: bytes, server_raw: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_raw + server_raw, info=RECORD_SEAL_INFO
    ).derive(shared)


def envelope_bytes(envelope: dict[str, Any]) -> bytes:
    """The plaintext that is sealed (compact JSON; the signature covers the record's RFC 8785
    form, which the server recomputes, so the JSON spelling here does not matter)."""
    return json.dumps(dict(envelope), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def is_sealed(stored: Any) -> bool:
    return isinstance(stored, dict) and set(stored) == {"sealed"}


def seal_envelope(envelope: dict[str, Any], server_public: X25519PublicKey) -> dict[str, Any]:
    """The wrapper ``{"sealed": {...}}`` of a signed record envelope."""
    record_id = envelope["record"]["record_id"]
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = signing.x25519_raw(ephemeral.public_key())
    key = _derive(
        ephemeral.exchange(server_public), ephemeral_raw, signing.x25519_raw(server_public)
    )
    nonce = os.urandom(12)
    ciphertext = AESGCM(key).encrypt(nonce, envelope_bytes(envelope), record_id.encode("utf-8"))
    b64 = base64.b64encode
    return {
        "sealed": {
            "alg": signing.SEAL_ALG,
            "server_key_id": signing.x25519_key_id(server_public),
            "record_id": record_id,
            "ephemeral_public_key": b64(ephemeral_raw).decode("ascii"),
            "nonce": b64(nonce).decode("ascii"),
            "ciphertext": b64(ciphertext).decode("ascii"),
        }
    }


def open_sealed(wrapper: Any, server_private: X25519PrivateKey) -> dict[str, Any]:
    """The server's side: the signed envelope inside ``wrapper`` (not verified yet: the caller
    checks the signature and the rules as for a plain envelope). Raises SealedRecordError."""
    if (
        not is_sealed(wrapper)
        or not isinstance(wrapper["sealed"], dict)
        or set(wrapper["sealed"]) != SEALED_KEYS
    ):
        raise SealedRecordError(
            'a sealed record must be {"sealed": {' + ", ".join(sorted(SEALED_KEYS)) + "}}"
        )
    block = wrapper["sealed"]
    if block["alg"] != signing.SEAL_ALG:
        raise SealedRecordError(f"unknown sealing algorithm {str(block['alg'])[:40]!r}")
    server_public = server_private.public_key()
    if block["server_key_id"] != signing.x25519_key_id(server_public):
        raise SealedRecordError("the record is sealed to a different server key")
    if not isinstance(block["record_id"], str):
        raise SealedRecordError("the sealed record_id must be a string")
    try:
        ephemeral_raw = base64.b64decode(block["ephemeral_public_key"], validate=True)
        nonce = base64.b64decode(block["nonce"], validate=True)
        ciphertext = base64.b64decode(block["ciphertext"], validate=True)
        ephemeral = X25519PublicKey.from_public_bytes(ephemeral_raw)
    except (ValueError, TypeError, binascii.Error):
        raise SealedRecordError(
            "the sealed record has a malformed key, nonce or ciphertext"
        ) from None
    if len(nonce) != 12:
        raise SealedRecordError("the sealed record's nonce must be 12 bytes")
    key = _derive(
        server_private.exchange(ephemeral), ephemeral_raw, signing.x25519_raw(server_public)
    )
    try:
        plaintext = AESGCM(key).decrypt(nonce, ciphertext, block["record_id"].encode("utf-8"))
    except InvalidTag:
        raise SealedRecordError(
            "the sealed record does not decrypt (tampered, or sealed for another server)"
        ) from None
    try:
        envelope = json.loads(plaintext)
    except ValueError:
        raise SealedRecordError("the sealed record's content is not JSON") from None
    record = envelope.get("record") if isinstance(envelope, dict) else None
    if not isinstance(record, dict) or record.get("record_id") != block["record_id"]:
        raise SealedRecordError("the sealed record's id is not the one outside")
    return envelope


def digest(envelope: dict[str, Any]) -> str:
    """SHA-256 of the envelope's plaintext (tells "the same record again" from "a different
    record with the same id" without keeping the record)."""
    return hashlib.sha256(envelope_bytes(envelope)).hexdigest()


def iccid_digest(iccid: str) -> str:
    """What the kiosk keeps to check that a receipt names this record's SIM."""
    return hashlib.sha256(b"simkiosk iccid v1\0" + iccid.encode("utf-8")).hexdigest()


def public_fields(envelope: dict[str, Any]) -> dict[str, str | None]:
    """The non-personal facts the kiosk keeps in plain beside a sealed record: the signing key
    id, the kiosk id, the ICCID's last four digits and digests (for the receipt check and
    idempotent enqueue)."""
    record = _dict(envelope.get("record") if isinstance(envelope, dict) else None)
    sim, kiosk = _dict(record.get("sim")), _dict(record.get("kiosk"))
    iccid = sim.get("iccid")
    if not (isinstance(iccid, str) and iccid.isdigit()):
        iccid = None
    key_id = envelope.get("key_id") if isinstance(envelope, dict) else None
    kiosk_id = kiosk.get("kiosk_id")
    return {
        "key_id": key_id if isinstance(key_id, str) else None,
        "kiosk_id": kiosk_id if isinstance(kiosk_id, str) else None,
        "iccid_tail": iccid[-4:] if iccid is not None else None,
        "iccid_sha256": iccid_digest(iccid) if iccid is not None else None,
        "envelope_sha256": digest(envelope),
    }


def _dict(value: object) -> dict[str, Any]:
    """``value`` when it is an object, else an empty one (a damaged record has no facts)."""
    return value if isinstance(value, dict) else {}
