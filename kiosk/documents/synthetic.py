"""Synthetic people and the MRZ text of their documents, with correct check digits and IINs.

Used by the renderer (demo documents, tests, benchmarks). Nothing here is a real person.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from kiosk.documents.iin import make_iin
from simcontract.checkdigits import icao_check_digit

_SURNAMES = (
    "NURLANOV",
    "ABENOV",
    "ZHUMABAYEV",
    "TOKTAROV",
    "ISKAKOV",
    "KASYMOV",
    "OMAROV",
    "SULEIMENOV",
    "BEKMUKHAMBETOV",
    "SEITKALIYEV",
    "AKHMETOV",
    "ZHAKSYBEKOV",
    "TULEGENOV",
    "BAIMUKHANOV",
    "KUANYSHEV",
    "YERMEKOV",
    "SMAGULOV",
    "ORAZBAYEV",
)
_MALE = (
    "AIDAR",
    "NURSULTAN",
    "YERLAN",
    "DAULET",
    "ARMAN",
    "TIMUR",
    "ASKAR",
    "BAURZHAN",
    "YERZHAN",
    "SANZHAR",
    "ALIBEK",
    "DIAS",
    "KAIRAT",
    "MARAT",
)
_FEMALE = (
    "AIGERIM",
    "DANA",
    "ZHANAR",
    "ASEL",
    "MADINA",
    "GULNARA",
    "AKBOTA",
    "DINARA",
    "ALIYA",
    "SAULE",
    "KAMILA",
    "ZARINA",
    "ARUZHAN",
    "TOMIRIS",
)


@dataclass(frozen=True)
class Person:
    surname: str
    given_names: str
    sex: str  # "M" / "F"
    birth_date: dt.date
    nationality: str
    iin: str
    document_number: str
    issue_date: dt.date
    expiry_date: dt.date


def random_person(
    rng: random.Random,
    *,
    today: dt.date | None = None,
    nationality: str = "KAZ",
    min_age: int = 18,
    max_age: int = 80,
) -> Person:
    """A plausible adult with a valid IIN and an unexpired ID card issued within ten years."""
    today = today or dt.date.today()
    sex = rng.choice("MF")
    age_days = rng.randint(min_age * 366, max_age * 365)
    birth = today - dt.timedelta(days=age_days)
    iin = None
    while iin is None:  # ~1 serial in 11 has no check digit; take the next random one
        iin = make_iin(birth, sex, rng.randint(0, 9999))
    surname = rng.choice(_SURNAMES)
    if sex == "F" and surname.endswith(("OV", "EV")):
        surname += "A"
    given = rng.choice(_MALE if sex == "M" else _FEMALE)
    if rng.random() < 0.3:  # a patronymic sometimes; long names exercise truncation
        given += " " + rng.choice(_MALE) + ("ULY" if sex == "M" else "KYZY")
    issue = today - dt.timedelta(days=rng.randint(30, 9 * 365))
    expiry = (
        issue.replace(year=issue.year + 10)
        if not (issue.month == 2 and issue.day == 29)
        else issue + dt.timedelta(days=3652)
    )
    number = (
        f"{rng.randint(0, 99_999_999):09d}"
        if nationality == "KAZ"
        else f"N{rng.randint(0, 99_999_999):08d}"
    )
    return Person(surname, given, sex, birth, nationality, iin, number, issue, expiry)


def expired(person: Person, today: dt.date | None = None) -> Person:
    today = today or dt.date.today()
    return replace(
        person,
        expiry_date=today - dt.timedelta(days=40),
        issue_date=today - dt.timedelta(days=40 + 3652),
    )


def name_field(surname: str, given_names: str, width: int) -> str:
    """``SURNAME<<GIVEN<NAMES`` padded with ``<``, truncated to ``width`` as ICAO allows."""
    s = surname.upper().replace(" ", "<").replace("-", "<")
    g = given_names.upper().replace(" ", "<").replace("-", "<")
    text = f"{s}<<{g}" if g else s
    return text[:width].ljust(width, "<")


def _field(value: str, width: int) -> str:
    return value.upper().replace(" ", "<")[:width].ljust(width, "<")


def _number_td1(number: str) -> tuple[str, str, str]:
    """(9-char number field, its check slot, overflow for the optional data) for TD1/TD2."""
    if len(number) <= 9:
        return number.ljust(9, "<"), icao_check_digit(number.ljust(9, "<")), ""
    return number[:9], "<", number[9:] + icao_check_digit(number)


def td1_lines(
    p: Person, *, document_code: str = "ID", issuer: str = "KAZ", optional: str | None = None
) -> list[str]:
    """TD1 (ID card). Kazakh cards carry the IIN at line 1 positions 16-27 (optional data)."""
    num, num_cd, overflow = _number_td1(p.document_number)
    opt1 = _field(overflow if overflow else (p.iin if optional is None else optional), 15)
    l1 = _field(document_code, 2) + _field(issuer, 3) + num + num_cd + opt1
    birth, expiry = f"{p.birth_date:%y%m%d}", f"{p.expiry_date:%y%m%d}"
    l2 = (
        birth
        + icao_check_digit(birth)
        + p.sex
        + expiry
        + icao_check_digit(expiry)
        + _field(p.nationality, 3)
        + "<" * 11
    )
    l2 += icao_check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return [l1, l2, name_field(p.surname, p.given_names, 30)]


def td2_lines(p: Person, *, document_code: str = "I", issuer: str = "KAZ") -> list[str]:
    num, num_cd, overflow = _number_td1(p.document_number)
    l1 = _field(document_code, 2) + _field(issuer, 3) + name_field(p.surname, p.given_names, 31)
    birth, expiry = f"{p.birth_date:%y%m%d}", f"{p.expiry_date:%y%m%d}"
    l2 = (
        num
        + num_cd
        + _field(p.nationality, 3)
        + birth
        + icao_check_digit(birth)
        + p.sex
        + expiry
        + icao_check_digit(expiry)
        + _field(overflow, 7)
    )
    l2 += icao_check_digit(l2[0:10] + l2[13:20] + l2[21:35])
    return [l1, l2]


def td3_lines(
    p: Person,
    *,
    document_code: str = "P",
    issuer: str | None = None,
    personal_number: str | None = None,
) -> list[str]:
    """TD3 (passport). The IIN goes in the personal number field of Kazakh passports."""
    issuer = issuer or p.nationality
    pn = p.iin if personal_number is None else personal_number
    number = _field(p.document_number, 9)
    l1 = _field(document_code, 2) + _field(issuer, 3) + name_field(p.surname, p.given_names, 39)
    birth, expiry = f"{p.birth_date:%y%m%d}", f"{p.expiry_date:%y%m%d}"
    pn_field = _field(pn, 14)
    pn_cd = icao_check_digit(pn_field) if pn else "<"
    l2 = (
        number
        + icao_check_digit(number)
        + _field(p.nationality, 3)
        + birth
        + icao_check_digit(birth)
        + p.sex
        + expiry
        + icao_check_digit(expiry)
        + pn_field
        + pn_cd
    )
    l2 += icao_check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    return [l1, l2]


def tamper_birth_date(lines: list[str], new_birth: dt.date) -> list[str]:
    """Change the birth date and leave every check digit stale (what a forger's edit looks like)."""
    out = list(lines)
    raw = f"{new_birth:%y%m%d}"
    if len(lines) == 3:
        out[1] = raw + out[1][6:]
    else:
        out[1] = out[1][:13] + raw + out[1][19:]
    return out
