"""Integrity of the outbox's write-ahead log: SQLite's WAL checksum and :func:`wal_damage`,
which tells when replaying the log would silently drop committed transactions."""

from __future__ import annotations

import struct
from pathlib import Path


def _wal_checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    """SQLite's WAL checksum (pairs of 32-bit words, in the byte order the magic names)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def wal_damage(path: Path) -> str | None:
    """Why the outbox's write-ahead log would lose committed transactions, or None. SQLite
    replays a WAL only up to its first frame that does not check out and silently drops the
    rest; frames after it that carry the log's current salt are committed work that would be
    lost. (A torn last frame of a crash has nothing after it: not damage.)"""
    wal = path.with_name(path.name + "-wal")
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < 32:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:32])
    if magic not in (0x377F0682, 0x377F0683):
        return "its header is not a WAL header" if any(data[:32]) else None
    big = magic == 0x377F0683
    if (c0, c1) != _wal_checksum(data[:24], big) or page_size < 512:
        # a header that does not check out makes SQLite ignore every frame
        frames = (len(data) - 32) // (24 + max(page_size, 512))
        return f"its header is damaged ({frames} frame(s) would be ignored)" if frames else None
    frame_size = 24 + page_size
    s0, s1 = c0, c1
    offset, bad_at = 32, None
    while offset + frame_size <= len(data):
        head = data[offset : offset + 24]
        _page, _commit, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", head)
        if (f_salt1, f_salt2) != (salt1, salt2):
            if bad_at is None:
                break  # older frames of a log that was restarted: the valid log ends here
        elif bad_at is None:
            s0, s1 = _wal_checksum(head[:8], big, s0, s1)
            s0, s1 = _wal_checksum(data[offset + 24 : offset + frame_size], big, s0, s1)
            if (s0, s1) != (f0, f1):
                bad_at = (offset - 32) // frame_size
        else:
            later = (len(data) - offset) // frame_size
            return (
                f"frame {bad_at + 1} does not check out and {later} frame(s) after it "
                "would be dropped"
            )
        offset += frame_size
    return None
