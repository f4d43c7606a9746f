"""The Kazakh individual identification number (ИИН / ЖСН).

Twelve digits: ``YYMMDD`` birth date, one digit for century and sex (1/2: 1800s, 3/4: 1900s,
5/6: 2000s; odd = male, even = female), a four-digit serial, and a check digit. The check digit
is the sum of the first eleven digits weighted 1..11, modulo 11; if that is 10 the weights
3..11, 1, 2 are used instead; if that is 10 again the number is never issued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simcontract.checkdigits import iin_check_digit

_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


@dataclass(frozen=True)
class Iin:
    value: str
    valid: bool
    reason: str  # empty when valid; otherwise what is wrong, in plain words
    birth_date: dt.date | None = None
    sex: str | None = None  # "M" / "F"

    @property
    def century(self) -> int | None:
        return _CENTURY.get(int(self.value[6])) if self.value[6:7].isdigit() else None

    def as_dict(self) -> dict[str, object]:
        return {"value": self.value, "valid": self.valid}


def parse_iin(value: str) -> Iin:
    """Validate an IIN: shape, century/sex digit, a real birth date, and the check digit."""
    if len(value) != 12 or not value.isdigit():
        return Iin(value, False, "an IIN is exactly 12 digits")
    century = _CENTURY.get(int(value[6]))
    if century is None:
        return Iin(value, False, "the 7th digit (century and sex) must be 1 to 6")
    sex = "M" if int(value[6]) % 2 else "F"
    try:
        birth = dt.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return Iin(value, False, "the first six digits are not a calendar date", sex=sex)
    expected = iin_check_digit(value[:11])
    if expected is None:
        return Iin(
            value, False, "no check digit exists for these digits (never issued)", birth, sex
        )
    if expected != int(value[11]):
        return Iin(value, False, "the check digit does not match", birth, sex)
    return Iin(value, True, "", birth, sex)


def make_iin(birth: dt.date, sex: str, serial: int) -> str | None:
    """An IIN for a birth date, sex and serial (0-9999); None if that serial has no check digit.

    Used to build synthetic people; callers try the next serial when None comes back."""
    century_digit = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + (sex == "F")
    first11 = f"{birth:%y%m%d}{century_digit}{serial:04d}"
    check = iin_check_digit(first11)
    return None if check is None else first11 + str(check)


def iin_disagreement(value: str, birth_date: dt.date | str | None, sex: str | None) -> str:
    """Why ``value`` cannot be this holder's IIN, as a code; empty when it can.

    For an IIN that does not come from the document itself (a foreign passport holder resident
    in Kazakhstan, entered by a clerk): it must be valid, and its birth date and sex digits must
    agree with the document's. Codes: ``iin_format`` (not 12 digits), ``iin_invalid`` (century
    digit, date or check digit), ``iin_birth_mismatch``, ``iin_sex_mismatch``."""
    value = value.strip()
    if len(value) != 12 or not value.isdigit():
        return "iin_format"
    iin = parse_iin(value)
    if not iin.valid:
        return "iin_invalid"
    if isinstance(birth_date, str):
        try:
            birth_date = dt.date.fromisoformat(birth_date)
        except ValueError:
            birth_date = None
    if birth_date is not None and iin.birth_date != birth_date:
        return "iin_birth_mismatch"
    if sex in ("M", "F") and iin.sex != sex:
        return "iin_sex_mismatch"
    return ""
