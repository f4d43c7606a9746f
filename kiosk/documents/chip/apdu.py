"""ISO/IEC 7816-4 command and response APDUs, short and extended length."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import ChipError


class ApduError(ChipError, ValueError):
    """A command APDU that does not parse."""


@dataclass(frozen=True)
class CommandApdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None  # expected response length; 256 (short) or 65536 (extended) = "all"

    @property
    def extended(self) -> bool:
        return len(self.data) > 255 or (self.le is not None and self.le > 256)

    def encode(self) -> bytes:
        out = bytes([self.cla, self.ins, self.p1, self.p2])
        if not self.extended:
            if self.data:
                out += bytes([len(self.data)]) + self.data
            if self.le is not None:
                out += bytes([self.le & 0xFF])  # 256 -> 00
            return out
        if self.data:
            out += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
            if self.le is not None:
                out += (self.le & 0xFFFF).to_bytes(2, "big")  # 65536 -> 0000
        elif self.le is not None:
            out += b"\x00" + (self.le & 0xFFFF).to_bytes(2, "big")
        return out

    @staticmethod
    def parse(raw: bytes) -> CommandApdu:
        if len(raw) < 4:
            raise ApduError("command APDU shorter than its header")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return CommandApdu(cla, ins, p1, p2)
        if len(body) == 1:
            return CommandApdu(cla, ins, p1, p2, le=body[0] or 256)
        if body[0] != 0:  # short Lc
            lc = body[0]
            if len(body) == 1 + lc:
                return CommandApdu(cla, ins, p1, p2, body[1:])
            if len(body) == 2 + lc:
                return CommandApdu(cla, ins, p1, p2, body[1 : 1 + lc], body[-1] or 256)
            raise ApduError("short APDU length mismatch")
        if len(body) == 3:  # extended Le only
            return CommandApdu(cla, ins, p1, p2, le=int.from_bytes(body[1:3], "big") or 65536)
        lc = int.from_bytes(body[1:3], "big")
        if len(body) == 3 + lc:
            return CommandApdu(cla, ins, p1, p2, body[3:])
        if len(body) == 5 + lc:
            return CommandApdu(
                cla, ins, p1, p2, body[3 : 3 + lc], int.from_bytes(body[-2:], "big") or 65536
            )
        raise ApduError("extended APDU length mismatch")


@dataclass(frozen=True)
class ResponseApdu:
    data: bytes
    sw: int

    @staticmethod
    def parse(raw: bytes) -> ResponseApdu:
        if len(raw) < 2:
            raise ApduError("response APDU shorter than its status word")
        return ResponseApdu(raw[:-2], int.from_bytes(raw[-2:], "big"))

    def encode(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")


SW_OK = 0x9000
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_SM_DATA_OBJECTS_INCORRECT = 0x6988
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_WRONG_DATA = 0x6A80
SW_END_OF_FILE = 0x6282
SW_CONDITIONS_NOT_SATISFIED = 0x6985
