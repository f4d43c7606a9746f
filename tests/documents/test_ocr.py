"""MRZ from rendered, scanner-degraded documents: the glyph reader and its check-digit repair."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from kiosk.documents import glyphs, render, synthetic
from kiosk.documents.mrz import parse_mrz
from kiosk.documents.mrz_correct import correct
from kiosk.documents.ocr import MrzUnreadable, read_mrz_image, read_mrz_images
from tests.documents.rendering import TODAY, make_document, scanned


def test_templates_tell_every_glyph_from_every_other() -> None:
    tpl = glyphs.templates()
    assert len(tpl.chars) == 37
    # each template's unshifted copy scores best against its own glyph
    own = tpl.matrix.T[np.arange(37) * tpl.variants + tpl.plain]
    scores = tpl.score(own.reshape(37, glyphs.PATCH_H, glyphs.PATCH_W))
    assert list(scores.argmax(axis=1)) == list(range(37))


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("kind", ["TD1", "TD3"])
def test_reads_degraded_documents_exactly(kind: str, dpi: int) -> None:
    """Six documents per format and resolution (24 in all): random skew up to 3 degrees,
    margins, blur, noise, JPEG, both sides in random order, upside down at random."""
    rng = random.Random(f"{kind}-{dpi}")
    wrong = []
    upside_down_seen = 0
    for k in range(6):
        doc = make_document(kind, rng)
        sides = scanned(doc, rng, dpi=dpi, upside_down=k % 2 == 1)
        read = read_mrz_images(sides)
        upside_down_seen += read.upside_down
        if read.lines != doc.mrz_lines:
            wrong.append((doc.mrz_lines, read.lines))
        assert parse_mrz(read.lines, today=TODAY).valid
    assert wrong == []
    assert upside_down_seen == 3


def test_mrz_side_is_found_whichever_image_it_is() -> None:
    rng = random.Random(5)
    doc = make_document("TD1", rng)
    front, back = (render.degrade(s, rng) for s in doc.sides)
    assert read_mrz_images([front, back]).image == 1
    assert read_mrz_images([back, front]).image == 0


def test_document_on_a_large_bed_and_sideways() -> None:
    rng = random.Random(11)
    doc = make_document("TD3", rng)
    scan = render.degrade(doc.sides[0], rng, margin_mm=(40.0, 60.0), upside_down=False)
    assert read_mrz_image(scan).lines == doc.mrz_lines
    sideways = cv2.rotate(scan, cv2.ROTATE_90_COUNTERCLOCKWISE)
    assert read_mrz_image(sideways).lines == doc.mrz_lines


def test_tampered_documents_are_read_as_printed_and_never_valid() -> None:
    rng = random.Random(21)
    for k in range(4):
        person = synthetic.random_person(rng, today=TODAY)
        kind = "TD1" if k % 2 == 0 else "TD3"
        lines = synthetic.td1_lines(person) if kind == "TD1" else synthetic.td3_lines(person)
        younger = person.birth_date.replace(year=person.birth_date.year + 1 + k)
        forged = synthetic.tamper_birth_date(lines, younger)
        doc = make_document(kind, rng, person=person, lines=forged)
        read = read_mrz_images(scanned(doc, rng, dpi=200 + 100 * (k // 2)))
        assert read.lines == forged
        assert not parse_mrz(read.lines, today=TODAY).valid


def test_no_mrz_is_an_error_with_a_reason() -> None:
    rng = random.Random(2)
    doc = make_document("TD1", rng)
    front = render.degrade(doc.sides[0], rng)
    with pytest.raises(MrzUnreadable, match="MRZ"):
        read_mrz_images([front])
    blank = np.full((600, 900, 3), 235, np.uint8)
    with pytest.raises(MrzUnreadable, match=r"image 1: .*image 2: "):
        read_mrz_images([blank, front])
    with pytest.raises(MrzUnreadable, match="no image"):
        read_mrz_images([])


def _scores_for(
    lines: list[str], runner_up: dict[tuple[int, int], tuple[str, float]]
) -> np.ndarray:
    """Scores that read ``lines`` with confidence 0.9, except the given ambiguous cells."""
    chars = glyphs.templates().chars
    s = np.full((len(lines), len(lines[0]), len(chars)), 0.2, np.float32)
    for i, line in enumerate(lines):
        for j, c in enumerate(line):
            s[i, j, chars.index(c)] = 0.9
    for (i, j), (c, score) in runner_up.items():
        s[i, j, chars.index(c)] = score
    return s


def test_corrector_uses_field_classes_and_check_digits() -> None:
    chars = glyphs.templates().chars
    td3 = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]
    # O in a date loses to 0 by class; a birth-date digit misread as 9 (runner-up 8) is
    # repaired by the check digit; a name letter is never turned into a digit.
    misread = [td3[0], td3[1][:13] + "74O812" + td3[1][19:]]
    scores = _scores_for(misread, {(1, 16): ("0", 0.85)})
    lines, changed = correct(scores, chars)
    assert lines == td3 and changed == 0
    misread = [td3[0], td3[1][:15] + "9" + td3[1][16:]]
    scores = _scores_for(misread, {(1, 15): ("0", 0.85)})
    lines, changed = correct(scores, chars)
    assert lines == td3 and changed == 1


def test_corrector_leaves_a_clear_but_wrong_zone_invalid() -> None:
    chars = glyphs.templates().chars
    forged = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7508122F1204159ZE184226B<<<<<10",
    ]
    lines, changed = correct(_scores_for(forged, {}), chars)
    assert lines == forged and changed == 0
    assert not parse_mrz(lines).valid


@pytest.mark.parametrize("dpi", [150, 600])
def test_other_scanner_resolutions(dpi: int) -> None:
    rng = random.Random(dpi)
    doc = make_document("TD1", rng)
    assert read_mrz_images(scanned(doc, rng, dpi=dpi)).lines == doc.mrz_lines


def test_a_crease_across_the_zone() -> None:
    rng = random.Random(4)
    doc = make_document("TD1", rng)
    back = doc.sides[1].copy()
    h, w = back.shape[:2]
    x = int(w * 0.47)
    cv2.line(back, (x, int(h * 0.6)), (x + 6, h - 1), (60, 60, 60), 2)
    assert read_mrz_image(render.degrade(back, rng, upside_down=False)).lines == doc.mrz_lines


@settings(max_examples=40, deadline=None)
@given(
    hnp.arrays(
        np.uint8,
        st.tuples(st.integers(8, 160), st.integers(8, 240), st.sampled_from([1, 3])),
        elements=st.integers(0, 255),
    )
)
def test_fuzz_any_image_is_read_or_refused_cleanly(image: np.ndarray) -> None:
    image = image[:, :, 0] if image.shape[2] == 1 else image
    try:
        read = read_mrz_images([image])
    except MrzUnreadable as exc:
        assert str(exc)
    else:  # pragma: no cover - random pixels never hold an MRZ, but a read must be well-formed
        assert len(read.lines) in (2, 3)


def test_text_lines_that_are_not_an_mrz() -> None:
    # a page of regular monospaced text: long chains of characters but no MRZ layout
    page = np.full((700, 1400, 3), 245, np.uint8)
    for k in range(6):
        cv2.putText(
            page,
            "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG 0123456789",
            (40, 80 + 90 * k),
            cv2.FONT_HERSHEY_PLAIN,
            2.0,
            (20, 20, 20),
            2,
        )
    with pytest.raises(MrzUnreadable):
        read_mrz_images([page])


def test_td2_documents() -> None:
    rng = random.Random(36)
    for k in range(2):
        doc = make_document("TD2", rng)
        read = read_mrz_images(scanned(doc, rng, dpi=200 + 100 * k, upside_down=k == 1))
        assert read.lines == doc.mrz_lines and len(read.lines[0]) == 36
        assert parse_mrz(read.lines, today=TODAY).valid


def test_icao_specimens_printed_and_scanned() -> None:
    td3 = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]
    td1 = [
        "I<UTOD23145890<7349<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]
    rng = random.Random(9303)
    for kind, lines in (("TD3", td3), ("TD1", td1)):
        doc = make_document(kind, rng, lines=lines)
        read = read_mrz_images(scanned(doc, rng, dpi=200))
        assert read.lines == lines
        m = parse_mrz(read.lines, today=TODAY)
        assert m.valid and m.surname == "ERIKSSON"
