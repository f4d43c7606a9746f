"""The customer's endings say what happened and what next, per outcome; the ID card reminder is
on every one; "deleted" only where nothing was kept; no thanks for a refusal. Back and "I do not
agree" move the session as a customer expects."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.biometrics.decision import MatchDecision
from kiosk.documents.rules import DocumentVerdict
from kiosk.session import SessionOutcome, Step
from kiosk.ui.i18n import outcome_text, problem_text, tr
from tests.support.services_double import ICCID, ScriptedServices
from tests.ui.helpers import click, to_step, type_into, wait_step


def _text(window, name: str) -> str:
    w = window.findChild(QLabel, name)
    assert w is not None, name
    return w.text() if w.isVisible() else ""


def _all_text(page) -> str:
    return " ".join(w.text() for w in page.findChildren(QLabel) if w.isVisible())


def _face_until_ended(qtbot, window, attempts: int) -> None:
    for _ in range(attempts):
        wait_step(qtbot, window, Step.FACE)
        click(qtbot, window, "face_ready")
        qtbot.waitUntil(lambda: not window.flow.busy)


# (outcome, script, face attempts, title key, data key, refusal)
ENDINGS = [
    (
        SessionOutcome.DOCUMENT_REFUSED,
        {"documents": ["unreadable"] * 3},
        0,
        "end_document",
        "ended_wiped",
        True,
    ),
    (
        SessionOutcome.LIVENESS_FAILED,
        {"liveness": [False] * 3},
        3,
        "end_liveness",
        "ended_wiped",
        True,
    ),
    (
        SessionOutcome.NO_MATCH,
        {"matches": [MatchDecision.NO_MATCH] * 3},
        3,
        "end_no_match",
        "ended_wiped",
        True,
    ),
    # referred right after the scan: self-service has nobody to review the document
    (SessionOutcome.REFERRED, {"documents": ["review"]}, 0, "end_referred", "ended_wiped", False),
    (SessionOutcome.FAILED, {"raise_in": "document"}, 0, "end_failed", "ended_wiped", True),
]


@pytest.mark.parametrize(
    ("outcome", "script", "faces", "title", "data", "refusal"),
    ENDINGS,
    ids=lambda v: str(v) if isinstance(v, SessionOutcome) else "",
)
def test_each_ending_says_what_happened_and_what_next(
    qtbot, make_window, outcome, script, faces, title, data, refusal
) -> None:
    window = make_window(svc=ScriptedServices(**script))
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    scans = len(script.get("documents", [])) if outcome is SessionOutcome.DOCUMENT_REFUSED else 1
    for _ in range(scans):
        click(qtbot, window, "scan")
        qtbot.waitUntil(lambda: not window.flow.busy)
    if faces:
        wait_step(qtbot, window, Step.SIM)
        type_into(qtbot, window, "iccid", ICCID, enter=True)
        _face_until_ended(qtbot, window, faces)
    wait_step(qtbot, window, Step.ENDED)
    assert window.flow.session.outcome is outcome
    page = window.pages[Step.ENDED]
    assert _text(window, "ended_title") == tr("en", title)
    assert page.title.property("role") == ("title_refused" if refusal else "title")
    assert _text(window, "ended_outcome") == outcome_text("en", outcome.value)
    assert _text(window, "ended_reminder").endswith(tr("en", "take_card"))
    assert _text(window, "ended_data") == tr("en", data)
    assert "Thank" not in _all_text(page)
    assert _text(window, "ended_reference") == ""  # no record, no reference
    if outcome is SessionOutcome.DOCUMENT_REFUSED:
        assert _text(window, "ended_reason") == problem_text("en", "mrz_unreadable")


@pytest.mark.parametrize(
    ("outcome", "data"),
    [
        (SessionOutcome.ACTIVATED, "data_sent"),
        (SessionOutcome.QUEUED, "data_kept_queued"),
        (SessionOutcome.REJECTED, "data_rejected"),
    ],
)
def test_receipt_and_its_ending_tell_the_truth_about_the_data(
    qtbot, make_window, outcome, data
) -> None:
    window = make_window(svc=ScriptedServices(submit_outcome=outcome))
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    type_into(qtbot, window, "iccid", ICCID)
    type_into(qtbot, window, "msisdn", "77011234567", enter=True)
    wait_step(qtbot, window, Step.FACE)
    click(qtbot, window, "face_ready")
    wait_step(qtbot, window, Step.RECEIPT)
    assert _text(window, "receipt_reference") == "3F2A 9C1E"  # large, grouped for reading out
    assert _text(window, "receipt_reminder").endswith(tr("en", "take_card"))
    assert _text(window, "receipt_data") == tr("en", data)
    if outcome is SessionOutcome.REJECTED:
        assert _text(window, "receipt_phone") == ""
    else:
        assert _text(window, "receipt_phone") == tr("en", "receipt_phone", number="+77011234567")
    page = window.pages[Step.RECEIPT]
    if outcome is not SessionOutcome.REJECTED:
        assert "deleted" not in _all_text(page)  # the record is kept (queued) or was sent
    click(qtbot, window, "receipt_done")
    wait_step(qtbot, window, Step.ENDED)
    assert _text(window, "ended_reference") == "3F2A 9C1E"
    assert _text(window, "ended_data") == tr("en", data)
    assert _text(window, "ended_reminder").endswith(tr("en", "take_card"))


def test_review_refused_ending(qtbot, make_window) -> None:
    window = make_window("assisted", svc=ScriptedServices(documents=[DocumentVerdict.REVIEW]))
    to_step(qtbot, window, Step.REVIEW, iccid=ICCID)
    type_into(qtbot, window, "review_reason", "the photo is of someone else")
    click(qtbot, window, "review_refuse")
    wait_step(qtbot, window, Step.ENDED)
    assert _text(window, "ended_title") == tr("en", "end_review_refused")
    assert "Thank" not in _all_text(window.pages[Step.ENDED])


def test_i_do_not_agree_ends_politely(qtbot, make_window, services) -> None:
    window = make_window()
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)
    click(qtbot, window, "decline")
    wait_step(qtbot, window, Step.ENDED)
    assert window.flow.session.outcome is SessionOutcome.CANCELLED
    assert _text(window, "ended_title") == tr("en", "end_declined")
    assert _text(window, "ended_outcome") == tr("en", "end_declined_text")
    assert "document" not in services.calls


def test_back_where_it_makes_sense(qtbot, make_window, services) -> None:
    window = make_window()
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    back = window.back_button
    assert back.isVisible() and back.text() == tr("en", "back")
    click(qtbot, window, "back")
    wait_step(qtbot, window, Step.DOCUMENT)
    assert window.flow.session.data.document is None  # scanned again after Back
    click(qtbot, window, "back")
    wait_step(qtbot, window, Step.CONSENT)
    click(qtbot, window, "back")
    wait_step(qtbot, window, Step.LANGUAGE)
    assert not back.isVisible()
    click(qtbot, window, "language_kk")
    wait_step(qtbot, window, Step.CONSENT)
    assert back.text() == tr("kk", "back")
    click(qtbot, window, "agree")
    wait_step(qtbot, window, Step.DOCUMENT)
    services.documents = [DocumentVerdict.ACCEPT]
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.SIM)
    type_into(qtbot, window, "iccid", ICCID, enter=True)
    wait_step(qtbot, window, Step.FACE)
    assert not back.isVisible()  # no Back once the camera step began
