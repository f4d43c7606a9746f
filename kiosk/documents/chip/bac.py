"""Basic Access Control (ICAO Doc 9303 part 11, 4.3 and 9.7): keys from the MRZ, mutual
authentication, and the session keys and send-sequence counter for secure messaging.

The access key is the document number, date of birth and date of expiry with their check
digits, exactly as printed in the MRZ; a chip answers only a reader that knows them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.documents.chip.apdu import SW_OK, CommandApdu, ResponseApdu
from kiosk.documents.chip.crypto import (
    derive_key,
    des3_decrypt,
    des3_encrypt,
    pad,
    retail_mac,
)
from kiosk.documents.chip.secure_messaging import SecureMessaging
from kiosk.errors import ChipError
from simcontract.checkdigits import icao_check_digit

Transmit = Callable[[bytes], bytes]


class BacError(ChipError):
    """Mutual authentication failed: a wrong MRZ key, or a chip that answers wrongly."""


@dataclass(frozen=True)
class BacKey:
    """The MRZ fields that make the BAC key (dates as YYMMDD, as printed)."""

    document_number: str
    birth_date: str
    expiry_date: str

    def mrz_information(self) -> str:
        number = self.document_number.upper()
        if len(number) < 9:
            number = number.ljust(9, "<")
        return (
            number
            + icao_check_digit(number)
            + self.birth_date
            + icao_check_digit(self.birth_date)
            + self.expiry_date
            + icao_check_digit(self.expiry_date)
        )

    def seed(self) -> bytes:
        return hashlib.sha1(self.mrz_information().encode("ascii")).digest()[:16]

    def keys(self) -> tuple[bytes, bytes]:
        """(K_enc, K_mac) for mutual authentication."""
        seed = self.seed()
        return derive_key(seed, 1), derive_key(seed, 2)


def key_from_mrz_lines(lines: list[str]) -> BacKey:
    """The BAC key from MRZ lines: TD1 (3x30) from lines 1-2, TD2/TD3 from line 2. A document
    number longer than 9 characters continues in the optional data, its check digit last, with
    '<' in the number's own check-digit position (Doc 9303 part 5, 4.2.4)."""
    lines = [line.strip().upper() for line in lines]
    if len(lines) == 3 and all(len(line) == 30 for line in lines):
        number, digit, optional = lines[0][5:14], lines[0][14], lines[0][15:30]
        birth, expiry = lines[1][0:6], lines[1][8:14]
    elif len(lines) == 2 and len(lines[1]) in (36, 44):
        number, digit, optional = lines[1][0:9], lines[1][9], ""
        birth, expiry = lines[1][13:19], lines[1][21:27]
    else:
        raise ValueError("MRZ must be 3 lines of 30, or 2 lines of 36 or 44 characters")
    if digit == "<" and optional:
        number += optional.split("<", 1)[0][:-1]
    return BacKey(number, birth, expiry)


def session_keys(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SecureMessaging:
    """The secure channel both sides derive after mutual authentication."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    return SecureMessaging(derive_key(seed, 1), derive_key(seed, 2), rnd_ic[-4:] + rnd_ifd[-4:])


def _cryptogram(k_enc: bytes, k_mac: bytes, plain: bytes) -> bytes:
    e = des3_encrypt(k_enc, plain)
    return e + retail_mac(k_mac, pad(e))


def _open(k_enc: bytes, k_mac: bytes, data: bytes) -> bytes | None:
    """The plain text of an E||M cryptogram, or None when its MAC fails."""
    if len(data) != 40:
        return None
    e, m = data[:32], data[32:]
    if not hmac.compare_digest(retail_mac(k_mac, pad(e)), m):
        return None
    return des3_decrypt(k_enc, e)


def authenticate(
    transmit: Transmit, key: BacKey, *, rnd_ifd: bytes | None = None, k_ifd: bytes | None = None
) -> SecureMessaging:
    """Reader side: GET CHALLENGE, EXTERNAL AUTHENTICATE, session keys.

    rnd_ifd and k_ifd are random unless given (the tests replay the worked example).
    """
    k_enc, k_mac = key.keys()
    resp = ResponseApdu.parse(transmit(CommandApdu(0x00, 0x84, 0x00, 0x00, le=8).encode()))
    if resp.sw != SW_OK or len(resp.data) != 8:
        raise BacError(f"GET CHALLENGE refused ({resp.sw:04X})")
    rnd_ic = resp.data
    rnd_ifd = rnd_ifd or os.urandom(8)
    k_ifd = k_ifd or os.urandom(16)
    cmd_data = _cryptogram(k_enc, k_mac, rnd_ifd + rnd_ic + k_ifd)
    resp = ResponseApdu.parse(transmit(CommandApdu(0x00, 0x82, 0x00, 0x00, cmd_data, 40).encode()))
    if resp.sw != SW_OK:
        # 6300 / 6982: the chip could not verify our cryptogram, i.e. the MRZ key is wrong.
        raise BacError(f"EXTERNAL AUTHENTICATE refused ({resp.sw:04X})")
    plain = _open(k_enc, k_mac, resp.data)
    if plain is None:
        raise BacError("the chip's cryptogram does not verify")
    if plain[:8] != rnd_ic or plain[8:16] != rnd_ifd:
        raise BacError("the chip's cryptogram carries the wrong challenges")
    return session_keys(k_ifd, plain[16:32], rnd_ic, rnd_ifd)


def card_answer(
    key: BacKey, rnd_ic: bytes, cmd_data: bytes, *, k_ic: bytes | None = None
) -> tuple[bytes, SecureMessaging] | None:
    """Card side of EXTERNAL AUTHENTICATE: (response data, secure channel), or None if the
    reader's cryptogram does not verify (a reader with the wrong MRZ)."""
    k_enc, k_mac = key.keys()
    plain = _open(k_enc, k_mac, cmd_data)
    if plain is None or plain[8:16] != rnd_ic:
        return None
    rnd_ifd, k_ifd = plain[:8], plain[16:32]
    k_ic = k_ic or os.urandom(16)
    resp = _cryptogram(k_enc, k_mac, rnd_ic + rnd_ifd + k_ic)
    return resp, session_keys(k_ifd, k_ic, rnd_ic, rnd_ifd)
