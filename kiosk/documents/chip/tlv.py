"""BER-TLV as the LDS uses it (ICAO Doc 9303 part 10): multi-byte tags, long-form lengths.

The chip's files are small nested TLV structures (EF.COM, DG1, DG2's biometric templates);
a full ASN.1 library is used only for the CMS in EF.SOD.
"""

from __future__ import annotations

from collections.abc import Iterator

from kiosk.errors import ChipError


class TlvError(ChipError, ValueError):
    """The bytes are not well-formed BER-TLV (truncated, or a length past the end)."""


def read_tag(data: bytes, pos: int) -> tuple[int, int]:
    """(tag, position after the tag); tags are returned as their big-endian byte value."""
    if pos >= len(data):
        raise TlvError("truncated tag")
    tag = data[pos]
    pos += 1
    if tag & 0x1F == 0x1F:  # more tag bytes follow while bit 8 is set
        while True:
            if pos >= len(data):
                raise TlvError("truncated multi-byte tag")
            b = data[pos]
            tag = (tag << 8) | b
            pos += 1
            if not b & 0x80:
                break
    return tag, pos


def read_length(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise TlvError("truncated length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    n = first & 0x7F
    if n == 0 or n > 4 or pos + n > len(data):
        raise TlvError("bad long-form length")
    return int.from_bytes(data[pos : pos + n], "big"), pos + n


def header_size(data: bytes) -> tuple[int, int]:
    """(size of the tag+length header, size of the value) from the first bytes of a TLV."""
    _, pos = read_tag(data, 0)
    length, pos = read_length(data, pos)
    return pos, length


def iter_tlv(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Each (tag, value) at this level, in order."""
    pos = 0
    while pos < len(data):
        if data[pos] in (0x00, 0xFF):  # padding between objects is allowed
            pos += 1
            continue
        tag, pos = read_tag(data, pos)
        length, pos = read_length(data, pos)
        if pos + length > len(data):
            raise TlvError(f"value of tag {tag:X} runs past the end")
        yield tag, data[pos : pos + length]
        pos += length


def find(data: bytes, tag: int) -> bytes | None:
    """The value of the first object with this tag at this level, or None."""
    for t, v in iter_tlv(data):
        if t == tag:
            return v
    return None


def unwrap(data: bytes, tag: int) -> bytes:
    """The value of the single outer object, which must carry this tag."""
    t, pos = read_tag(data, 0)
    if t != tag:
        raise TlvError(f"expected tag {tag:X}, found {t:X}")
    length, pos = read_length(data, pos)
    if pos + length > len(data):
        raise TlvError(f"value of tag {tag:X} runs past the end")
    return data[pos : pos + length]


def encode_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def encode(tag: int, value: bytes) -> bytes:
    return tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big") + encode_length(len(value)) + value
