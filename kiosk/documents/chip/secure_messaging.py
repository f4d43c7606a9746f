"""3DES secure messaging (ICAO Doc 9303 part 11, 9.8), for the reader and for the card.

Every protected command and every protected response moves the send-sequence counter (SSC) on
by one *before* its MAC is computed, so a reader and a chip that agree on the starting SSC stay
in step; a MAC that fails means the session is over (the chip drops its keys, the reader must
authenticate again). Data go in DO'87' (even INS, with the padding-content indicator 01) or
DO'85' (odd INS, e.g. READ BINARY B1), Le in DO'97', the status word in DO'99', the MAC in DO'8E'.
"""

from __future__ import annotations

import hmac

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kiosk.documents.chip import tlv
from kiosk.documents.chip.apdu import CommandApdu, ResponseApdu
from kiosk.documents.chip.crypto import des3_decrypt, des3_encrypt, pad, retail_mac, unpad
from kiosk.errors import ChipError


class SecureMessagingError(ChipError):
    """A protected APDU failed its MAC or is malformed: the secure channel is broken."""


def _encode_le(le: int) -> bytes:
    if le <= 256:
        return bytes([le & 0xFF])
    return (le & 0xFFFF).to_bytes(2, "big")


def _decode_le(raw: bytes) -> int:
    value = int.from_bytes(raw, "big")
    if value == 0:
        return 256 if len(raw) == 1 else 65536
    return value


class SecureMessaging:
    """One secure channel's keys and send-sequence counter (3DES, after BAC)."""

    block = 8

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes) -> None:
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac
        self._ssc = int.from_bytes(ssc, "big")

    @property
    def ssc(self) -> bytes:
        return self._ssc.to_bytes(self.block, "big")

    def _next_ssc(self) -> bytes:
        self._ssc = (self._ssc + 1) % (1 << (8 * self.block))
        return self.ssc

    def _mac(self, data: bytes) -> bytes:
        return retail_mac(self.ks_mac, pad(self._next_ssc() + data))

    def _encrypt(self, data: bytes) -> bytes:
        return des3_encrypt(self.ks_enc, pad(data))

    def _decrypt(self, data: bytes) -> bytes:
        return unpad(des3_decrypt(self.ks_enc, data))

    # --- reader side -------------------------------------------------------------------------

    def protect(self, cmd: CommandApdu) -> bytes:
        """The protected form of a plain command, ready to send."""
        cla = cmd.cla | 0x0C
        header = pad(bytes([cla, cmd.ins, cmd.p1, cmd.p2]), self.block)
        body = b""
        if cmd.data:
            cipher = self._encrypt(cmd.data)
            body += tlv.encode(0x85, cipher) if cmd.ins & 1 else tlv.encode(0x87, b"\x01" + cipher)
        if cmd.le is not None:
            body += tlv.encode(0x97, _encode_le(cmd.le))
        mac = self._mac(header + body)
        body += tlv.encode(0x8E, mac)
        le = 65536 if (cmd.le or 0) > 256 or len(body) > 255 else 256
        return CommandApdu(cla, cmd.ins, cmd.p1, cmd.p2, body, le).encode()

    def unprotect(self, raw: bytes) -> ResponseApdu:
        """The plain response from a protected one; raises when its MAC or structure is wrong."""
        resp = ResponseApdu.parse(raw)
        if not resp.data:
            # A chip that rejects a command in the clear (e.g. 6988 after a bad MAC) has ended
            # secure messaging; nothing here can be trusted, but the status word is reported.
            raise SecureMessagingError(f"unprotected status {resp.sw:04X} in secure messaging")
        try:
            objects = list(tlv.iter_tlv(resp.data))
        except tlv.TlvError as exc:
            self._next_ssc()  # the chip counted this response; stay in step
            raise SecureMessagingError(f"malformed protected response: {exc}") from exc
        covered = b""
        data_do: tuple[int, bytes] | None = None
        sw_do: bytes | None = None
        mac: bytes | None = None
        for tag, value in objects:
            if tag == 0x8E:
                mac = value
                break
            covered += tlv.encode(tag, value)
            if tag in (0x85, 0x87):
                data_do = (tag, value)
            elif tag == 0x99:
                sw_do = value
        if mac is None or sw_do is None or len(sw_do) != 2:
            self._next_ssc()  # the chip counted this response; stay in step
            raise SecureMessagingError("response lacks DO'99' or DO'8E'")
        if not hmac.compare_digest(self._mac(covered), mac):
            raise SecureMessagingError("response MAC does not verify")
        data = b""
        if data_do is not None:
            tag, value = data_do
            if tag == 0x87:
                if not value or value[0] != 0x01:
                    raise SecureMessagingError("DO'87' without padding indicator 01")
                value = value[1:]
            try:
                data = self._decrypt(value)
            except ValueError as exc:
                raise SecureMessagingError(f"bad padding in protected response: {exc}") from exc
        return ResponseApdu(data, int.from_bytes(sw_do, "big"))

    # --- card side ---------------------------------------------------------------------------

    def unprotect_command(self, cmd: CommandApdu) -> CommandApdu:
        """The plain command inside a protected one (card side); raises on a bad MAC."""
        if cmd.cla & 0x0C != 0x0C:
            raise SecureMessagingError("command not in secure messaging")
        header = pad(bytes([cmd.cla, cmd.ins, cmd.p1, cmd.p2]), self.block)
        covered = b""
        encrypted: tuple[int, bytes] | None = None
        le: int | None = None
        mac: bytes | None = None
        try:
            for tag, value in tlv.iter_tlv(cmd.data):
                if tag == 0x8E:
                    mac = value
                    break
                covered += tlv.encode(tag, value)
                if tag in (0x85, 0x87):
                    encrypted = (tag, value)
                elif tag == 0x97:
                    le = _decode_le(value)
        except ValueError as exc:
            raise SecureMessagingError(f"malformed protected command: {exc}") from exc
        if mac is None:
            raise SecureMessagingError("command lacks DO'8E'")
        if not hmac.compare_digest(self._mac(header + covered), mac):
            raise SecureMessagingError("command MAC does not verify")
        data = b""
        if encrypted is not None:  # decrypted only now: AES's IV is the SSC the MAC used
            tag, value = encrypted
            try:
                data = self._decrypt(value[1:] if tag == 0x87 else value)
            except ValueError as exc:
                raise SecureMessagingError(f"bad padding in protected command: {exc}") from exc
        return CommandApdu(cmd.cla & ~0x0C & 0xFF, cmd.ins, cmd.p1, cmd.p2, data, le)

    def protect_response(self, ins: int, data: bytes, sw: int) -> bytes:
        body = b""
        if data:
            cipher = self._encrypt(data)
            body += tlv.encode(0x85, cipher) if ins & 1 else tlv.encode(0x87, b"\x01" + cipher)
        body += tlv.encode(0x99, sw.to_bytes(2, "big"))
        body += tlv.encode(0x8E, self._mac(body))
        return body + sw.to_bytes(2, "big")


