"""The signing contract shared by the kiosk and the server (and anyone integrating with them).

- Canonical form: RFC 8785 (JSON Canonicalization Scheme) of the JSON object, as UTF-8 bytes.
- Signature: Ed25519 over those bytes, encoded as standard base64 (with padding).
- Key id: the first 32 hex digits of SHA-256 over the raw 32-byte Ed25519 public key.
- Envelope: ``{"<kind>": <object>, "key_id": <key id>, "signature": <base64>}`` where kind is
  ``record`` for activation records (kiosk key) and ``receipt`` for receipts (server key).
- Sealed evidence (evidence mode ``sealed``): the images, packed as the RFC 8785 form of
  ``{"<name>": "<base64 of the encoded image>"}``, encrypted to the server's X25519 key:
  an ephemeral X25519 key agreement, HKDF-SHA256 (salt = ephemeral public key || server public
  key, raw 32 bytes each; info = ``simkiosk evidence v1``; 32 bytes) and AES-256-GCM with a
  random 12-byte nonce and the record id (UTF-8) as associated data. The record carries the
  ``sealed`` block (see :func:`seal`); the ciphertext travels beside the envelope.

The same envelope signs heartbeats (kind ``heartbeat``, the kiosk key).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from simcontract.errors import ContractError

SEAL_ALG = "X25519-HKDF-SHA256-AES256GCM"
SEAL_INFO = b"simkiosk evidence v1"


class SignatureError(ContractError):
    """An envelope is malformed or its signature does not verify."""


def canonical_bytes(obj: Any) -> bytes:
    """RFC 8785 canonical JSON. Raises SignatureError for values JSON cannot carry exactly."""
    try:
        return rfc8785.dumps(obj)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise SignatureError(f"object cannot be canonicalised: {exc}") from None


# Ed25519 (signing) and X25519 (sealing) public keys share the raw form, the key id rule and
# the SubjectPublicKeyInfo PEM.


def _raw(public_key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _pem(public_key: Ed25519PublicKey | X25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _load_pem(pem: str | bytes, kind: type, name: str, error: type[ValueError]) -> Any:
    data = pem.encode() if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise error(f"not a PEM public key: {exc}") from None
    if not isinstance(key, kind):
        raise error(f"public key is not an {name} key")
    return key


def raw_public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return _raw(public_key)


def key_id(public_key: Ed25519PublicKey | X25519PublicKey) -> str:
    """The first 32 hex digits of SHA-256 of the raw 32-byte public key."""
    return hashlib.sha256(_raw(public_key)).hexdigest()[:32]


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return _pem(public_key)


def load_public_key_pem(pem: str | bytes) -> Ed25519PublicKey:
    return _load_pem(pem, Ed25519PublicKey, "Ed25519", SignatureError)


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
    return {
        kind: obj,
        "key_id": key_id(private_key.public_key()),
        "signature": sign(obj, private_key),
    }


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


# -- sealed evidence ------------------------------------------------------------------------------


class SealError(ContractError):
    """Sealed evidence is malformed, sealed to another key, or does not decrypt."""


def x25519_raw(public_key: X25519PublicKey) -> bytes:
    return _raw(public_key)


def x25519_key_id(public_key: X25519PublicKey) -> str:
    """Same rule as :func:`key_id`."""
    return key_id(public_key)


def x25519_public_pem(public_key: X25519PublicKey) -> str:
    return _pem(public_key)


def load_x25519_public_pem(pem: str | bytes) -> X25519PublicKey:
    return _load_pem(pem, X25519PublicKey, "X25519", SealError)


def _seal_key(shared: bytes, ephemeral_raw: bytes, server_raw: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_raw + server_raw, info=SEAL_INFO
    ).derive(shared)


def pack_evidence(images: dict[str, bytes]) -> bytes:
    """The plaintext that is sealed: RFC 8785 JSON of name -> standard base64 of the bytes."""
    return canonical_bytes(
        {name: base64.b64encode(data).decode("ascii") for name, data in images.items()}
    )


def unpack_evidence(plaintext: bytes) -> dict[str, bytes]:
    try:
        obj = json.loads(plaintext)
        return {name: base64.b64decode(b64, validate=True) for name, b64 in obj.items()}
    except (ValueError, AttributeError, TypeError, binascii.Error):
        raise SealError("sealed evidence is not a packed image set") from None


def seal(
    plaintext: bytes, server_public: X25519PublicKey, *, record_id: str
) -> tuple[dict[str, str], bytes]:
    """Encrypt to the server's key. Returns the record's ``evidence.sealed`` block and the
    ciphertext (AES-GCM output: encrypted bytes followed by the 16-byte tag)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = x25519_raw(ephemeral.public_key())
    key = _seal_key(ephemeral.exchange(server_public), ephemeral_raw, x25519_raw(server_public))
    nonce = os.urandom(12)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, record_id.encode("utf-8"))
    block = {
        "alg": SEAL_ALG,
        "server_key_id": x25519_key_id(server_public),
        "ephemeral_public_key": base64.b64encode(ephemeral_raw).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "ciphertext_sha256": hashlib.sha256(ciphertext).hexdigest(),
    }
    return block, ciphertext


def unseal(
    block: dict[str, Any], ciphertext: bytes, server_private: X25519PrivateKey, *, record_id: str
) -> bytes:
    """The server side of :func:`seal`: check the block against the key and the ciphertext,
    then decrypt. Raises SealError."""
    server_public = server_private.public_key()
    if block.get("alg") != SEAL_ALG:
        raise SealError(f"unknown sealing algorithm {block.get('alg')!r}")
    if block.get("server_key_id") != x25519_key_id(server_public):
        raise SealError("evidence is sealed to a different server key")
    if block.get("ciphertext_sha256") != hashlib.sha256(ciphertext).hexdigest():
        raise SealError("ciphertext does not match its digest in the record")
    try:
        ephemeral_raw = base64.b64decode(block["ephemeral_public_key"], validate=True)
        nonce = base64.b64decode(block["nonce"], validate=True)
        ephemeral = X25519PublicKey.from_public_bytes(ephemeral_raw)
    except (KeyError, ValueError, binascii.Error):
        raise SealError("sealed block has a malformed key or nonce") from None
    key = _seal_key(server_private.exchange(ephemeral), ephemeral_raw, x25519_raw(server_public))
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, record_id.encode("utf-8"))
    except InvalidTag:
        raise SealError("sealed evidence does not decrypt (tampered or wrong record)") from None
