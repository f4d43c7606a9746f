"""Reading an eMRTD chip through any APDU transport: PACE when EF.CardAccess offers a variant
this reader speaks, else BAC, with the MRZ the kiosk read; then EF.COM, EF.SOD, DG1, DG2 (and
DG14/DG15 when listed) in secure messaging, in chunks, with READ BINARY B1 for offsets past
32767; Active Authentication when DG15 is present; then passive authentication and the
comparison of DG1 with the optical MRZ.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hardware.chip_reader import ChipReaderError
from kiosk.documents.chip import active_auth, chip_auth, lds, pace, passive_auth, tlv
from kiosk.documents.chip.apdu import (
    SW_END_OF_FILE,
    SW_OK,
    ApduError,
    CommandApdu,
    ResponseApdu,
)
from kiosk.documents.chip.bac import BacError, BacKey, authenticate
from kiosk.documents.chip.secure_messaging import SecureMessaging, SecureMessagingError
from kiosk.documents.chip.trust import TrustStore
from kiosk.errors import ChipError

Transmit = Callable[[bytes], bytes]

NOT_EMRTD = "chip_not_emrtd"
ACCESS_DENIED = "chip_access_denied"
SECURE_MESSAGING_FAILED = "chip_secure_messaging_failed"
FILE_MISSING = "chip_file_missing"
FILE_INVALID = "chip_file_invalid"
MRZ_MISMATCH = "chip_mrz_mismatch"
CARD_REMOVED = "chip_card_removed"
PROTOCOL_ERROR = "chip_protocol_error"

SHORT_CHUNK = 0xDF  # the most plain bytes whose protected response fits a short APDU
EXTENDED_CHUNK = 0x0F00


class ChipReadError(ChipError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class ChipDocument:
    """What the chip said and what the kiosk concluded about it."""

    access_protocol: str = ""
    pace_mapping: str = ""  # with PACE: ECDH-GM, DH-GM, ECDH-IM or DH-IM
    com: lds.Com | None = None
    data_groups: dict[int, bytes] = field(default_factory=dict)
    sod: bytes = b""
    mrz_lines: list[str] = field(default_factory=list)
    faces: list[lds.FaceImage] = field(default_factory=list)
    passive_auth: passive_auth.PassiveAuthResult | None = None
    problems: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    apdus: int = 0
    error: str = ""  # why reading stopped, for logs and the technician (no personal data)
    # Active Authentication (DG15): passed, failed, or not_supported (no DG15 on the chip)
    active_auth: str = "not_supported"
    # Chip Authentication (DG14): passed, or not_supported; a failure is chip_auth_failed
    chip_auth: str = "not_supported"

    @property
    def verified(self) -> bool:
        return not self.problems and self.passive_auth is not None and self.passive_auth.verified

    def to_json(self) -> dict:
        face = self.faces[0] if self.faces else None
        return {
            "verified": self.verified,
            "problems": list(self.problems),
            "access_protocol": self.access_protocol,
            **({"pace_mapping": self.pace_mapping} if self.pace_mapping else {}),
            "active_authentication": self.active_auth,
            "chip_authentication": self.chip_auth,
            "data_groups": sorted(self.data_groups),
            "lds_version": self.com.lds_version if self.com else "",
            "mrz": list(self.mrz_lines),
            "portrait": (
                {
                    "mime": face.mime,
                    "width": face.width,
                    "height": face.height,
                    "bytes": len(face.data),
                }
                if face
                else None
            ),
            "passive_authentication": self.passive_auth.to_json() if self.passive_auth else None,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "apdus": self.apdus,
            **({"error": self.error} if self.error else {}),
        }


class _Session:
    def __init__(self, transmit: Transmit, *, extended: bool) -> None:
        self._raw = transmit
        self.sm: SecureMessaging | None = None
        self.chunk = EXTENDED_CHUNK if extended else SHORT_CHUNK
        self.count = 0

    def raw(self, apdu: bytes) -> bytes:
        self.count += 1
        return self._raw(apdu)

    def send(self, cmd: CommandApdu) -> ResponseApdu:
        if self.sm is None:
            return ResponseApdu.parse(self.raw(cmd.encode()))
        try:
            return self.sm.unprotect(self.raw(self.sm.protect(cmd)))
        except SecureMessagingError as exc:
            raise ChipReadError(SECURE_MESSAGING_FAILED, str(exc)) from exc

    def select_file(self, fid: int) -> bool:
        resp = self.send(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        return resp.sw == SW_OK

    def read_at(self, offset: int, length: int) -> bytes:
        if offset <= 0x7FFF:
            resp = self.send(CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, le=length))
            data = resp.data
        else:
            raw_offset = offset.to_bytes(3, "big").lstrip(b"\x00")
            resp = self.send(
                CommandApdu(0x00, 0xB1, 0x00, 0x00, tlv.encode(0x54, raw_offset), le=length + 4)
            )
            data = tlv.find(resp.data, 0x53) or b"" if resp.data else b""
        if resp.sw not in (SW_OK, SW_END_OF_FILE) or not data:
            raise ChipReadError(FILE_INVALID, f"READ BINARY at {offset} refused ({resp.sw:04X})")
        return data

    def read_file(self, fid: int) -> bytes | None:
        """The whole file, or None when the chip has no such file."""
        if not self.select_file(fid):
            return None
        head = self.read_at(0, 8)
        try:
            size, length = tlv.header_size(head)
        except tlv.TlvError as exc:
            raise ChipReadError(FILE_INVALID, f"file {fid:04X}: {exc}") from exc
        total = size + length
        data = bytearray(head[:total])
        while len(data) < total:
            # A chunk never straddles offset 32767/32768: B0 cannot address past it.
            step = min(self.chunk, total - len(data))
            if len(data) <= 0x7FFF < len(data) + step:
                step = 0x8000 - len(data)
            data += self.read_at(len(data), step)
        return bytes(data[:total])


def _chip_authentication(session: _Session, dg14: bytes) -> str:
    """Chip Authentication with DG14's key; "failed" ends the read (the old channel is gone)."""
    infos = chip_auth.parse_dg14(dg14)
    if not infos:
        return "not_supported"
    try:
        new_sm = chip_auth.authenticate(session.send, infos[0])
    except chip_auth.ChipAuthError as exc:
        raise ChipReadError(chip_auth.CHIP_AUTH_FAILED, str(exc)) from exc
    session.sm = new_sm
    try:  # only the chip with the private key can answer under the new keys
        if not session.select_file(lds.EF_COM):
            raise ChipReadError(chip_auth.CHIP_AUTH_FAILED, "no answer under the new keys")
    except ChipReadError as exc:
        raise ChipReadError(chip_auth.CHIP_AUTH_FAILED, str(exc)) from exc
    return "passed"


