"""The Kazakh IIN: check digits (both weight sets), century/sex digit, dates, never-issued."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kiosk.documents.iin import iin_check_digit, make_iin, parse_iin


def _with_check(first11: str) -> str:
    cd = iin_check_digit(first11)
    assert cd is not None
    return first11 + str(cd)


def test_valid_iin_gives_birth_date_sex_and_century() -> None:
    iin = parse_iin(_with_check("90051530012"))
    assert iin.valid and iin.reason == ""
    assert iin.birth_date == dt.date(1990, 5, 15) and iin.sex == "M" and iin.century == 1900
    iin = parse_iin(_with_check("05022160012"))
    assert iin.valid and iin.birth_date == dt.date(2005, 2, 21) and iin.sex == "F"


def test_second_weight_set_used_when_first_gives_ten() -> None:
    # find eleven digits whose first weighted sum is 10 mod 11 and check the fallback weights
    for serial in range(10000):
        first11 = f"8001013{serial:04d}"
        d = [int(c) for c in first11]
        if sum(x * w for x, w in zip(d, range(1, 12), strict=True)) % 11 == 10:
            second = (
                sum(x * w for x, w in zip(d, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)) % 11
            )
            assert iin_check_digit(first11) == (None if second == 10 else second)
            if second != 10:
                assert parse_iin(first11 + str(second)).valid
                return
    raise AssertionError("no eleven digits needing the second weight set found")


def test_never_issued_numbers_are_invalid() -> None:
    for serial in range(10000):
        first11 = f"8001013{serial:04d}"
        if iin_check_digit(first11) is None:
            iin = parse_iin(first11 + "0")
            assert not iin.valid and "never issued" in iin.reason
            return
    raise AssertionError("no never-issued serial found")


def test_invalid_shapes_and_digits() -> None:
    good = _with_check("90051530012")
    wrong = good[:11] + str((int(good[11]) + 1) % 10)
    assert "check digit" in parse_iin(wrong).reason
    assert "12 digits" in parse_iin("12345").reason
    assert "12 digits" in parse_iin("9005153001A2").reason
    assert "7th digit" in parse_iin("900515700120").reason
    assert "calendar date" in parse_iin("901315300120").reason


@given(
    st.dates(dt.date(1800, 1, 1), dt.date(2099, 12, 31)),
    st.sampled_from("MF"),
    st.integers(0, 9999),
)
def test_make_iin_round_trips(birth: dt.date, sex: str, serial: int) -> None:
    value = make_iin(birth, sex, serial)
    if value is None:
        return
    iin = parse_iin(value)
    assert iin.valid and iin.birth_date == birth and iin.sex == sex


@given(st.text(max_size=20))
def test_parse_iin_never_raises(text: str) -> None:
    assert isinstance(parse_iin(text).valid, bool)
