"""Chip Authentication (ICAO Doc 9303 part 11, 6.2) with ECDH: the reader agrees a fresh key
with the chip's static key from DG14 and restarts secure messaging with it. Only the chip
holding the private key can go on answering, and DG14 is covered by the SOD, so a chip that
passes is not a copy; it also replaces BAC's weak session keys.

Supported: id-CA-ECDH-AES-CBC-CMAC-128 and id-CA-ECDH-3DES-CBC-CBC on 256-bit prime curves
(NIST P-256, brainpoolP256r1; named or explicit parameters, as many DG14s carry them).
DH-based Chip Authentication and larger curves are reported as not supported.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from asn1crypto import keys

from kiosk.documents.chip import tlv
from kiosk.documents.chip.apdu import SW_OK, CommandApdu, ResponseApdu
from kiosk.documents.chip.crypto import derive_key
from kiosk.documents.chip.ec_math import CURVES, Curve
from kiosk.documents.chip.pace import kdf
from kiosk.documents.chip.secure_messaging import AesSecureMessaging, SecureMessaging
from kiosk.errors import ChipError

CA_ECDH_3DES = bytes.fromhex("04007F00070202030201")
CA_ECDH_AES_128 = bytes.fromhex("04007F00070202030202")
PK_ECDH = bytes.fromhex("04007F000702020102")
TAG_DG14 = 0x6E
CHIP_AUTH_FAILED = "chip_auth_failed"
_NAMED = {"secp256r1": 12, "brainpoolp256r1": 13}


class ChipAuthError(ChipError):
    pass


@dataclass(frozen=True)
class ChipAuthInfo:
    protocol: bytes
    curve: Curve
    public_point: bytes  # uncompressed
    key_id: bytes | None


def _curve_of(params: keys.ECDomainParameters) -> Curve | None:
    if params.name == "named":
        pid = _NAMED.get(str(params.chosen.native).lower())
        return CURVES.get(pid) if pid else None
    if params.name == "specified":
        spec = params.chosen
        p = spec["field_id"]["parameters"].native
        base = spec["base"].native
        for curve in CURVES.values():
            if curve.p == p and base == curve.encode(curve.g):
                return curve
    return None


def parse_dg14(data: bytes) -> list[ChipAuthInfo]:
    """The ECDH Chip Authentication keys of DG14 that this reader can use."""
    try:
        infos = list(tlv.iter_tlv(tlv.unwrap(tlv.unwrap(data, TAG_DG14), 0x31)))
    except tlv.TlvError:
        return []
    protocols: dict[bytes | None, bytes] = {}
    public: list[tuple[bytes | None, bytes]] = []
    for tag, info in infos:
        if tag != 0x30:
            continue
        try:
            fields = list(tlv.iter_tlv(info))
        except tlv.TlvError:
            continue
        if not fields or fields[0][0] != 0x06:
            continue
        oid = fields[0][1]
        if oid in (CA_ECDH_3DES, CA_ECDH_AES_128):
            key_id = fields[2][1] if len(fields) > 2 else None
            protocols[key_id] = oid
        elif oid == PK_ECDH and len(fields) > 1:
            spki = tlv.encode(0x30, fields[1][1])
            key_id = fields[2][1] if len(fields) > 2 else None
            public.append((key_id, spki))
    out = []
    for key_id, spki in public:
        protocol = protocols.get(key_id) or (
            next(iter(protocols.values())) if protocols else CA_ECDH_3DES
        )  # DG14 v1 default
        try:
            info = keys.PublicKeyInfo.load(spki)
            curve = _curve_of(info["algorithm"]["parameters"])
            point = info["public_key"].native  # the EC point, uncompressed
        except (ValueError, TypeError, KeyError):
            continue
        if curve is None:
            continue
        try:
            curve.decode(point)
        except ValueError:
            continue
        out.append(ChipAuthInfo(protocol, curve, point, key_id))
    return out


def build_dg14(public_key_point: bytes, parameter_id: int, *, aes: bool = True) -> bytes:
    """A DG14 offering one ECDH Chip Authentication key (named curve)."""
    name = {v: k for k, v in _NAMED.items()}[parameter_id]
    spki = keys.PublicKeyInfo(
        {
            "algorithm": {
                "algorithm": "ec",
                "parameters": keys.ECDomainParameters(name="named", value=name),
            },
            "public_key": public_key_point,
        }
    ).dump()
    spki_body = tlv.unwrap(spki, 0x30)
    ca_info = tlv.encode(
        0x30, tlv.encode(0x06, CA_ECDH_AES_128 if aes else CA_ECDH_3DES) + tlv.encode(0x02, b"\x01")
    )
    pk_info = tlv.encode(0x30, tlv.encode(0x06, PK_ECDH) + tlv.encode(0x30, spki_body))
    return tlv.encode(TAG_DG14, tlv.encode(0x31, ca_info + pk_info))


def session_for(protocol: bytes, secret: bytes) -> SecureMessaging:
    if protocol == CA_ECDH_AES_128:
        return AesSecureMessaging(kdf(secret, 1), kdf(secret, 2))
    return SecureMessaging(derive_key(secret, 1), derive_key(secret, 2), bytes(8))


def authenticate(
    send: Callable[[CommandApdu], ResponseApdu], info: ChipAuthInfo
) -> SecureMessaging:
    """Reader side, inside the current secure channel (send protects and unprotects); returns
    the new channel, which the caller must prove by reading with it."""
    c = info.curve
    sk = secrets.randbelow(c.n - 1) + 1
    pk = c.encode(c.mul(sk, c.g))
    key_ref = tlv.encode(0x84, info.key_id) if info.key_id else b""
    if info.protocol == CA_ECDH_AES_128:
        mse = CommandApdu(0x00, 0x22, 0x41, 0xA4, tlv.encode(0x80, info.protocol) + key_ref)
        if send(mse).sw != SW_OK:
            raise ChipAuthError("MSE:Set AT for Chip Authentication refused")
        resp = send(
            CommandApdu(0x00, 0x86, 0x00, 0x00, tlv.encode(0x7C, tlv.encode(0x80, pk)), le=256)
        )
    else:
        resp = send(CommandApdu(0x00, 0x22, 0x41, 0xA6, tlv.encode(0x91, pk) + key_ref))
    if resp.sw != SW_OK:
        raise ChipAuthError(f"Chip Authentication refused ({resp.sw:04X})")
    shared = c.mul(sk, c.decode(info.public_point))
    if shared is None:
        raise ChipAuthError("key agreement produced the point at infinity")
    return session_for(info.protocol, shared[0].to_bytes(c.size, "big"))


def card_agree(
    private_scalar: int, curve: Curve, protocol: bytes, reader_pk: bytes
) -> SecureMessaging:
    """Card side: the new channel from the reader's ephemeral key."""
    shared = curve.mul(private_scalar, curve.decode(reader_pk))
    if shared is None:
        raise ChipAuthError("key agreement produced the point at infinity")
    return session_for(protocol, shared[0].to_bytes(curve.size, "big"))
