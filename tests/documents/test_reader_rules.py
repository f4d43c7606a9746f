"""read_document and the document rules: verdicts and stable problem codes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest

from kiosk.documents import render, synthetic
from kiosk.documents.iin import make_iin
from kiosk.documents.mrz import parse_mrz
from kiosk.documents.reader import DocumentReading, MrzNotFound, read_document
from kiosk.documents.rules import DocumentVerdict, evaluate, extract_iin, verdict
from kiosk.errors import InputError
from kiosk.settings import DocumentSettings
from tests.documents.rendering import TODAY, make_document, scanned

RULES = DocumentSettings()
JSON_KEYS = {"mrz", "iin", "portrait", "problems", "elapsed_ms"}
MRZ_KEYS = {
    "format",
    "lines",
    "document_code",
    "issuer",
    "number",
    "birth_date",
    "expiry_date",
    "sex",
    "nationality",
    "surname",
    "given_names",
    "personal_number",
    "checks",
    "valid",
}


def _person(rng: random.Random, **changes) -> synthetic.Person:
    return dataclasses.replace(synthetic.random_person(rng, today=TODAY), **changes)


def _codes(lines: list[str], rules: DocumentSettings = RULES) -> list[str]:
    mrz = parse_mrz(lines, today=TODAY)
    return [p.code for p in evaluate(mrz, extract_iin(mrz), rules, today=TODAY)]


def test_scanned_id_card_is_read_and_accepted() -> None:
    rng = random.Random(1)
    doc = make_document("TD1", rng)
    reading = read_document(scanned(doc, rng, upside_down=True), RULES, today=TODAY)
    assert reading.verdict == DocumentVerdict.ACCEPT, reading.problems
    out = reading.as_dict()
    assert set(out) == JSON_KEYS and set(out["mrz"]) == MRZ_KEYS
    assert out["mrz"]["lines"] == doc.mrz_lines and out["mrz"]["valid"]
    assert out["iin"] == {"value": doc.mrz_lines[0][15:27], "valid": True}
    assert out["portrait"]["found"] and len(out["portrait"]["box"]) == 4
    assert reading.portrait.crop is not None
    reading.wipe()
    assert reading.mrz is None and reading.iin is None and reading.portrait.crop is None


def test_passport_portrait_and_iin_from_personal_number() -> None:
    rng = random.Random(2)
    doc = make_document("TD3", rng)
    reading = read_document(scanned(doc, rng, dpi=200), RULES, today=TODAY)
    assert reading.verdict == DocumentVerdict.ACCEPT, reading.problems
    assert reading.iin is not None and reading.iin.valid
    assert reading.portrait.found and reading.portrait.image == 0


def test_tampered_scan_is_refused_not_raised() -> None:
    rng = random.Random(3)
    person = synthetic.random_person(rng, today=TODAY)
    forged = synthetic.tamper_birth_date(synthetic.td1_lines(person), dt.date(1999, 1, 1))
    doc = make_document("TD1", rng, person=person, lines=forged)
    reading = read_document(scanned(doc, rng), RULES, today=TODAY)
    assert reading.as_dict()["mrz"]["valid"] is False
    assert reading.verdict == DocumentVerdict.REFUSE
    codes = [p.code for p in reading.problems]
    assert "mrz_check_failed" in codes and "iin_mismatch" in codes


def test_no_mrz_raises_mrz_not_found_with_reason() -> None:
    blank = np.full((500, 800, 3), 240, np.uint8)
    with pytest.raises(MrzNotFound, match="no readable MRZ on the image") as info:
        read_document([blank], RULES, today=TODAY)
    assert isinstance(info.value, InputError)


def test_serial_lines_skip_ocr() -> None:
    rng = random.Random(4)
    lines = synthetic.td3_lines(_person(rng))
    reading = read_document([], RULES, mrz_lines=lines, today=TODAY)
    assert isinstance(reading, DocumentReading) and reading.mrz is not None
    assert reading.mrz.lines == lines
    assert [p.code for p in reading.problems] == ["no_portrait"]
    assert reading.verdict == DocumentVerdict.REVIEW
    with pytest.raises(MrzNotFound, match="serial lines are not an MRZ"):
        read_document([], RULES, mrz_lines=["garbage"], today=TODAY)


def test_expired_and_under_age() -> None:
    rng = random.Random(5)
    old = synthetic.expired(_person(rng), TODAY)
    assert _codes(synthetic.td1_lines(old)) == ["expired"]
    birth = TODAY.replace(year=TODAY.year - 17)
    iin = None
    serial = 0
    while iin is None:
        iin, serial = make_iin(birth, "F", serial), serial + 1
    young = _person(rng, birth_date=birth, sex="F", iin=iin)
    assert _codes(synthetic.td1_lines(young)) == ["under_age"]
    assert _codes(synthetic.td1_lines(young), DocumentSettings(min_age_years=16)) == []
    # 18 today exactly is old enough
    birth18 = TODAY.replace(year=TODAY.year - 18)
    iin = next(v for s in range(100) if (v := make_iin(birth18, "M", s)))
    adult = _person(rng, birth_date=birth18, sex="M", iin=iin)
    assert _codes(synthetic.td1_lines(adult)) == []


def test_issuer_policy_accept_review_refuse() -> None:
    rng = random.Random(6)
    foreign = _person(rng, nationality="UZB")
    lines = synthetic.td3_lines(foreign, issuer="UZB", personal_number="")
    assert _codes(lines) == ["foreign_document"]
    mrz = parse_mrz(lines, today=TODAY)
    problems = evaluate(mrz, None, RULES, today=TODAY)
    assert verdict(problems) == DocumentVerdict.REVIEW
    refuse = DocumentSettings(foreign_policy=DocumentVerdict.REFUSE)
    assert verdict(evaluate(mrz, None, refuse, today=TODAY)) == DocumentVerdict.REFUSE
    accept = DocumentSettings(foreign_policy=DocumentVerdict.ACCEPT)
    assert evaluate(mrz, None, accept, today=TODAY) == []
    banned = DocumentSettings(foreign_policy=DocumentVerdict.ACCEPT, refused_issuers=("UZB",))
    assert [p.code for p in evaluate(mrz, None, banned, today=TODAY)] == ["issuer_refused"]


def test_iin_must_be_valid_and_agree_with_mrz() -> None:
    rng = random.Random(7)
    person = _person(rng)
    bad_check = person.iin[:11] + str((int(person.iin[11]) + 1) % 10)
    assert _codes(synthetic.td1_lines(person, optional=bad_check)) == ["iin_invalid"]
    other_sex = "F" if person.sex == "M" else "M"
    other = next(v for s in range(100) if (v := make_iin(person.birth_date, other_sex, s)))
    assert _codes(synthetic.td1_lines(person, optional=other)) == ["iin_mismatch"]
    day = person.birth_date + dt.timedelta(days=1)
    other = next(v for s in range(100) if (v := make_iin(day, person.sex, s)))
    assert _codes(synthetic.td1_lines(person, optional=other)) == ["iin_mismatch"]
    assert _codes(synthetic.td1_lines(person, optional="")) == ["iin_missing"]


def test_iin_century_decides_the_birth_year() -> None:
    rng = random.Random(8)
    # born 1920: the MRZ says 20, which alone would be read as 2020
    birth = dt.date(1920, 6, 1)
    iin = next(v for s in range(100) if (v := make_iin(birth, "M", s)))
    person = _person(rng, birth_date=birth, sex="M", iin=iin)
    reading = read_document([], RULES, mrz_lines=synthetic.td1_lines(person), today=TODAY)
    assert reading.mrz is not None and reading.mrz.birth_date == birth
    assert "under_age" not in [p.code for p in reading.problems]
    # an IIN whose century digit says 2000s for a "96" birth year: a date in the future
    first11 = "960101" + "5" + "0001"
    forged = next(v for s in range(1, 9999) if (v := _iin_with_check(f"{first11[:7]}{s:04d}")))
    person = _person(rng, birth_date=dt.date(1996, 1, 1), sex="M", iin=forged)
    assert "iin_mismatch" in _codes(synthetic.td1_lines(person))


def _iin_with_check(first11: str) -> str | None:
    from kiosk.documents.iin import iin_check_digit

    cd = iin_check_digit(first11)
    return None if cd is None else first11 + str(cd)


def test_check_failure_is_named() -> None:
    rng = random.Random(9)
    lines = synthetic.td3_lines(_person(rng))
    bad = [lines[0], lines[1][:9] + str((int(lines[1][9]) + 1) % 10) + lines[1][10:]]
    mrz = parse_mrz(bad, today=TODAY)
    problems = evaluate(mrz, extract_iin(mrz), RULES, today=TODAY)
    assert problems[0].code == "mrz_check_failed"
    assert "document number" in problems[0].message and "composite" in problems[0].message


def test_document_on_its_own_portrait_side_only_is_not_found() -> None:
    rng = random.Random(10)
    doc = make_document("TD1", rng)
    front = render.degrade(doc.sides[0], rng)
    with pytest.raises(MrzNotFound):
        read_document([front], RULES, today=TODAY)


def test_images_that_are_not_8_bit_arrays_are_input_errors() -> None:
    with pytest.raises(InputError, match="image 1: expected an 8-bit image"):
        read_document([np.zeros((50, 50), np.float32)], RULES, today=TODAY)
