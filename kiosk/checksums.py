"""Check digits of the identifiers in a record: the ICCID's Luhn digit and the Kazakh IIN's.

Plain functions with no imports from the rest of ``kiosk``: the documents reader, the record
builder, the session, the screens and the server (through the record contract) all check the
same numbers the same way.
"""

from __future__ import annotations

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
    return digits.isdigit() and len(digits) >= 2 and \
        luhn_check_digit(digits[:-1]) == int(digits[-1])


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
