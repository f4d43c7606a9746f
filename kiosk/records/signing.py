"""The signing contract shared by the kiosk and the server (and anyone integrating with them).

- Canonical form: RFC 8785 (JSON Canonicalization Scheme) of the JSON object, as UTF-8 bytes.
- Signature: Ed25519 over those bytes, encoded as standard base64 (with padding).
- Key id: the first 32 hex digits of SHA-256 over the raw 32-byte Ed25519 public key.
- Envelope: ``{"<kind>": <object>, "key_id": <key id>, "signature": <base64>}`` where kind is
  ``record`` for activation records (kiosk key) and ``receipt`` for receipts (server key).

This module must stay importable by the server: it imports nothing else of ``kiosk``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class SignatureError(ValueError):
    """An envelope is malformed or its signature does not verify."""


def canonical_bytes(obj: Any) -> bytes:
    """RFC 8785 canonical JSON. Raises SignatureError for values JSON cannot carry exactly."""
    try:
        return rfc8785.dumps(obj)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise SignatureError(f"object cannot be canonicalised: {exc}") from None


def raw_public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public_bytes(public_key)).hexdigest()[:32]


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_key_pem(pem: str | bytes) -> Ed25519PublicKey:
    data = pem.encode() if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise SignatureError(f"not a PEM public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SignatureError("public key is not an Ed25519 key")
    return key


def sign(obj: Any, private_key: Ed25519PrivateKey) -> str:
    return base64.b64encode(private_key.sign(canonical_bytes(obj))).decode("ascii")


def verify(obj: Any, signature_b64: str, public_key: Ed25519PublicKey) -> None:
    """Raises SignatureError unless ``signature_b64`` is the key's signature over ``obj``."""
    if not isinstance(signature_b64, str):
        raise SignatureError("signature must be a base64 string")
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("signature is not valid base64") from None
    if len(signature) != 64:
        raise SignatureError("signature must be 64 bytes")
    try:
        public_key.verify(signature, canonical_bytes(obj))
    except InvalidSignature:
        raise SignatureError("signature does not verify") from None


def make_envelope(kind: str, obj: dict[str, Any], private_key: Ed25519PrivateKey) -> dict[str, Any]:
    return {kind: obj, "key_id": key_id(private_key.public_key()),
            "signature": sign(obj, private_key)}


def open_envelope(kind: str, envelope: Any, public_key: Ed25519PublicKey) -> dict[str, Any]:
    """Check the envelope's shape, key id and signature; return the signed object."""
    if not isinstance(envelope, dict) or set(envelope) != {kind, "key_id", "signature"}:
        raise SignatureError(f"envelope must have exactly the keys {kind}, key_id, signature")
    obj = envelope[kind]
    if not isinstance(obj, dict):
        raise SignatureError(f"envelope {kind} must be a JSON object")
    if envelope["key_id"] != key_id(public_key):
        raise SignatureError("envelope key_id does not match the key")
    verify(obj, envelope["signature"], public_key)
    return obj
