"""The LDS files the kiosk reads (ICAO Doc 9303 part 10): EF.COM, DG1 (the MRZ) and DG2 (the
encoded face with its biometric header template and ISO/IEC 19794-5 record), to parse what a
chip returns and to build test passports for the card emulator.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from kiosk.documents.chip import tlv
from kiosk.errors import ChipError

# data group number -> (file identifier, short EF identifier, outer tag)
DATA_GROUPS: dict[int, tuple[int, int, int]] = {
    1: (0x0101, 0x01, 0x61),
    2: (0x0102, 0x02, 0x75),
    3: (0x0103, 0x03, 0x63),
    4: (0x0104, 0x04, 0x76),
    5: (0x0105, 0x05, 0x65),
    7: (0x0107, 0x07, 0x67),
    11: (0x010B, 0x0B, 0x6B),
    12: (0x010C, 0x0C, 0x6C),
    14: (0x010E, 0x0E, 0x6E),
    15: (0x010F, 0x0F, 0x6F),
}
EF_COM = 0x011E
EF_SOD = 0x011D
EF_CARD_ACCESS = 0x011C
TAG_COM, TAG_SOD = 0x60, 0x77
MRTD_AID = bytes.fromhex("A0000002471001")
_TAG_TO_DG = {tag: dg for dg, (_, _, tag) in DATA_GROUPS.items()}


class LdsError(ChipError, ValueError):
    """A file from the chip does not have the structure Doc 9303 part 10 gives it."""


@dataclass(frozen=True)
class Com:
    lds_version: str
    unicode_version: str
    data_groups: list[int]


def parse_com(data: bytes) -> Com:
    try:
        body = tlv.unwrap(data, TAG_COM)
        tags = tlv.find(body, 0x5C) or b""
        return Com(
            (tlv.find(body, 0x5F01) or b"").decode("ascii", "replace"),
            (tlv.find(body, 0x5F36) or b"").decode("ascii", "replace"),
            sorted(_TAG_TO_DG[t] for t in tags if t in _TAG_TO_DG),
        )
    except tlv.TlvError as exc:
        raise LdsError(f"EF.COM: {exc}") from exc


def build_com(data_groups: list[int]) -> bytes:
    tags = bytes(DATA_GROUPS[dg][2] for dg in data_groups)
    return tlv.encode(
        TAG_COM,
        tlv.encode(0x5F01, b"0107") + tlv.encode(0x5F36, b"040000") + tlv.encode(0x5C, tags),
    )


def parse_dg1(data: bytes) -> list[str]:
    """The MRZ lines stored in DG1 (TD1 3x30, TD2 2x36, TD3 2x44)."""
    try:
        mrz = tlv.find(tlv.unwrap(data, 0x61), 0x5F1F)
    except tlv.TlvError as exc:
        raise LdsError(f"DG1: {exc}") from exc
    if mrz is None:
        raise LdsError("DG1 has no MRZ data element (5F1F)")
    text = mrz.decode("ascii", "replace")
    width = {90: 30, 72: 36, 88: 44}.get(len(text))
    if width is None:
        raise LdsError(f"DG1 MRZ has an unknown length {len(text)}")
    return [text[i : i + width] for i in range(0, len(text), width)]


def build_dg1(lines: list[str]) -> bytes:
    return tlv.encode(0x61, tlv.encode(0x5F1F, "".join(lines).encode("ascii")))


@dataclass(frozen=True)
class FaceImage:
    """The portrait from DG2: encoded image bytes and what its headers say about them."""

    data: bytes
    mime: str  # image/jpeg or image/jp2
    width: int
    height: int
    header: dict[str, int] = field(default_factory=dict)

    @property
    def extension(self) -> str:
        return ".jp2" if self.mime == "image/jp2" else ".jpg"


_JP2_SIGNATURES = (b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")


def _mime_of(image: bytes, declared: int) -> str:
    if image.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if image.startswith(_JP2_SIGNATURES):
        return "image/jp2"
    if declared in (0, 1):  # ISO 19794-5 image data type: 0 JPEG, 1 JPEG 2000
        return "image/jp2" if declared == 1 else "image/jpeg"
    raise LdsError("DG2 image is neither JPEG nor JPEG 2000")


def _parse_facial_record(block: bytes) -> FaceImage:
    """ISO/IEC 19794-5:2005 facial record: 14-byte header, 20-byte facial information,
    8 bytes per feature point, 12-byte image information, then the image."""
    if len(block) < 46 or block[:4] != b"FAC\x00":
        raise LdsError("DG2 biometric data block is not an ISO 19794-5 facial record")
    pos = 14
    (info_len, n_points, gender, eye, hair) = struct.unpack(">IHBBB", block[pos : pos + 9])
    expression = int.from_bytes(block[pos + 12 : pos + 14], "big")
    pos += 20 + 8 * n_points
    if pos + 12 > len(block):
        raise LdsError("DG2 facial record is truncated")
    image_type, data_type, width, height = struct.unpack(">BBHH", block[pos : pos + 6])
    image = block[pos + 12 :]
    if not image:
        raise LdsError("DG2 facial record holds no image")
    header = {
        "gender": gender,
        "eye_colour": eye,
        "hair_colour": hair,
        "expression": expression,
        "face_image_type": image_type,
        "image_data_type": data_type,
        "feature_points": n_points,
        "record_length": info_len,
    }
    return FaceImage(image, _mime_of(image, data_type), width, height, header)


def parse_dg2(data: bytes) -> list[FaceImage]:
    """Every face in DG2 (normally one)."""
    try:
        group = tlv.unwrap(tlv.unwrap(data, 0x75), 0x7F61)
        faces = []
        for tag, value in tlv.iter_tlv(group):
            if tag != 0x7F60:
                continue
            block = tlv.find(value, 0x5F2E)
            if block is None:
                block = tlv.find(value, 0x7F2E)
            if block is None:
                raise LdsError("DG2 biometric template has no data block")
            faces.append(_parse_facial_record(block))
    except tlv.TlvError as exc:
        raise LdsError(f"DG2: {exc}") from exc
    if not faces:
        raise LdsError("DG2 holds no face")
    return faces


def build_dg2(image: bytes, width: int, height: int, *, jpeg2000: bool = False) -> bytes:
    """A DG2 with one full-frontal face, as issuing states write it."""
    image_info = struct.pack(">BBHHBBHH", 1, 1 if jpeg2000 else 0, width, height, 1, 2, 0, 0)
    facial_info_len = 20 + len(image_info) + len(image)
    facial_info = (
        struct.pack(">IHBBB", facial_info_len, 0, 0, 0, 0)
        + bytes(3)
        + bytes(2)
        + bytes(3)
        + bytes(3)
    )
    record = b"FAC\x00" + b"010\x00" + struct.pack(">IH", 14 + facial_info_len, 1)
    record += facial_info + image_info + image
    bht = (
        tlv.encode(0x80, b"\x01\x01")
        + tlv.encode(0x81, b"\x02")
        + tlv.encode(0x82, b"\x00")
        + tlv.encode(0x87, b"\x01\x01")
        + tlv.encode(0x88, b"\x00\x08")
    )
    template = tlv.encode(0x7F60, tlv.encode(0xA1, bht) + tlv.encode(0x5F2E, record))
    return tlv.encode(0x75, tlv.encode(0x7F61, tlv.encode(0x02, b"\x01") + template))


def data_group_of_tag(tag: int) -> int | None:
    return _TAG_TO_DG.get(tag)