def _active_authentication(session: _Session, dg15: bytes, extended: bool) -> str:
    challenge = os.urandom(8)
    resp = session.send(
        CommandApdu(0x00, 0x88, 0x00, 0x00, challenge, le=65536 if extended else 256)
    )
    if resp.sw != SW_OK:
        return "failed"
    try:
        return "passed" if active_auth.verify(dg15, challenge, resp.data) else "failed"
    except active_auth.ActiveAuthError:
        return "failed"


def _pace_infos(session: _Session) -> list[pace.PaceInfo]:
    """The PACE variants EF.CardAccess offers that this reader speaks ([] without the file)."""
    try:
        data = session.read_file(lds.EF_CARD_ACCESS)
    except ChipReadError:
        return []
    return pace.parse_card_access(data) if data else []


def read_chip(
    transmit: Transmit,
    key: BacKey,
    *,
    extended: bool = False,
    data_groups: tuple[int, ...] = (1, 2),
    use_pace: bool = True,
) -> ChipDocument:
    """Read the chip; raises ChipReadError (code = a problem code) when it cannot be read."""
    doc = ChipDocument()
    session = _Session(transmit, extended=extended)
    t0 = time.perf_counter()
    try:
        infos = _pace_infos(session) if use_pace else []
        if infos:
            try:
                session.sm = pace.authenticate(session.raw, key, infos[0])
            except pace.PaceError as exc:
                raise ChipReadError(ACCESS_DENIED, str(exc)) from exc
            doc.access_protocol, doc.pace_mapping = "PACE", infos[0].mapping
        resp = session.send(CommandApdu(0x00, 0xA4, 0x04, 0x0C, lds.MRTD_AID))
        if resp.sw != SW_OK:
            raise ChipReadError(NOT_EMRTD, f"no ICAO applet on the card ({resp.sw:04X})")
        if not infos:
            try:
                session.sm = authenticate(session.raw, key)
            except BacError as exc:
                raise ChipReadError(ACCESS_DENIED, str(exc)) from exc
            doc.access_protocol = "BAC"
        t1 = time.perf_counter()
        doc.timings_ms["access"] = (t1 - t0) * 1000
        com = session.read_file(lds.EF_COM)
        if com is None:
            raise ChipReadError(FILE_MISSING, "the chip has no EF.COM")
        doc.com = lds.parse_com(com)
        sod = session.read_file(lds.EF_SOD)
        if sod is None:
            raise ChipReadError(FILE_MISSING, "the chip has no EF.SOD")
        doc.sod = sod
        if 14 in doc.com.data_groups:  # first, so the rest is read under its keys
            dg14 = session.read_file(lds.DATA_GROUPS[14][0])
            if dg14 is not None:
                doc.data_groups[14] = dg14
                t2 = time.perf_counter()
                doc.chip_auth = _chip_authentication(session, dg14)
                doc.timings_ms["chip_auth"] = (time.perf_counter() - t2) * 1000
        wanted = list(data_groups) + [15] * (15 in doc.com.data_groups)
        for dg in wanted:
            data = session.read_file(lds.DATA_GROUPS[dg][0])
            if data is None:
                if dg in (1, 2):
                    raise ChipReadError(FILE_MISSING, f"the chip has no DG{dg}")
                continue
            doc.data_groups[dg] = data
        doc.timings_ms["read"] = (time.perf_counter() - t1) * 1000
        if 15 in doc.data_groups:
            t2 = time.perf_counter()
            doc.active_auth = _active_authentication(session, doc.data_groups[15], extended)
            doc.timings_ms["active_auth"] = (time.perf_counter() - t2) * 1000
        doc.mrz_lines = lds.parse_dg1(doc.data_groups[1])
        if 2 in doc.data_groups:
            doc.faces = lds.parse_dg2(doc.data_groups[2])
    except ChipReaderError as exc:
        raise ChipReadError(exc.code, str(exc)) from exc
    except lds.LdsError as exc:
        raise ChipReadError(FILE_INVALID, str(exc)) from exc
    except (ApduError, tlv.TlvError) as exc:
        raise ChipReadError(PROTOCOL_ERROR, f"malformed answer from the chip: {exc}") from exc
    finally:
        doc.apdus = session.count
    return doc


