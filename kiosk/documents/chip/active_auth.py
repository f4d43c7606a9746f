"""Active Authentication (ICAO Doc 9303 part 11, 6.1): the chip proves it holds the private key
whose public key is in DG15, by signing the reader's random challenge. DG15 is covered by the
SOD, so a chip that passes both passive and active authentication is not a copy.

RSA chips sign with ISO/IEC 9796-2 digital signature scheme 1 (message recovery): the
representative is 6A || M1 || H(M1 || challenge) || trailer, with trailer BC for SHA-1 or
hash-id CC for others. EC chips return a plain r || s ECDSA signature (BSI TR-03111); the hash
is named in DG14's ActiveAuthenticationInfo, which this reader does not parse yet: it tries
SHA-256, then SHA-1, SHA-384, SHA-512, SHA-224.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from kiosk.documents.chip import tlv
from kiosk.errors import ChipError

TAG_DG15 = 0x6F
# ISO/IEC 10118-3 hash identifiers used in the trailer 'xx CC'
_TRAILER_HASH = {0x33: "sha1", 0x34: "sha256", 0x35: "sha512", 0x36: "sha384", 0x38: "sha224"}
_EC_HASHES = (hashes.SHA256, hashes.SHA1, hashes.SHA384, hashes.SHA512, hashes.SHA224)

ACTIVE_AUTH_FAILED = "chip_active_auth_failed"


class ActiveAuthError(ChipError, ValueError):
    """DG15 does not hold a usable public key."""


def public_key_of_dg15(dg15: bytes):
    try:
        key = serialization.load_der_public_key(tlv.unwrap(dg15, TAG_DG15))
    except (ValueError, tlv.TlvError) as exc:
        raise ActiveAuthError(f"DG15 does not hold a public key: {exc}") from exc
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise ActiveAuthError("DG15 key is neither RSA nor EC")
    return key


def build_dg15(public_key) -> bytes:
    return tlv.encode(
        TAG_DG15,
        public_key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    )


def verify(dg15: bytes, challenge: bytes, signature: bytes) -> bool:
    key = public_key_of_dg15(dg15)
    if isinstance(key, ec.EllipticCurvePublicKey):
        return _verify_ec(key, challenge, signature)
    return _verify_rsa(key, challenge, signature)


def _verify_ec(key: ec.EllipticCurvePublicKey, challenge: bytes, signature: bytes) -> bool:
    size = (key.curve.key_size + 7) // 8
    if len(signature) != 2 * size:
        return False
    der = encode_dss_signature(
        int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
    )
    for h in _EC_HASHES:
        try:
            key.verify(der, challenge, ec.ECDSA(h()))
            return True
        except InvalidSignature:
            continue
    return False


def _verify_rsa(key: rsa.RSAPublicKey, challenge: bytes, signature: bytes) -> bool:
    numbers = key.public_numbers()
    k = (numbers.n.bit_length() + 7) // 8
    s = int.from_bytes(signature, "big")
    if s >= numbers.n:
        return False
    rep = pow(s, numbers.e, numbers.n)
    raw = rep.to_bytes(k, "big")
    if raw[-1] != 0xBC and raw[-1] != 0xCC:
        raw = (numbers.n - rep).to_bytes(k, "big")  # ISO 9796-2 allows min(s, n - s)
    if raw[0] & 0x0F != 0x0A or (raw[0] >> 4) not in (0x6, 0x4):
        return False
    if raw[-1] == 0xBC:
        name, body = "sha1", raw[1:-1]
    elif raw[-1] == 0xCC and raw[-2] in _TRAILER_HASH:
        name, body = _TRAILER_HASH[raw[-2]], raw[1:-2]
    else:
        return False
    hlen = hashlib.new(name).digest_size
    m1, digest = body[:-hlen], body[-hlen:]
    return hmac.compare_digest(hashlib.new(name, m1 + challenge).digest(), digest)


def sign(private_key, challenge: bytes) -> bytes:
    """Card side: the chip's answer to INTERNAL AUTHENTICATE."""
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(private_key.sign(challenge, ec.ECDSA(hashes.SHA256())))
        size = (private_key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    numbers = private_key.private_numbers()
    n = numbers.public_numbers.n
    k = (n.bit_length() + 7) // 8
    m1 = os.urandom(k - 20 - 2)
    rep = b"\x6a" + m1 + hashlib.sha1(m1 + challenge).digest() + b"\xbc"
    return pow(int.from_bytes(rep, "big"), numbers.d, n).to_bytes(k, "big")
