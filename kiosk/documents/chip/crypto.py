"""The symmetric primitives of BAC and 3DES secure messaging (ICAO Doc 9303 part 11, 9.7-9.8).

Two-key 3DES in CBC mode with a zero IV, ISO/IEC 9797-1 padding method 2, and the "retail MAC"
(ISO/IEC 9797-1 MAC algorithm 3 with DES): single-DES CBC with Ka over all blocks, then the last
block decrypted with Kb and encrypted again with Ka. DES and 3DES come from `cryptography`'s
"decrepit" module: they are obsolete, but the passports in circulation use them.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

_ZERO_IV = bytes(8)


def pad(data: bytes, block: int = 8) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to the block size (always added)."""
    data = data + b"\x80"
    return data + bytes(-len(data) % block)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        raise ValueError("bad ISO 9797-1 padding")
    return stripped[:-1]


def _des3(key16: bytes) -> TripleDES:
    return TripleDES(key16 + key16[:8])  # two-key 3DES: K1 K2 K1


def des3_encrypt(key16: bytes, data: bytes) -> bytes:
    enc = Cipher(_des3(key16), modes.CBC(_ZERO_IV)).encryptor()
    return enc.update(data) + enc.finalize()


def des3_decrypt(key16: bytes, data: bytes) -> bytes:
    dec = Cipher(_des3(key16), modes.CBC(_ZERO_IV)).decryptor()
    return dec.update(data) + dec.finalize()


def retail_mac(key16: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 over already padded data; 8 bytes."""
    if len(data) % 8:
        raise ValueError("MAC input must be padded to 8 bytes")
    ka, kb = key16[:8], key16[8:16]
    # Single DES is 3DES with three equal keys.
    enc = Cipher(TripleDES(ka * 3), modes.CBC(_ZERO_IV)).encryptor()
    h = (enc.update(data) + enc.finalize())[-8:]
    d = Cipher(TripleDES(kb * 3), modes.ECB()).decryptor()
    h = d.update(h) + d.finalize()
    e = Cipher(TripleDES(ka * 3), modes.ECB()).encryptor()
    return e.update(h) + e.finalize()


def adjust_parity(key: bytes) -> bytes:
    """DES keys carry odd parity in each byte's lowest bit."""
    out = bytearray()
    for b in key:
        b &= 0xFE
        out.append(b | (bin(b).count("1") + 1) % 2)
    return bytes(out)


def derive_key(seed: bytes, counter: int) -> bytes:
    """Doc 9303 part 11, 9.7.1: SHA-1(seed || counter), first 16 bytes with DES parity.

    counter 1 gives the encryption key, 2 the MAC key.
    """
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()
    return adjust_parity(digest[:16])
