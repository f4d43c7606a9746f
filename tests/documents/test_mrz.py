"""ICAO 9303 MRZ parsing: specimens, long numbers, stale check digits, centuries, fuzzing."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.documents.mrz import MrzFormatError, birth_date_of, expiry_date_of, parse_mrz
from simcontract.checkdigits import MRZ_CHARS, icao_check_digit, icao_verify

TODAY = dt.date(2026, 3, 1)
TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]
TD1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]


def test_check_digit_examples() -> None:
    # Doc 9303 part 3: 520727 -> 3; '<' counts 0; letters 10-35
    assert icao_check_digit("520727") == "3"
    assert icao_check_digit("L898902C3") == "6"
    assert icao_check_digit("<<<") == "0"
    assert icao_verify("AB2134<<<", icao_check_digit("AB2134<<<"))
    assert not icao_verify("L898902C3", "<") and not icao_verify("L898902C3", "7")


def test_icao_td3_specimen() -> None:
    m = parse_mrz(TD3, today=TODAY)
    assert m.valid and m.format == "TD3"
    assert (m.document_code, m.issuer, m.nationality) == ("P", "UTO", "UTO")
    assert (m.surname, m.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert m.number == "L898902C3" and m.personal_number == "ZE184226B"
    assert m.birth_date == dt.date(1974, 8, 12) and m.expiry_date == dt.date(2012, 4, 15)
    assert m.sex == "F"
    assert set(m.checks) == {
        "document_number",
        "birth_date",
        "expiry_date",
        "personal_number",
        "composite",
    }


def test_icao_td1_and_td2_specimens() -> None:
    for lines, fmt in ((TD1, "TD1"), (TD2, "TD2")):
        m = parse_mrz(lines, today=TODAY)
        assert m.valid and m.format == fmt, m.checks
        assert m.number == "D23145890" and m.surname == "ERIKSSON"
        assert m.birth_date == dt.date(1974, 8, 12)


def test_td1_long_document_number_continues_in_optional_data() -> None:
    lines = ["I<UTOD23145890<7349<<<<<<<<<<<", TD1[1], TD1[2]]
    m = parse_mrz(lines, today=TODAY)
    assert m.number == "D23145890734"
    assert m.checks["document_number"]
    broken = ["I<UTOD23145890<7348<<<<<<<<<<<", TD1[1], TD1[2]]
    assert not parse_mrz(broken, today=TODAY).checks["document_number"]


def test_td3_empty_personal_number_check_may_be_filler_or_zero() -> None:
    base = TD3[1][:28] + "<" * 14
    for cd in "<0":
        body = base + cd
        line2 = body + icao_check_digit(body[0:10] + body[13:20] + body[21:43])
        m = parse_mrz([TD3[0], line2], today=TODAY)
        assert m.checks["personal_number"] and m.valid and m.personal_number == ""
    body = base + "5"
    line2 = body + icao_check_digit(body[0:10] + body[13:20] + body[21:43])
    assert not parse_mrz([TD3[0], line2], today=TODAY).checks["personal_number"]


def test_altered_birth_date_with_stale_check_digits_is_invalid_not_an_error() -> None:
    line2 = TD3[1][:13] + "750812" + TD3[1][19:]
    m = parse_mrz([TD3[0], line2], today=TODAY)
    assert not m.valid
    assert not m.checks["birth_date"] and not m.checks["composite"]
    assert m.checks["document_number"] and m.checks["expiry_date"]
    assert m.birth_date == dt.date(1975, 8, 12)  # still read, reported with the failed check


def test_altered_expiry_and_number_fail_their_checks() -> None:
    line2 = TD3[1][:21] + "220415" + TD3[1][27:]
    assert not parse_mrz([TD3[0], line2], today=TODAY).checks["expiry_date"]
    line2 = "L898902C4" + TD3[1][9:]
    assert not parse_mrz([TD3[0], line2], today=TODAY).checks["document_number"]


def test_birth_century_never_in_the_future() -> None:
    assert birth_date_of("250101", TODAY) == dt.date(2025, 1, 1)
    assert birth_date_of("260302", TODAY) == dt.date(1926, 3, 2)  # tomorrow -> last century
    assert birth_date_of("990101", TODAY) == dt.date(1999, 1, 1)
    assert birth_date_of("050101", TODAY, century=1900) == dt.date(1905, 1, 1)
    assert birth_date_of("<<<<<<", TODAY) is None
    assert birth_date_of("991399", TODAY) is None


def test_expiry_century() -> None:
    assert expiry_date_of("350101", TODAY) == dt.date(2035, 1, 1)
    assert expiry_date_of("980101", TODAY) == dt.date(1998, 1, 1)


def test_unknown_birth_date_and_codes() -> None:
    body = TD3[1][:13] + "<<<<<<" + "<" + TD3[1][20:]
    m = parse_mrz([TD3[0].replace("P<UTO", "P<D<<"), body], today=TODAY)
    assert m.birth_date is None and m.birth_date_raw == "<<<<<<"
    assert m.issuer == "D" and not m.format_errors
    for code in ("XXA", "XXB", "XXC", "XXX", "UNO"):
        m = parse_mrz([TD3[0].replace("UTO", code, 1), TD3[1]], today=TODAY)
        assert m.issuer == code and not m.format_errors


def test_names_truncation_and_separators() -> None:
    name = "BEKMUKHAMBETOVA<<ZHANAR<BAURZHANKYZY<<<<<<"[:39]
    full = ("P<KAZ" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ<<ABCDEFGHIJKLM")[:44]
    m = parse_mrz([full, TD3[1]], today=TODAY)
    assert m.names_truncated and m.given_names == "ABCDEFGHIJK"
    m = parse_mrz(["P<KAZ" + name.ljust(39, "<"), TD3[1]], today=TODAY)
    assert m.surname == "BEKMUKHAMBETOVA" and m.given_names == "ZHANAR BAURZHANKYZY"
    assert not m.names_truncated


@pytest.mark.parametrize(
    "bad",
    [
        [],
        ["P<UTO"],
        [TD3[0], TD3[1][:-1]],
        [TD3[0], TD3[1].lower()],
        TD1[:2],
        "\n".join(TD3) + "x",
    ],
)
def test_not_an_mrz_raises_format_error(bad) -> None:
    with pytest.raises(MrzFormatError):
        parse_mrz(bad, today=TODAY)


def test_text_input_split_on_newlines() -> None:
    assert parse_mrz("\n  " + "\n".join(TD1) + "\n", today=TODAY).valid


_alphabet = st.sampled_from(MRZ_CHARS)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([(3, 30), (2, 36), (2, 44)]).flatmap(
        lambda shape: st.lists(
            st.text(_alphabet, min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    )
)
def test_fuzz_any_mrz_shaped_text_parses_without_crashing(lines: list[str]) -> None:
    m = parse_mrz(lines, today=TODAY)
    assert m.format in ("TD1", "TD2", "TD3")
    assert isinstance(m.valid, bool)
    m.as_dict()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=50), max_size=4))
def test_fuzz_arbitrary_text_is_parsed_or_refused_cleanly(lines: list[str]) -> None:
    with contextlib.suppress(MrzFormatError):
        parse_mrz(lines, today=TODAY)


def test_synthetic_long_numbers_td1_and_td2() -> None:
    import dataclasses
    import random

    from kiosk.documents import synthetic

    person = dataclasses.replace(
        synthetic.random_person(random.Random(1), today=TODAY), document_number="AB1234567890"
    )
    for lines in (synthetic.td1_lines(person), synthetic.td2_lines(person)):
        m = parse_mrz(lines, today=TODAY)
        assert m.number == "AB1234567890" and m.valid, (lines, m.checks)
    short = dataclasses.replace(person, document_number="X1234")
    m = parse_mrz(synthetic.td2_lines(short), today=TODAY)
    assert m.format == "TD2" and m.number == "X1234" and m.valid
