"""Searching a stolen copy of a kiosk for personal values, without counting what random
ciphertext spells by chance."""

from __future__ import annotations

_BASE64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def plainly_in(value: bytes, data: bytes) -> bool:
    """``value`` occurs in ``data`` other than by chance inside base64 ciphertext. Sealed
    records are stored as base64 text, random to the eye: a short value (a four-letter given
    name such as DIAS) turns up there about once in 60 runs per file, surrounded by more base64
    on both sides. Values of 9 bytes and more (IIN, document number, most surnames) are
    searched everywhere: by chance they would appear less than once in 10^10 runs."""
    at = data.find(value)
    while at != -1:
        around = data[max(at - 16, 0) : at] + data[at + len(value) : at + len(value) + 16]
        if len(value) >= 9 or len(around) < 32 or not set(around) <= _BASE64:
            return True
        at = data.find(value, at + 1)
    return False
