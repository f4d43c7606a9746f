"""A card-side ePassport (ICAO Doc 9303 LDS applet with BAC), for tests and the demo.

It answers APDUs as a chip does: SELECT of the applet and of EFs, GET CHALLENGE, EXTERNAL
AUTHENTICATE, and READ BINARY (B0 with offsets up to 32767 or a short EF identifier, B1 with
an offset data object beyond that), in secure messaging after BAC. A wrong MAC or a plain
command during secure messaging ends the session, as on a real chip.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from kiosk.documents.chip import tlv
from kiosk.documents.chip.apdu import (
    SW_CONDITIONS_NOT_SATISFIED,
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_INS_NOT_SUPPORTED,
    SW_OK,
    SW_SECURITY_NOT_SATISFIED,
    SW_SM_DATA_OBJECTS_INCORRECT,
    SW_WRONG_DATA,
    SW_WRONG_P1P2,
    ApduError,
    CommandApdu,
    ResponseApdu,
)
from kiosk.documents.chip.bac import BacKey, card_answer
from kiosk.documents.chip.lds import DATA_GROUPS, EF_CARD_ACCESS, EF_COM, EF_SOD, MRTD_AID
from kiosk.documents.chip.secure_messaging import SecureMessaging, SecureMessagingError

if TYPE_CHECKING:
    from kiosk.documents.chip.pace import PaceCard  # imported when a reader starts PACE

SW_WRONG_LENGTH = 0x6700
SW_AUTH_FAILED = 0x6300
_SFI = {sfi: fid for fid, sfi, _ in DATA_GROUPS.values()} | {0x1E: EF_COM, 0x1D: EF_SOD}


def _atr() -> bytes:
    """An ISO 14443-4 contactless ATR as PC/SC readers build it, with its check byte."""
    historical = b"\x80\x31\x80\x65\xb0\x85\x59\x00"  # arbitrary, well-formed historical bytes
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    tck = 0
    for b in body:
        tck ^= b
    return b"\x3b" + body + bytes([tck])


class EPassportCard:
    def __init__(
        self,
        files: dict[int, bytes],
        key: BacKey,
        *,
        extended_length: bool = True,
        max_read: int = 0x10000,
        aa_key=None,
        pace_parameter_id: int | None = None,
        pace_protocol: bytes | None = None,
        chip_auth_key: tuple[int, int, bytes] | None = None,
    ) -> None:
        """aa_key: the Active Authentication private key (RSA or EC) whose public key is in
        DG15; a cloned chip is the same files with another key (or none)."""
        self.files = dict(files)
        self.aa_key = aa_key
        # Chip Authentication: (private scalar, curve parameter id, protocol OID), with its
        # public key in DG14; a clone has DG14 but not the scalar.
        self.chip_auth_key = chip_auth_key
        # PACE offered in EF.CardAccess, beside BAC: generic mapping with AES-128, ECDH on the
        # curve pace_parameter_id names (12, 13) unless pace_protocol is the DH one (ids 0-2).
        from kiosk.documents.chip.pace import PACE_ECDH_GM_AES_128, build_card_access

        self.pace_parameter_id = pace_parameter_id
        self.pace_protocol = pace_protocol or PACE_ECDH_GM_AES_128
        if pace_parameter_id is not None:
            self.files[EF_CARD_ACCESS] = build_card_access(pace_parameter_id, self.pace_protocol)
        self.key = key
        self.extended_length = extended_length
        self.max_read = max_read
        self.atr = _atr()
        self.commands = 0
        self.reset()

    def reset(self) -> None:
        self._applet = False
        self._sm: SecureMessaging | None = None
        self._challenge: bytes | None = None
        self._file: int | None = None
        self._pace: PaceCard | None = None
        self._pending_sm: SecureMessaging | None = None
        self._ca_pending = False

    def transmit(self, raw: bytes) -> bytes:
        self.commands += 1
        try:
            cmd = CommandApdu.parse(raw)
        except ApduError:
            return SW_WRONG_LENGTH.to_bytes(2, "big")
        if cmd.extended and not self.extended_length:
            return SW_WRONG_LENGTH.to_bytes(2, "big")
        out = self._answer(cmd)
        if not cmd.extended and len(out) > 258:
            # A short APDU cannot carry more than 256 response bytes: a reader that asks for
            # more than fits (e.g. a large chunk under secure messaging) gets an error.
            self._sm = None
            return SW_WRONG_LENGTH.to_bytes(2, "big")
        return out

    def _answer(self, cmd: CommandApdu) -> bytes:
        if cmd.cla & 0x0C == 0x0C:
            if self._sm is None:
                return SW_SM_DATA_OBJECTS_INCORRECT.to_bytes(2, "big")
            sm = self._sm
            try:
                plain = sm.unprotect_command(cmd)
            except SecureMessagingError:
                self._sm = None  # a broken channel is closed for good
                return SW_SM_DATA_OBJECTS_INCORRECT.to_bytes(2, "big")
            resp = self._dispatch(plain)
            out = sm.protect_response(plain.ins, resp.data, resp.sw)
            if self._pending_sm is not None:  # Chip Authentication: new keys from now on
                self._sm, self._pending_sm = self._pending_sm, None
            return out
        self._sm = None  # a plain command ends secure messaging
        encoded = self._dispatch(cmd).encode()
        if self._pending_sm is not None:
            self._sm, self._pending_sm = self._pending_sm, None
        return encoded

    def _dispatch(self, cmd: CommandApdu) -> ResponseApdu:
        handler = {
            0xA4: self._select,
            0x84: self._get_challenge,
            0x82: self._external_authenticate,
            0xB0: self._read_binary,
            0xB1: self._read_binary_odd,
            0x88: self._internal_authenticate,
            0x22: self._mse_set_at,
            0x86: self._general_authenticate,
        }.get(cmd.ins)
        if handler is None:
            return ResponseApdu(b"", SW_INS_NOT_SUPPORTED)
        return handler(cmd)

    def _select(self, cmd: CommandApdu) -> ResponseApdu:
        if cmd.p1 == 0x04:
            if cmd.data != MRTD_AID:
                return ResponseApdu(b"", SW_FILE_NOT_FOUND)
            self._applet, self._file = True, None
            return ResponseApdu(b"", SW_OK)
        if cmd.p1 in (0x00, 0x02) and len(cmd.data) == 2:
            fid = int.from_bytes(cmd.data, "big")
            if fid not in self.files or (not self._applet and fid != EF_CARD_ACCESS):
                return ResponseApdu(b"", SW_FILE_NOT_FOUND)
            if fid != EF_CARD_ACCESS and self._sm is None:
                return ResponseApdu(b"", SW_SECURITY_NOT_SATISFIED)
            self._file = fid
            return ResponseApdu(b"", SW_OK)
        return ResponseApdu(b"", SW_WRONG_P1P2)

    def _get_challenge(self, cmd: CommandApdu) -> ResponseApdu:
        if not self._applet:
            return ResponseApdu(b"", SW_CONDITIONS_NOT_SATISFIED)
        self._challenge = os.urandom(8)
        return ResponseApdu(self._challenge, SW_OK)

    def _external_authenticate(self, cmd: CommandApdu) -> ResponseApdu:
        challenge, self._challenge = self._challenge, None  # one try per challenge
        if challenge is None:
            return ResponseApdu(b"", SW_CONDITIONS_NOT_SATISFIED)
        answer = card_answer(self.key, challenge, cmd.data)
        if answer is None:
            return ResponseApdu(b"", SW_AUTH_FAILED)
        data, self._sm = answer
        return ResponseApdu(data, SW_OK)

    def _chip_auth(self, reader_pk: bytes | None) -> ResponseApdu:
        from kiosk.documents.chip.chip_auth import ChipAuthError, card_agree
        from kiosk.documents.chip.ec_math import CURVES

        if self.chip_auth_key is None or self._sm is None or not reader_pk:
            return ResponseApdu(b"", SW_CONDITIONS_NOT_SATISFIED)
        scalar, param, protocol = self.chip_auth_key
        try:
            self._pending_sm = card_agree(scalar, CURVES[param], protocol, reader_pk)
        except (ChipAuthError, ValueError):
            return ResponseApdu(b"", SW_WRONG_DATA)
        return ResponseApdu(b"", SW_OK)

    def _mse_set_at(self, cmd: CommandApdu) -> ResponseApdu:
        from kiosk.documents.chip.pace import PaceCard

        if (cmd.p1, cmd.p2) == (0x41, 0xA4):  # Chip Authentication (AES): GA follows
            self._ca_pending = True
            return ResponseApdu(b"", SW_OK if self.chip_auth_key else SW_WRONG_DATA)
        if (cmd.p1, cmd.p2) == (0x41, 0xA6):  # Chip Authentication (3DES): key in DO'91'
            try:
                return self._chip_auth(tlv.find(cmd.data, 0x91))
            except tlv.TlvError:
                return ResponseApdu(b"", SW_WRONG_DATA)
        if self.pace_parameter_id is None or (cmd.p1, cmd.p2) != (0xC1, 0xA4):
            return ResponseApdu(b"", SW_WRONG_P1P2)
        try:
            oid, pw = tlv.find(cmd.data, 0x80), tlv.find(cmd.data, 0x83)
            param = tlv.find(cmd.data, 0x84)
        except tlv.TlvError:
            return ResponseApdu(b"", SW_WRONG_DATA)
        if (
            oid != self.pace_protocol
            or pw != b"\x01"
            or (param is not None and param != bytes([self.pace_parameter_id]))
        ):
            return ResponseApdu(b"", SW_WRONG_DATA)
        self._pace = PaceCard(self.key, self.pace_parameter_id, self.pace_protocol)
        return ResponseApdu(b"", SW_OK)

    def _general_authenticate(self, cmd: CommandApdu) -> ResponseApdu:
        from kiosk.documents.chip.pace import PaceError

        if self._ca_pending:
            self._ca_pending = False
            try:
                resp = self._chip_auth(tlv.find(tlv.unwrap(cmd.data, 0x7C), 0x80))
            except tlv.TlvError:
                return ResponseApdu(b"", SW_WRONG_DATA)
            return ResponseApdu(b"\x7c\x00", resp.sw) if resp.sw == SW_OK else resp
        if self._pace is None:
            return ResponseApdu(b"", SW_CONDITIONS_NOT_SATISFIED)
        try:
            answer, sm = self._pace.general_authenticate(cmd.data)
        except PaceError:
            self._pace = None
            return ResponseApdu(b"", SW_AUTH_FAILED)
        if sm is not None:
            self._pace = None
            self._pending_sm = sm  # takes effect after this (plain) answer
        return ResponseApdu(answer, SW_OK)

    def _internal_authenticate(self, cmd: CommandApdu) -> ResponseApdu:
        if self._sm is None:
            return ResponseApdu(b"", SW_SECURITY_NOT_SATISFIED)
        if self.aa_key is None:
            return ResponseApdu(b"", SW_INS_NOT_SUPPORTED)
        if len(cmd.data) != 8:
            return ResponseApdu(b"", SW_WRONG_DATA)
        from kiosk.documents.chip.active_auth import sign

        return ResponseApdu(sign(self.aa_key, cmd.data), SW_OK)

    def _content(self) -> bytes | None:
        return self.files.get(self._file) if self._file is not None else None

    def _slice(self, offset: int, le: int | None) -> ResponseApdu:
        data = self._content()
        if data is None:
            return ResponseApdu(b"", SW_CONDITIONS_NOT_SATISFIED)
        if offset > len(data):
            return ResponseApdu(b"", SW_WRONG_P1P2)
        want = min(le or 256, self.max_read)
        chunk = data[offset : offset + want]
        return ResponseApdu(chunk, SW_OK if len(chunk) == want else SW_END_OF_FILE)

    def _read_binary(self, cmd: CommandApdu) -> ResponseApdu:
        if self._sm is None and not (self._file == EF_CARD_ACCESS and not cmd.p1 & 0x80):
            return ResponseApdu(b"", SW_SECURITY_NOT_SATISFIED)
        if cmd.p1 & 0x80:  # short EF identifier in P1, offset in P2
            fid = _SFI.get(cmd.p1 & 0x1F)
            if fid is None or fid not in self.files:
                return ResponseApdu(b"", SW_FILE_NOT_FOUND)
            self._file = fid
            return self._slice(cmd.p2, cmd.le)
        return self._slice(((cmd.p1 & 0x7F) << 8) | cmd.p2, cmd.le)

    def _read_binary_odd(self, cmd: CommandApdu) -> ResponseApdu:
        """READ BINARY B1: the offset in DO'54', the data returned in DO'53'."""
        if self._sm is None:
            return ResponseApdu(b"", SW_SECURITY_NOT_SATISFIED)
        try:
            offset_raw = tlv.find(cmd.data, 0x54)
        except tlv.TlvError:
            offset_raw = None
        if offset_raw is None:
            return ResponseApdu(b"", SW_WRONG_DATA)
        le = cmd.le or 256
        # Leave room for the DO'53' header (at most 53 82 xx xx) inside Le.
        resp = self._slice(int.from_bytes(offset_raw, "big"), max(le - 4, 1))
        return ResponseApdu(tlv.encode(0x53, resp.data), resp.sw)
