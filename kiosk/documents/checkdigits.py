"""ICAO 9303 check digits (part 3, section 4.9) and the MRZ character set.

Values: ``0``-``9`` are themselves, ``A``-``Z`` are 10-35, the filler ``<`` is 0; weights repeat
7, 3, 1; the check digit is the weighted sum modulo 10.
"""

from __future__ import annotations

import string

MRZ_CHARS = string.ascii_uppercase + string.digits + "<"
DIGITS = frozenset(string.digits)
LETTERS = frozenset(string.ascii_uppercase)
_WEIGHTS = (7, 3, 1)


def char_value(c: str) -> int:
    if c.isdigit():
        return ord(c) - 48
    if "A" <= c <= "Z":
        return ord(c) - 55
    if c == "<":
        return 0
    raise ValueError(f"{c!r} is not an MRZ character")


def check_digit(data: str) -> str:
    """The ICAO check digit of ``data`` as one character ``0``-``9``."""
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def verify(data: str, digit: str) -> bool:
    """True when ``digit`` is the check digit of ``data`` (a malformed digit is simply False)."""
    try:
        return digit.isdigit() and check_digit(data) == digit
    except ValueError:
        return False