class AesSecureMessaging(SecureMessaging):
    """AES secure messaging after PACE (Doc 9303 part 11, 9.8.6.3): a 16-byte SSC starting at
    zero, CBC with IV = E(KSenc, SSC) for each message, and an 8-byte AES-CMAC."""

    block = 16

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes = bytes(16)) -> None:
        super().__init__(ks_enc, ks_mac, ssc)

    def _mac(self, data: bytes) -> bytes:
        return aes_cmac(self.ks_mac, pad(self._next_ssc() + data, 16))[:8]

    def _iv(self) -> bytes:
        enc = Cipher(algorithms.AES(self.ks_enc), modes.ECB()).encryptor()
        return enc.update(self.ssc) + enc.finalize()

    # The SSC was moved on for this message's MAC... except that encryption of a command
    # happens before its MAC is computed: the IV uses the value the MAC will use.
    def _encrypt(self, data: bytes) -> bytes:
        self._ssc += 1
        iv = self._iv()
        self._ssc -= 1
        enc = Cipher(algorithms.AES(self.ks_enc), modes.CBC(iv)).encryptor()
        return enc.update(pad(data, 16)) + enc.finalize()

    def _decrypt(self, data: bytes) -> bytes:
        # Called after the MAC check, which has already moved the SSC to this message's value.
        dec = Cipher(algorithms.AES(self.ks_enc), modes.CBC(self._iv())).decryptor()
        return unpad(dec.update(data) + dec.finalize())


def aes_cmac(key: bytes, data: bytes) -> bytes:
    c = cmac.CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()
