"""Every check digit of the project, in one module: ICAO 9303 (the MRZ), Luhn (the ICCID) and
the Kazakh IIN's.

- ICAO 9303 (part 3, section 4.9) and the MRZ character set: values ``0``-``9`` are themselves,
  ``A``-``Z`` are 10-35, the filler ``<`` is 0; weights repeat 7, 3, 1; the check digit is the
  weighted sum modulo 10.
- Luhn (mod 10) for the ICCID, and the IIN's two-pass mod 11.

Plain functions: the documents reader, the record builder, the session, the screens and the
server (through :mod:`simcontract.validation`) all check the same numbers the same way.
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


def icao_check_digit(data: str) -> str:
    """The ICAO check digit of ``data`` as one character ``0``-``9``."""
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def icao_verify(data: str, digit: str) -> bool:
    """True when ``digit`` is the check digit of ``data`` (a malformed digit is simply False)."""
    try:
        return digit.isdigit() and icao_check_digit(data) == digit
    except ValueError:
        return False


# -- Luhn (ICCID) and the Kazakh IIN ------------------------------------------------------------

_IIN_W1 = tuple(range(1, 12))
_IIN_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def luhn_check_digit(payload: str) -> int:
    if not payload.isdigit():
        raise ValueError("the Luhn check digit needs digits only")
    total = 0
    # From the right: the digit next to the (missing) check digit is doubled, then every other.
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return (10 - total % 10) % 10


def luhn_ok(digits: str) -> bool:
    """True when the last digit is the Luhn (mod 10) check digit of the others."""
    return (
        digits.isdigit() and len(digits) >= 2 and luhn_check_digit(digits[:-1]) == int(digits[-1])
    )


def iccid_problem(iccid: str) -> str:
    """Empty when valid; otherwise what is wrong, in plain words (never echoing the number)."""
    if not iccid.isdigit():
        return "an ICCID has digits only"
    if not 19 <= len(iccid) <= 20:
        return "an ICCID has 19 or 20 digits"
    if not iccid.startswith("89"):
        return "an ICCID starts with 89 (telecommunications)"
    if not luhn_ok(iccid):
        return "the ICCID's check digit does not match"
    return ""


def iin_check_digit(first11: str) -> int | None:
    """The IIN check digit for eleven digits, or None when no valid IIN can end them: the sum
    weighted 1..11 modulo 11; if that is 10, weighted 3..11, 1, 2; 10 again is never issued."""
    if len(first11) != 11 or not first11.isdigit():
        raise ValueError("an IIN check digit needs exactly eleven digits")
    d = [int(c) for c in first11]
    for weights in (_IIN_W1, _IIN_W2):
        r = sum(x * w for x, w in zip(d, weights, strict=True)) % 11
        if r != 10:
            return r
    return None


def iin_checksum_ok(iin: str) -> bool:
    """Twelve digits whose last is the check digit of the first eleven."""
    return len(iin) == 12 and iin.isdigit() and iin_check_digit(iin[:11]) == int(iin[11])
