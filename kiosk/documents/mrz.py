"""Machine-readable zones per ICAO Doc 9303 (parts 4-6): TD1 (3x30), TD2 (2x36), TD3 (2x44).

:func:`parse_mrz` never raises on a line set of the right shape: a zone that was read but does
not check out is returned with ``valid = False`` and the failing checks set to False, because
"read but wrong" (a misread or a tampered document) is an answer, not an error. Only text that is
not an MRZ at all (wrong number or length of lines, characters outside ``A-Z0-9<``) raises
:class:`MrzFormatError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kiosk.documents import icao_codes
from kiosk.errors import DocumentError
from simcontract.checkdigits import DIGITS, LETTERS, MRZ_CHARS, icao_verify

FORMATS = {(3, 30): "TD1", (2, 36): "TD2", (2, 44): "TD3"}
LINE_COUNT = {"TD1": 3, "TD2": 2, "TD3": 2}
LINE_LENGTH = {"TD1": 30, "TD2": 36, "TD3": 44}
_SEX = {"M": "M", "F": "F", "<": "X", "X": "X"}


class MrzFormatError(DocumentError, ValueError):
    """The text is not an MRZ: wrong number of lines, wrong line length, or bad characters."""


@dataclass
class Mrz:
    format: str
    lines: list[str]
    document_code: str
    issuer: str
    number: str
    birth_date: dt.date | None
    expiry_date: dt.date | None
    sex: str  # M, F or X (unspecified)
    nationality: str
    surname: str
    given_names: str
    personal_number: str
    optional_data: str
    checks: dict[str, bool]
    # raw six-character dates, kept because a date may be unknown (``<``) or not a real day
    birth_date_raw: str = ""
    expiry_date_raw: str = ""
    names_truncated: bool = False
    format_errors: list[str] = field(default_factory=list)
    # "issuer" and/or "nationality" when the code is not in Doc 9303 part 3's list
    unknown_codes: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(self.checks.values()) and not self.format_errors and not self.unknown_codes

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "lines": list(self.lines),
            "document_code": self.document_code,
            "issuer": self.issuer,
            "number": self.number,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "sex": self.sex,
            "nationality": self.nationality,
            "surname": self.surname,
            "given_names": self.given_names,
            "personal_number": self.personal_number,
            "optional_data": self.optional_data,
            "names_truncated": self.names_truncated,
            "checks": dict(self.checks),
            "valid": self.valid,
            "format_errors": list(self.format_errors),
            "unknown_codes": list(self.unknown_codes),
        }


def detect_format(lines: list[str]) -> str:
    if not lines or len({len(x) for x in lines}) != 1:
        raise MrzFormatError("an MRZ is 2 or 3 lines of equal length")
    fmt = FORMATS.get((len(lines), len(lines[0])))
    if fmt is None:
        raise MrzFormatError(
            f"{len(lines)} lines of {len(lines[0])} characters is not a TD1 "
            "(3x30), TD2 (2x36) or TD3 (2x44) MRZ"
        )
    bad = sorted({c for line in lines for c in line if c not in MRZ_CHARS})
    if bad:
        raise MrzFormatError(f"characters outside A-Z, 0-9 and '<': {''.join(bad)!r}")
    return fmt


def split_mrz_text(text: str) -> list[str]:
    """Lines of an MRZ given as one string (newline separated), whitespace trimmed."""
    return [ln.strip() for ln in text.strip().splitlines() if ln.strip()]


def parse_mrz(
    lines: list[str] | str, *, today: dt.date | None = None, birth_century: int | None = None
) -> Mrz:
    """Parse and check an MRZ. ``birth_century`` (e.g. 1900 from the IIN) overrides the guess."""
    if isinstance(lines, str):
        lines = split_mrz_text(lines)
    lines = list(lines)
    fmt = detect_format(lines)
    today = today or dt.date.today()
    if fmt == "TD1":
        mrz = _parse_td1(lines, today, birth_century)
    else:
        mrz = _parse_td23(lines, fmt, today, birth_century)
    # No check digit covers these two: the Doc 9303 code list is their only check.
    mrz.unknown_codes = [
        name
        for name, code in (("issuer", mrz.issuer), ("nationality", mrz.nationality))
        if code and not icao_codes.known(code)
    ]
    return mrz


# -- fields --------------------------------------------------------------------------------------


def _code(raw: str, what: str, errors: list[str]) -> str:
    """A three-letter code, ``<``-padded (``D<<`` for Germany); XXA/XXB/XXC/XXX/UNO pass."""
    if raw[0] == "<" or any(c not in LETTERS and c != "<" for c in raw) or "<" in raw.rstrip("<"):
        errors.append(f"{what} code {raw!r} is not letters padded with '<'")
    return raw.rstrip("<")


def _long_number(base: str, digit: str, optional: str) -> tuple[str, str, str, str]:
    """(number, data covered by the check digit, check digit, remaining optional data).

    TD1/TD2: a number longer than nine characters puts ``<`` in the check-digit position and
    continues in the optional data, the last character before the next ``<`` being its check
    digit (Doc 9303 part 5, 4.2.4 note j)."""
    if digit != "<" or base.endswith("<"):
        return base.rstrip("<"), base, digit, optional
    end = optional.find("<")
    end = len(optional) if end < 0 else end
    if end < 2:  # nothing but a check digit: malformed; report the plain number as failing
        return base, base, "<", optional
    overflow, check = optional[: end - 1], optional[end - 1]
    return base + overflow, base + overflow, check, optional[end + 1 :]


def _date(raw: str) -> tuple[int, int, int] | None:
    if len(raw) != 6 or any(c not in DIGITS for c in raw):
        return None
    return int(raw[0:2]), int(raw[2:4]), int(raw[4:6])


def birth_date_of(raw: str, today: dt.date, century: int | None = None) -> dt.date | None:
    """A birth date is never in the future: ``YY`` is 20YY unless that is after today."""
    parts = _date(raw)
    if parts is None:
        return None
    yy, mm, dd = parts
    try:
        if century is not None:
            return dt.date(century + yy, mm, dd)
        d = dt.date(2000 + yy, mm, dd)
        return d if d <= today else dt.date(1900 + yy, mm, dd)
    except ValueError:
        return None


def expiry_date_of(raw: str, today: dt.date) -> dt.date | None:
    """Expiry years are within a lifetime of documents: 20YY unless that is over 50 years out."""
    parts = _date(raw)
    if parts is None:
        return None
    yy, mm, dd = parts
    year = 2000 + yy
    if year > today.year + 50:
        year -= 100
    try:
        return dt.date(year, mm, dd)
    except ValueError:
        return None


def _names(raw: str) -> tuple[str, str, bool]:
    """Surname and given names; truncated when the field is full to its last character."""
    truncated = not raw.endswith("<")
    primary, sep, secondary = raw.partition("<<")
    surname = " ".join(p for p in primary.split("<") if p)
    given = " ".join(p for p in secondary.split("<") if p) if sep else ""
    return surname, given, truncated


def _date_errors(raw: str, what: str, errors: list[str]) -> None:
    if "<" in raw:
        if raw.strip("<") and not raw[:2].isdigit():
            errors.append(f"{what} {raw!r} is neither a date nor unknown")
        return
    parsed = _date(raw)
    if parsed is None:
        errors.append(f"{what} {raw!r} is not six digits")
        return
    _, mm, dd = parsed
    if not (1 <= mm <= 12 and 1 <= dd <= 31):
        errors.append(f"{what} {raw!r} is not a calendar date")


def _sex(raw: str, errors: list[str]) -> str:
    if raw not in _SEX:
        errors.append(f"sex {raw!r} is not M, F, X or '<'")
        return raw
    return _SEX[raw]


# -- layouts -------------------------------------------------------------------------------------


def _parse_td1(lines: list[str], today: dt.date, century: int | None) -> Mrz:
    l1, l2, l3 = lines
    errors: list[str] = []
    number, number_data, number_cd, optional1 = _long_number(l1[5:14], l1[14], l1[15:30])
    checks = {
        "document_number": icao_verify(number_data, number_cd),
        "birth_date": icao_verify(l2[0:6], l2[6]),
        "expiry_date": icao_verify(l2[8:14], l2[14]),
        "composite": icao_verify(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
    }
    surname, given, truncated = _names(l3)
    _date_errors(l2[0:6], "birth date", errors)
    _date_errors(l2[8:14], "expiry date", errors)
    if l1[0] not in LETTERS:
        errors.append("document code must start with a letter")
    optional = (optional1 + "<" + l2[18:29]).strip("<")
    return Mrz(
        format="TD1",
        lines=lines,
        document_code=l1[0:2].rstrip("<"),
        issuer=_code(l1[2:5], "issuing state", errors),
        number=number,
        birth_date=birth_date_of(l2[0:6], today, century),
        expiry_date=expiry_date_of(l2[8:14], today),
        sex=_sex(l2[7], errors),
        nationality=_code(l2[15:18], "nationality", errors),
        surname=surname,
        given_names=given,
        personal_number=optional1.strip("<").split("<")[0],
        optional_data=optional,
        checks=checks,
        birth_date_raw=l2[0:6],
        expiry_date_raw=l2[8:14],
        names_truncated=truncated,
        format_errors=errors,
    )


def _parse_td23(lines: list[str], fmt: str, today: dt.date, century: int | None) -> Mrz:
    l1, l2 = lines
    errors: list[str] = []
    n = len(l2)
    checks: dict[str, bool] = {}
    if fmt == "TD2":
        number, number_data, number_cd, optional = _long_number(l2[0:9], l2[9], l2[28:35])
        optional = personal = optional.strip("<")
        composite_data = l2[0:10] + l2[13:20] + l2[21:35]
    else:
        number, number_data, number_cd = l2[0:9].rstrip("<"), l2[0:9], l2[9]
        personal_raw, personal_cd = l2[28:42], l2[42]
        personal = personal_raw.strip("<")
        optional = personal
        composite_data = l2[0:10] + l2[13:20] + l2[21:43]
    checks["document_number"] = icao_verify(number_data, number_cd)
    checks["birth_date"] = icao_verify(l2[13:19], l2[19])
    checks["expiry_date"] = icao_verify(l2[21:27], l2[27])
    if fmt == "TD3":
        # An empty personal number may carry '<' or '0' as its check digit (part 4, 4.2.2.2).
        checks["personal_number"] = (
            personal_cd in "<0" if not personal else icao_verify(personal_raw, personal_cd)
        )
    checks["composite"] = icao_verify(composite_data, l2[n - 1])
    surname, given, truncated = _names(l1[5:])
    _date_errors(l2[13:19], "birth date", errors)
    _date_errors(l2[21:27], "expiry date", errors)
    if l1[0] not in LETTERS:
        errors.append("document code must start with a letter")
    return Mrz(
        format=fmt,
        lines=lines,
        document_code=l1[0:2].rstrip("<"),
        issuer=_code(l1[2:5], "issuing state", errors),
        number=number,
        birth_date=birth_date_of(l2[13:19], today, century),
        expiry_date=expiry_date_of(l2[21:27], today),
        sex=_sex(l2[20], errors),
        nationality=_code(l2[10:13], "nationality", errors),
        surname=surname,
        given_names=given,
        personal_number=personal,
        optional_data=optional,
        checks=checks,
        birth_date_raw=l2[13:19],
        expiry_date_raw=l2[21:27],
        names_truncated=truncated,
        format_errors=errors,
    )
