"""Issuing state and nationality against ICAO Doc 9303 part 3's code list (issue 17): no check
digit covers them, so a misread code (a German passport's ``D<<`` read as ``O<<``) must be
corrected by the OCR or flagged, never reported valid."""

from __future__ import annotations

import random

import numpy as np
import pytest

from kiosk.documents import glyphs, icao_codes, synthetic
from kiosk.documents.mrz import parse_mrz
from kiosk.documents.mrz_correct import AMBIGUOUS_MARGIN, CODE_MARGIN, correct
from kiosk.documents.ocr import read_mrz_images
from kiosk.documents.rules import DocumentVerdict, evaluate
from kiosk.settings import DocumentSettings
from tests.documents.rendering import TODAY, make_document, scanned


@pytest.fixture(scope="module")
def german() -> list[str]:
    person = synthetic.random_person(random.Random(49), today=TODAY, nationality="D")
    lines = synthetic.td3_lines(person, issuer="D")
    assert lines[0].startswith("P<D<<") and lines[1][10:13] == "D<<"
    return lines


def _scores(
    lines: list[str],
    runner_up: dict[tuple[int, int], tuple[str, float]],
    winner: dict[tuple[int, int], str],
) -> np.ndarray:
    """Confident scores for ``lines``, except cells where ``winner`` wins (0.9) and the true
    character is only the runner-up with the given score."""
    chars = glyphs.templates().chars
    s = np.full((len(lines), len(lines[0]), len(chars)), 0.2, np.float32)
    for i, line in enumerate(lines):
        for j, c in enumerate(line):
            s[i, j, chars.index(c)] = 0.9
    for (i, j), c in winner.items():
        s[i, j, :] = 0.2
        s[i, j, chars.index(c)] = 0.9
    for (i, j), (c, score) in runner_up.items():
        s[i, j, chars.index(c)] = score
    return s


def test_the_code_list() -> None:
    for code in (
        "KAZ",
        "RUS",
        "UZB",
        "D",
        "GBD",
        "GBN",
        "GBO",
        "GBP",
        "GBS",
        "UNO",
        "UNA",
        "UNK",
        "XXA",
        "XXB",
        "XXC",
        "XXX",
        "EUE",
        "RKS",
        "XOM",
        "XPO",
        "D<<",
        "UTO",
    ):
        assert icao_codes.known(code), code
    for code in ("O", "DEU", "KAX", "QQQ", "ZZZ", "OMM"):  # DEU: Germany is D in an MRZ
        assert not icao_codes.known(code), code
    assert len(icao_codes.CODES) > 270


def test_german_passport_issuer_is_valid_and_a_misread_one_is_flagged(german) -> None:
    assert parse_mrz(german, today=TODAY).valid
    misread = [german[0].replace("P<D<<", "P<O<<"), german[1]]
    m = parse_mrz(misread, today=TODAY)
    assert m.issuer == "O" and all(m.checks.values())  # the check digits cannot see it
    assert m.unknown_codes == ["issuer"] and not m.valid
    problems = evaluate(m, None, DocumentSettings(), today=TODAY)
    [unknown] = [p for p in problems if p.code == "mrz_unknown_state"]
    assert unknown.severity is DocumentVerdict.REVIEW and "issuer" in unknown.message
    nat = [german[0], german[1][:10] + "QQQ" + german[1][13:]]
    assert parse_mrz(nat, today=TODAY).unknown_codes == ["nationality"]


def test_corrector_turns_o_back_into_d_from_its_runner_up(german) -> None:
    chars = glyphs.templates().chars
    # D scored behind O by more than the check-digit margin, within the code margin
    loss = (AMBIGUOUS_MARGIN + CODE_MARGIN) / 2
    scores = _scores(german, {(0, 2): ("D", 0.9 - loss)}, {(0, 2): "O"})
    lines, changed = correct(scores, chars)
    assert lines == german and changed == 1
    assert parse_mrz(lines, today=TODAY).valid
    # the nationality too (TD3 line 2, columns 11-13)
    scores = _scores(german, {(1, 10): ("D", 0.85)}, {(1, 10): "O"})
    lines, changed = correct(scores, chars)
    assert lines == german and changed == 1


def test_corrector_leaves_a_clear_unknown_code_flagged(german) -> None:
    chars = glyphs.templates().chars
    # O clearly printed (D far behind): nothing to correct, and the parser says so
    scores = _scores(german, {(0, 2): ("D", 0.3)}, {(0, 2): "O"})
    lines, changed = correct(scores, chars)
    assert lines[0].startswith("P<O<<") and changed == 0
    m = parse_mrz(lines, today=TODAY)
    assert m.unknown_codes == ["issuer"] and not m.valid


def test_corrector_never_changes_a_listed_code(german) -> None:
    chars = glyphs.templates().chars
    kaz = [german[0].replace("P<D<<", "P<KAZ"), german[1]]
    # a close runner-up that would also spell a listed code (KAZ -> KAZ is kept, not KEN etc.)
    scores = _scores(kaz, {(0, 3): ("E", 0.89)}, {})
    lines, _ = correct(scores, chars)
    assert lines[0].startswith("P<KAZ")


def test_german_passport_printed_and_scanned(german) -> None:
    rng = random.Random(276)
    doc = make_document("TD3", rng, lines=german)
    read = read_mrz_images(scanned(doc, rng, dpi=200))
    assert read.lines == german
    m = parse_mrz(read.lines, today=TODAY)
    assert m.issuer == "D" and m.nationality == "D" and m.valid
