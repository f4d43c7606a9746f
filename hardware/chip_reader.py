"""Contactless chip readers: PC/SC (pcscd, through libpcsclite with ctypes) and a simulated one.

A reader here only moves APDUs; the ICAO protocols live in kiosk/documents/chip. pyscard would
need compiling on the kiosk (no wheel for its Python), so the few PC/SC calls needed are made
directly on the system's libpcsclite.so.1, which `pcscd` brings.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from typing import Protocol

from hardware.registry import ChipReaderKind
from kiosk.errors import DeviceError


class ChipReaderError(DeviceError):
    """A reader problem; `code` is the stable problem code for records and the screen."""

    code = "chip_reader_error"


class ReaderUnavailable(ChipReaderError):
    code = "chip_reader_absent"


class NoCard(ChipReaderError):
    code = "chip_no_card"


class CardRemoved(ChipReaderError):
    code = "chip_card_removed"


class Card(Protocol):
    """What a simulated reader needs from a card (kiosk.documents.chip.emulator has one)."""

    atr: bytes

    def transmit(self, apdu: bytes) -> bytes: ...
    def reset(self) -> None: ...


class ChipReader(Protocol):
    name: str

    def connect(self) -> bytes: ...  # returns the ATR
    def transmit(self, apdu: bytes) -> bytes: ...
    def disconnect(self) -> None: ...


class SimulatedChipReader:
    """A reader with a card object on it; remove_after=N takes the card away after N APDUs
    (to test a passport lifted from the reader mid-read)."""

    def __init__(
        self,
        card: Card | None = None,
        *,
        name: str = "Simulated contactless reader",
        remove_after: int | None = None,
    ) -> None:
        self.name = name
        self.card = card
        self.remove_after = remove_after
        self.sent = 0
        self._connected = False

    def place(self, card: Card | None) -> None:
        self.card, self._connected = card, False

    def connect(self) -> bytes:
        if self.card is None:
            raise NoCard("no card on the reader")
        self.card.reset()
        self._connected = True
        return self.card.atr

    def transmit(self, apdu: bytes) -> bytes:
        if self.remove_after is not None and self.sent >= self.remove_after:
            self.card = None
        if self.card is None or not self._connected:
            raise CardRemoved("the card left the reader")
        self.sent += 1
        return self.card.transmit(apdu)

    def disconnect(self) -> None:
        self._connected = False


# --- PC/SC -----------------------------------------------------------------------------------

_SCOPE_SYSTEM = 2
_SHARE_SHARED = 2
_PROTOCOL_T0, _PROTOCOL_T1 = 1, 2
_LEAVE_CARD = 0
_E_NO_SMARTCARD = 0x8010000C
_W_REMOVED_CARD = 0x80100069
_W_RESET_CARD = 0x80100068
_E_NO_READERS = 0x8010002E
_E_NO_SERVICE = 0x8010001D
_E_READER_UNAVAILABLE = 0x80100017
_E_UNKNOWN_READER = 0x80100009
_E_TIMEOUT = 0x8010000A
_E_NOT_TRANSACTED = 0x80100016
_MAX_RESPONSE = 65538  # extended length: 65536 data bytes and the status word

_DWORD = ctypes.c_ulong  # pcsc-lite on Linux: DWORD and LONG are C longs
_LONG = ctypes.c_long


class _IoRequest(ctypes.Structure):
    _fields_ = [("dwProtocol", _DWORD), ("cbPciLength", _DWORD)]


def _library() -> ctypes.CDLL:
    path = ctypes.util.find_library("pcsclite") or "libpcsclite.so.1"
    try:
        lib = ctypes.CDLL(path)
    except OSError as exc:
        raise ReaderUnavailable("the PC/SC library (libpcsclite) is not installed") from exc
    for fn in (
        "SCardEstablishContext",
        "SCardListReaders",
        "SCardConnect",
        "SCardStatus",
        "SCardTransmit",
        "SCardDisconnect",
        "SCardReleaseContext",
    ):
        getattr(lib, fn).restype = _LONG
    return lib


def _check(rc: int, what: str) -> None:
    rc &= 0xFFFFFFFF
    if rc == 0:
        return
    if rc in (_E_NO_SMARTCARD,):
        raise NoCard(f"{what}: no card on the reader")
    if rc in (_W_REMOVED_CARD, _W_RESET_CARD):
        raise CardRemoved(f"{what}: the card left the reader")
    if rc == _E_NOT_TRANSACTED:
        # A contactless chip that stops answering mid-exchange has almost always been moved
        # out of the field; the guidance is the same: put it back and keep it still.
        raise CardRemoved(f"{what}: the card stopped answering (moved or lifted)")
    if rc in (_E_NO_READERS, _E_NO_SERVICE, _E_READER_UNAVAILABLE, _E_UNKNOWN_READER):
        raise ReaderUnavailable(f"{what}: reader not available (PC/SC {rc:08X})")
    raise ChipReaderError(f"{what}: PC/SC error {rc:08X}")


class _Context:
    def __init__(self) -> None:
        self.lib = _library()
        self.handle = _LONG()
        _check(
            self.lib.SCardEstablishContext(
                _DWORD(_SCOPE_SYSTEM), None, None, ctypes.byref(self.handle)
            ),
            "PC/SC service",
        )

    def readers(self) -> list[str]:
        size = _DWORD(0)
        rc = self.lib.SCardListReaders(self.handle, None, None, ctypes.byref(size)) & 0xFFFFFFFF
        if rc == _E_NO_READERS:
            return []
        _check(rc, "listing readers")
        buf = ctypes.create_string_buffer(size.value)
        _check(
            self.lib.SCardListReaders(self.handle, None, buf, ctypes.byref(size)), "listing readers"
        )
        return [r.decode() for r in buf.raw[: size.value].split(b"\x00") if r]

    def close(self) -> None:
        self.lib.SCardReleaseContext(self.handle)


def list_pcsc_readers() -> list[str]:
    ctx = _Context()
    try:
        return ctx.readers()
    finally:
        ctx.close()


class PcscChipReader:
    """A PC/SC reader by name (or the first one whose name contains `name`, or the first)."""

    def __init__(self, name: str = "") -> None:
        self.wanted = name
        self.name = name
        self._ctx: _Context | None = None
        self._card = _LONG()
        self._protocol = _DWORD()

    def connect(self) -> bytes:
        self.disconnect()
        self._ctx = _Context()
        readers = self._ctx.readers()
        match = [r for r in readers if self.wanted.lower() in r.lower()]
        if not match:
            self._ctx.close()
            self._ctx = None
            raise ReaderUnavailable(
                "no contactless reader is connected"
                if not readers
                else f"no reader named like {self.wanted!r}"
            )
        self.name = match[0]
        lib = self._ctx.lib
        try:
            _check(
                lib.SCardConnect(
                    self._ctx.handle,
                    self.name.encode(),
                    _DWORD(_SHARE_SHARED),
                    _DWORD(_PROTOCOL_T0 | _PROTOCOL_T1),
                    ctypes.byref(self._card),
                    ctypes.byref(self._protocol),
                ),
                "connecting to the card",
            )
        except ChipReaderError:
            # Waiting for a card means connecting again and again: never leak a context.
            self._ctx.close()
            self._ctx = None
            raise
        return self._atr()

    def _atr(self) -> bytes:
        assert self._ctx is not None
        name_len, state, proto = _DWORD(0), _DWORD(), _DWORD()
        atr = ctypes.create_string_buffer(33)
        atr_len = _DWORD(33)
        _check(
            self._ctx.lib.SCardStatus(
                self._card,
                None,
                ctypes.byref(name_len),
                ctypes.byref(state),
                ctypes.byref(proto),
                atr,
                ctypes.byref(atr_len),
            ),
            "reading the card's status",
        )
        return atr.raw[: atr_len.value]

    def transmit(self, apdu: bytes) -> bytes:
        if self._ctx is None:
            raise CardRemoved("not connected to a card")
        pci = _IoRequest(self._protocol.value, ctypes.sizeof(_IoRequest))
        out = ctypes.create_string_buffer(_MAX_RESPONSE)
        out_len = _DWORD(_MAX_RESPONSE)
        _check(
            self._ctx.lib.SCardTransmit(
                self._card,
                ctypes.byref(pci),
                apdu,
                _DWORD(len(apdu)),
                None,
                out,
                ctypes.byref(out_len),
            ),
            "exchanging with the card",
        )
        if out_len.value < 2:
            # Some drivers (vpcd among them) report success with no bytes when the card has
            # gone; a chip always answers at least a status word.
            raise CardRemoved("exchanging with the card: no answer (moved or lifted)")
        return out.raw[: out_len.value]

    def disconnect(self) -> None:
        if self._ctx is not None:
            self._ctx.lib.SCardDisconnect(self._card, _DWORD(_LEAVE_CARD))
            self._ctx.close()
            self._ctx = None


def open_reader(
    kind: str, name: str = "", card_factory: Callable[[], Card] | None = None
) -> ChipReader:
    """The reader settings ask for: "pcsc" or "simulated" (with a card from card_factory)."""
    if kind == ChipReaderKind.PCSC:
        return PcscChipReader(name)
    if kind == ChipReaderKind.SIMULATED:
        return SimulatedChipReader(card_factory() if card_factory else None)
    raise ValueError(f"unknown chip reader kind {kind!r}")
