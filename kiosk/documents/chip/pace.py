"""PACE with the MRZ password (ICAO Doc 9303 part 11, 4.4), generic mapping with AES-128
secure messaging, on ECDH (id-PACE-ECDH-GM-AES-CBC-CMAC-128, NIST P-256 or brainpoolP256r1)
or on DH (id-PACE-DH-GM-AES-CBC-CMAC-128, the RFC 5114 MODP groups 0-2, dh_math.py), and the
integrated mapping on both (id-PACE-{EC,}DH-IM-AES-CBC-CMAC-128: G~ = f_G(R_p(s, t)) from the
chip's nonce s and the reader's nonce t, 4.4.3.3.2). The chip lists what it offers in
EF.CardAccess; a chip without it (or with only variants not done here: 3DES, AES-192/256, the
chip authentication mapping) is read with BAC.

Steps: MSE:Set AT names the protocol and the password; GENERAL AUTHENTICATE 1 returns the
nonce encrypted with K_pi; 2 exchanges the mapping keys (G~ = s*G + H); 3 the ephemeral keys
on G~; 4 the authentication tokens (CMAC over the other side's public key) that prove both
derived the same session keys.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kiosk.documents.chip import tlv
from kiosk.documents.chip.apdu import SW_OK, CommandApdu, ResponseApdu
from kiosk.documents.chip.bac import BacKey
from kiosk.documents.chip.dh_math import DH_GROUPS, DhGroup
from kiosk.documents.chip.ec_math import CURVES, Curve
from kiosk.documents.chip.secure_messaging import AesSecureMessaging, aes_cmac
from kiosk.errors import ChipError

Transmit = Callable[[bytes], bytes]

# 0.4.0.127.0.7.2.2.4.{2,1,3}.2, DER content bytes
PACE_ECDH_GM_AES_128 = bytes.fromhex("04007F00070202040202")
PACE_DH_GM_AES_128 = bytes.fromhex("04007F00070202040102")
PACE_DH_IM_AES_128 = bytes.fromhex("04007F00070202040302")
PACE_ECDH_IM_AES_128 = bytes.fromhex("04007F00070202040402")
_PASSWORD_MRZ = 1


class Group(Protocol):
    """What PACE needs of a group, met by ec_math.Curve (points) and dh_math.DhGroup
    (integers mod p): elements are whatever the group uses, None its identity."""

    @property
    def p(self) -> int: ...
    @property
    def g(self) -> Any: ...
    @property
    def n(self) -> int: ...
    @property
    def size(self) -> int: ...
    def add(self, a: Any, b: Any) -> Any: ...
    def mul(self, k: int, base: Any) -> Any: ...
    def encode(self, element: Any) -> bytes: ...
    def decode(self, raw: bytes) -> Any: ...


# protocol -> the standardized domain parameters it runs on, by parameter id
_GROUPS: dict[bytes, dict[int, Curve] | dict[int, DhGroup]] = {
    PACE_ECDH_GM_AES_128: CURVES,
    PACE_DH_GM_AES_128: DH_GROUPS,
    PACE_DH_IM_AES_128: DH_GROUPS,
    PACE_ECDH_IM_AES_128: CURVES,
}
_NAMES = {
    PACE_ECDH_GM_AES_128: "ECDH-GM",
    PACE_DH_GM_AES_128: "DH-GM",
    PACE_DH_IM_AES_128: "DH-IM",
    PACE_ECDH_IM_AES_128: "ECDH-IM",
}
_INTEGRATED = {PACE_DH_IM_AES_128, PACE_ECDH_IM_AES_128}
# The pseudo-random function's constants for a 128-bit block (Doc 9303 part 11, 4.4.3.3.2)
_R_C0 = bytes.fromhex("a668892a7c41e3ca739f40b057d85904")
_R_C1 = bytes.fromhex("a4e136ac725f738b01c1f60217c188ad")


class PaceError(ChipError):
    """PACE failed: a wrong MRZ (token mismatch) or a chip that answers wrongly."""


@dataclass(frozen=True)
class PaceInfo:
    protocol: bytes
    version: int
    parameter_id: int

    @property
    def group(self) -> Group:
        return _GROUPS[self.protocol][self.parameter_id]

    @property
    def mapping(self) -> str:
        return _NAMES[self.protocol]


def kdf(secret: bytes, counter: int) -> bytes:
    """AES-128 keys: SHA-1(secret || counter)[:16] (Doc 9303 part 11, 9.7.1)."""
    return hashlib.sha1(secret + counter.to_bytes(4, "big")).digest()[:16]


def password_key(key: BacKey) -> bytes:
    """K_pi from the MRZ: the password is SHA-1 of the MRZ information (all 20 bytes)."""
    return kdf(hashlib.sha1(key.mrz_information().encode("ascii")).digest(), 3)


def parse_card_access(data: bytes) -> list[PaceInfo]:
    """The PACEInfos of EF.CardAccess (a DER SET OF SecurityInfo) that this reader can use."""
    found: list[PaceInfo] = []
    try:
        for tag, info in tlv.iter_tlv(tlv.unwrap(data, 0x31)):
            if tag != 0x30:
                continue
            fields = list(tlv.iter_tlv(info))
            if len(fields) < 2 or fields[0][0] != 0x06:
                continue
            oid = fields[0][1]
            if oid not in _GROUPS:
                continue
            version = int.from_bytes(fields[1][1], "big")
            param = int.from_bytes(fields[2][1], "big") if len(fields) > 2 else -1
            if version == 2 and param in _GROUPS[oid]:
                found.append(PaceInfo(oid, version, param))
    except tlv.TlvError:
        return []
    return found


def build_card_access(parameter_id: int, protocol: bytes = PACE_ECDH_GM_AES_128) -> bytes:
    info = (
        tlv.encode(0x06, protocol)
        + tlv.encode(0x02, b"\x02")
        + tlv.encode(0x02, bytes([parameter_id]))
    )
    return tlv.encode(0x31, tlv.encode(0x30, info))


def _aes_cbc(key: bytes, data: bytes, *, decrypt: bool) -> bytes:
    c = Cipher(algorithms.AES(key), modes.CBC(bytes(16)))
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def auth_token(ks_mac: bytes, curve: Group, public: bytes, protocol: bytes | None = None) -> bytes:
    """CMAC over the public key data object, 8 bytes: 7F49 { 06 OID, 86 point } on a curve,
    7F49 { 06 OID, 84 y } in a DH group (y without leading zero bytes). The OID is the
    protocol run (the generic mapping of the group's kind unless given)."""
    if isinstance(curve, DhGroup):
        body = tlv.encode(0x06, protocol or PACE_DH_GM_AES_128) + tlv.encode(
            0x84, curve.token_value(public)
        )
    else:
        body = tlv.encode(0x06, protocol or PACE_ECDH_GM_AES_128) + tlv.encode(0x86, public)
    return aes_cmac(ks_mac, tlv.encode(0x7F49, body))[:8]


def pseudo_random(s: bytes, t: bytes, bits: int) -> bytes:
    """R(s, t) of the integrated mapping with AES-128: k0 = E(t, s), then block by block
    x_i = E(k_i, c1) and k_i+1 = E(k_i, c0), n = ceil((bits + 64) / 128) blocks."""
    if len(s) != 16 or len(t) != 16:
        raise PaceError("integrated mapping nonces must be 16 bytes")
    k = _aes_cbc(t, s, decrypt=False)
    out = b""
    for _ in range(-(-(bits + 64) // 128)):
        out += _aes_cbc(k, _R_C1, decrypt=False)
        k = _aes_cbc(k, _R_C0, decrypt=False)
    return out


def integrated_map(group: Group, s: bytes, t: bytes):
    """G~ = f_G(R_p(s, t)): in a DH group (R mod p)^((p-1)/q) mod p, never 1; on a curve the
    point encoding of R mod p (Curve.encode_to_point)."""
    rp = int.from_bytes(pseudo_random(s, t, group.p.bit_length()), "big") % group.p
    if isinstance(group, Curve):
        return group.encode_to_point(rp)
    g = pow(rp, (group.p - 1) // group.n, group.p)
    if g == 1:
        raise PaceError("integrated mapping produced the identity")
    return g


def shared_secret(curve: Group, shared) -> bytes:
    """K: the x coordinate of the shared point, or the shared DH value, the length of p."""
    if isinstance(curve, DhGroup):
        return curve.shared_secret(shared)
    return shared[0].to_bytes(curve.size, "big")


def _mapped_generator(curve: Group, nonce: int, sk_map: int, pk_map_other):
    h = curve.mul(sk_map, pk_map_other)
    g = curve.add(curve.mul(nonce, curve.g), h)
    if g is None:
        raise PaceError("mapping produced the point at infinity")
    return g


def _random_scalar(curve: Group) -> int:
    return secrets.randbelow(curve.n - 1) + 1


def _ga(transmit: Transmit, data: bytes, *, last: bool) -> bytes:
    cmd = CommandApdu(0x00 if last else 0x10, 0x86, 0x00, 0x00, tlv.encode(0x7C, data), le=256)
    resp = ResponseApdu.parse(transmit(cmd.encode()))
    if resp.sw != SW_OK:
        raise PaceError(f"GENERAL AUTHENTICATE refused ({resp.sw:04X})")
    try:
        return tlv.unwrap(resp.data, 0x7C)
    except tlv.TlvError as exc:
        raise PaceError(f"GENERAL AUTHENTICATE answer malformed: {exc}") from exc


def authenticate(
    transmit: Transmit,
    key: BacKey,
    info: PaceInfo,
    *,
    sk_map: int | None = None,
    sk_eph: int | None = None,
    nonce_t: bytes | None = None,
    password: bytes | None = None,
) -> AesSecureMessaging:
    """Reader side of PACE; the private scalars and the integrated mapping's nonce t are
    random unless given, and K_pi comes from the MRZ unless given (the worked examples)."""
    curve = info.group
    k_pi = password if password is not None else password_key(key)
    mse = (
        tlv.encode(0x80, info.protocol)
        + tlv.encode(0x83, bytes([_PASSWORD_MRZ]))
        + tlv.encode(0x84, bytes([info.parameter_id]))
    )
    resp = ResponseApdu.parse(transmit(CommandApdu(0x00, 0x22, 0xC1, 0xA4, mse).encode()))
    if resp.sw != SW_OK:
        raise PaceError(f"MSE:Set AT refused ({resp.sw:04X})")
    try:
        z = tlv.find(_ga(transmit, b"", last=False), 0x80) or b""
        s_bytes = _aes_cbc(k_pi, z, decrypt=True)
        if info.protocol in _INTEGRATED:
            t = nonce_t or secrets.token_bytes(16)
            _ga(transmit, tlv.encode(0x81, t), last=False)  # the chip answers 7C 00
            g = integrated_map(curve, s_bytes, t)
        else:
            sk_map = sk_map or _random_scalar(curve)
            pk_map = curve.encode(curve.mul(sk_map, curve.g))
            other_map = curve.decode(
                tlv.find(_ga(transmit, tlv.encode(0x81, pk_map), last=False), 0x82) or b""
            )
            g = _mapped_generator(curve, int.from_bytes(s_bytes, "big"), sk_map, other_map)
        sk_eph = sk_eph or _random_scalar(curve)
        pk_eph = curve.encode(curve.mul(sk_eph, g))
        pk_chip_raw = tlv.find(_ga(transmit, tlv.encode(0x83, pk_eph), last=False), 0x84) or b""
        pk_chip = curve.decode(pk_chip_raw)
        if pk_chip_raw == pk_eph:
            raise PaceError("the chip echoed the reader's key")
        shared = curve.mul(sk_eph, pk_chip)
        if shared is None:
            raise PaceError("key agreement produced the point at infinity")
        secret = shared_secret(curve, shared)
        ks_enc, ks_mac = kdf(secret, 1), kdf(secret, 2)
        answer = _ga(
            transmit,
            tlv.encode(0x85, auth_token(ks_mac, curve, pk_chip_raw, info.protocol)),
            last=True,
        )
    except ValueError as exc:  # a point off the curve, a malformed object
        raise PaceError(f"PACE failed: {exc}") from exc
    if not hmac.compare_digest(
        tlv.find(answer, 0x86) or b"", auth_token(ks_mac, curve, pk_eph, info.protocol)
    ):
        raise PaceError("the chip's authentication token does not verify")
    return AesSecureMessaging(ks_enc, ks_mac)


class PaceCard:
    """Card side of PACE for the emulator: one run, step by step."""

    def __init__(
        self, key: BacKey, parameter_id: int, protocol: bytes = PACE_ECDH_GM_AES_128
    ) -> None:
        self.key = key
        self.protocol = protocol
        self.curve: Group = _GROUPS[protocol][parameter_id]
        self.step = 0
        self.nonce = 0
        self.sk_map = 0
        self.generator = None
        self.pk_eph = b""
        self.pk_reader = b""
        self.ks: tuple[bytes, bytes] | None = None

    def general_authenticate(self, data: bytes) -> tuple[bytes, AesSecureMessaging | None]:
        """The answer (inside 7C) to the next step; raises PaceError when the reader fails."""
        c = self.curve
        try:
            body = tlv.unwrap(data, 0x7C)
            if self.step == 0:
                self.nonce = secrets.randbits(128)
                z = _aes_cbc(password_key(self.key), self.nonce.to_bytes(16, "big"), decrypt=False)
                self.step = 1
                return tlv.encode(0x7C, tlv.encode(0x80, z)), None
            if self.step == 1 and self.protocol in _INTEGRATED:
                self.generator = integrated_map(
                    c, self.nonce.to_bytes(16, "big"), tlv.find(body, 0x81) or b""
                )
                self.step = 2
                return tlv.encode(0x7C, b""), None
            if self.step == 1:
                other = c.decode(tlv.find(body, 0x81) or b"")
                self.sk_map = _random_scalar(c)
                self.generator = _mapped_generator(c, self.nonce, self.sk_map, other)
                self.step = 2
                return tlv.encode(0x7C, tlv.encode(0x82, c.encode(c.mul(self.sk_map, c.g)))), None
            if self.step == 2:
                self.pk_reader = tlv.find(body, 0x83) or b""
                reader_pt = c.decode(self.pk_reader)
                sk = _random_scalar(c)
                self.pk_eph = c.encode(c.mul(sk, self.generator))
                shared = c.mul(sk, reader_pt)
                if shared is None:
                    raise PaceError("key agreement produced the point at infinity")
                secret = shared_secret(c, shared)
                self.ks = (kdf(secret, 1), kdf(secret, 2))
                self.step = 3
                return tlv.encode(0x7C, tlv.encode(0x84, self.pk_eph)), None
            if self.step == 3 and self.ks is not None:
                token = tlv.find(body, 0x85) or b""
                if not hmac.compare_digest(
                    token, auth_token(self.ks[1], c, self.pk_eph, self.protocol)
                ):
                    raise PaceError("the reader's token does not verify (wrong MRZ)")
                self.step = 4
                mine = auth_token(self.ks[1], c, self.pk_reader, self.protocol)
                return tlv.encode(0x7C, tlv.encode(0x86, mine)), AesSecureMessaging(*self.ks)
        except (ValueError, tlv.TlvError) as exc:
            raise PaceError(str(exc)) from exc
        raise PaceError("GENERAL AUTHENTICATE out of sequence")