def _norm(lines: list[str]) -> str:
    return "".join(line.strip().upper() for line in lines)


def read_and_verify(
    transmit: Transmit,
    optical_mrz: list[str],
    key: BacKey,
    trust: TrustStore,
    *,
    extended: bool = False,
    use_pace: bool = True,
) -> ChipDocument:
    """Read and judge the chip; every failure becomes a problem code in the document."""
    start = time.perf_counter()
    try:
        doc = read_chip(transmit, key, extended=extended, use_pace=use_pace)
    except ChipReadError as exc:
        doc = ChipDocument(problems=[exc.code], error=str(exc))
        doc.timings_ms["total"] = (time.perf_counter() - start) * 1000
        return doc
    t = time.perf_counter()
    doc.passive_auth = passive_auth.verify(doc.sod, doc.data_groups, trust)
    doc.timings_ms["passive_auth"] = (time.perf_counter() - t) * 1000
    doc.problems.extend(doc.passive_auth.problems)
    if doc.active_auth == "failed":
        doc.problems.append(active_auth.ACTIVE_AUTH_FAILED)  # a cloned chip, or a faulty one
    if _norm(doc.mrz_lines) != _norm(optical_mrz):
        doc.problems.append(MRZ_MISMATCH)  # the card and the page disagree
    doc.timings_ms["total"] = (time.perf_counter() - start) * 1000
    return doc
