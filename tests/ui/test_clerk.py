"""The clerk's side, driven by keystrokes to the focused widget and clicks on visible buttons:
the review of a foreign passport (IIN required and checked), the keyboard path that cannot refuse
by accident, one login per shift, and today's submissions."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from kiosk.biometrics.decision import MatchDecision
from kiosk.records.record import ReviewDecision
from kiosk.records.submissions import RowState, SubmissionRow
from kiosk.session import SessionOutcome, Step
from kiosk.ui.i18n import problem_text, tr
from tests.support.services_double import FOREIGN, ICCID, ScriptedServices
from tests.ui.helpers import cancel_session, click, field, keys, to_step, type_into, wait_step

GOOD_IIN = "900101400013"  # 1990-01-01, female: agrees with the scripted passport
WRONG_SEX_IIN = "900101300017"  # the same day, male


def _focused():
    return QApplication.focusWidget()


def _press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    target = _focused()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def _visible_texts(page) -> str:
    return "\n".join(w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page))


def test_foreign_passport_review_needs_a_matching_iin_then_approves(qtbot, make_window) -> None:
    services = ScriptedServices(documents=[FOREIGN])
    window = make_window("assisted", svc=services)
    to_step(qtbot, window, Step.REVIEW, iccid=ICCID)
    page = window.pages[Step.REVIEW]
    # Both faces are on screen, and the similarity is said in words.
    assert page.document_photo.frames_shown >= 1 and page.live_photo.frames_shown >= 1
    assert page.match.text() == tr("ru", "similarity_strong")
    shown = _visible_texts(page)
    assert problem_text("ru", "iin_required") in shown
    assert problem_text("ru", "foreign_document") in shown
    for raw in ("[", "foreign_document", "iin_required", "document_code", "format"):
        assert raw not in shown, raw
    edits = {e.objectName() for e in page.findChildren(QLineEdit)}
    assert "review_field_format" not in edits and "review_field_document_code" not in edits
    assert "review_field_number" in edits
    # Approve waits for the IIN, and says why.
    assert not page.approve_button.isEnabled()
    assert page.notice.text().startswith(tr("ru", "review_approve_needs_iin", why="")[:20])
    assert _focused() is field(window, "review_iin")
    keys(qtbot, WRONG_SEX_IIN)
    assert page.iin_status.text() == tr("ru", "iin_sex_mismatch")
    assert not page.approve_button.isEnabled()
    keys(qtbot, "", enter=True)  # Enter in the IIN field goes on to the reason, never approves
    assert window.current_step is Step.REVIEW and _focused() is field(window, "review_reason")
    keys(qtbot, "residence permit seen", enter=True)
    assert window.current_step is Step.REVIEW  # Enter does not approve while it may not
    field(window, "review_iin").clear()
    type_into(qtbot, window, "review_iin", GOOD_IIN)
    assert page.approve_button.isEnabled() and page.notice.text() == ""
    type_into(qtbot, window, "review_reason", "", enter=True)
    wait_step(qtbot, window, Step.RECEIPT)
    assert services.submitted["fields"]["iin"] == GOOD_IIN
    assert services.submitted["overrides"] == [
        {"field": "iin", "clerk_id": "clerk-1", "reason": "residence permit seen"}
    ]
    assert services.submitted["review"]["decision"] == ReviewDecision.APPROVED
    # The pictures left the screen with the step.
    assert page.document_photo.face_box is None and page.document_photo._image is None
    assert page.live_photo._image is None


def test_tab_from_the_reason_reaches_approve_never_refuse(qtbot, make_window) -> None:
    window = make_window("assisted", svc=ScriptedServices(matches=[MatchDecision.REVIEW]))
    to_step(qtbot, window, Step.REVIEW, iccid=ICCID)
    page = window.pages[Step.REVIEW]
    assert _focused() is page.reason
    _press(qtbot, Qt.Key.Key_Tab)
    assert _focused() is page.approve_button
    seen = set()
    for _ in range(30):
        _press(qtbot, Qt.Key.Key_Tab)
        seen.add(_focused())
    assert page.refuse_button not in seen
    assert "[Alt+R]" in page.refuse_button.text() and "[Enter]" in page.approve_button.text()
    assert window.current_step is Step.REVIEW


def test_alt_r_refuses_with_a_reason(qtbot, make_window) -> None:
    window = make_window("assisted", svc=ScriptedServices(matches=[MatchDecision.REVIEW]))
    to_step(qtbot, window, Step.REVIEW, iccid=ICCID)
    session = window.flow.session
    _press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert window.current_step is Step.REVIEW  # a refusal needs its reason too
    assert window.pages[Step.REVIEW].notice.text() == tr("ru", "review_reason_needed")
    keys(qtbot, "not the person on the photo")
    _press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    wait_step(qtbot, window, Step.ENDED)
    assert session.outcome is SessionOutcome.REVIEW_REFUSED


def test_self_service_foreign_passport_is_referred_right_after_the_scan(qtbot, make_window) -> None:
    services = ScriptedServices(documents=[FOREIGN])
    window = make_window(svc=services)
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.ENDED)
    session = window.flow.session
    assert session.outcome is SessionOutcome.REFERRED
    assert "liveness" not in services.calls and "draw" not in services.calls


def test_one_clerk_login_per_shift_then_logout(qtbot, make_window, services) -> None:
    window = make_window("assisted")
    to_step(qtbot, window, Step.RECEIPT, iccid=ICCID)
    assert services.calls.count("login") == 1
    click(qtbot, window, "receipt_done")
    wait_step(qtbot, window, Step.ENDED)
    click(qtbot, window, "ended_again")
    wait_step(qtbot, window, Step.IDLE)
    assert window.flow.clerk_id == "clerk-1"
    logout = window.attract.logout_button
    assert logout.isVisible() and "clerk-1" in logout.text()
    # The next customer goes from the language straight to consent.
    click(qtbot, window, "start")
    wait_step(qtbot, window, Step.LANGUAGE)
    click(qtbot, window, "language_kk")
    wait_step(qtbot, window, Step.CONSENT)
    assert services.calls.count("login") == 1
    cancel_session(qtbot, window)
    click(qtbot, window, "clerk_logout")
    assert window.flow.clerk_id is None and not logout.isVisible()
    click(qtbot, window, "start")
    wait_step(qtbot, window, Step.LANGUAGE)
    click(qtbot, window, "language_en")
    wait_step(qtbot, window, Step.CLERK_LOGIN)


def test_clerk_login_locks_after_inactivity(qtbot, make_window, clock) -> None:
    window = make_window("assisted")
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)
    cancel_session(qtbot, window)
    assert window.flow.clerk_id == "clerk-1"
    clock.t += window.settings.kiosk.clerk_lock_min * 60 - 5
    window.flow.tick()
    assert window.flow.clerk_id == "clerk-1"
    clock.t += 10
    qtbot.waitUntil(lambda: window.flow.clerk_id is None)  # the window's tick timer
    assert window.flow.session.data.clerk_id is None


def _todays_rows() -> list[SubmissionRow]:
    t = time.time()
    return [
        SubmissionRow(
            "3f2a9c1e-1", t - 60, RowState.QUEUED, "0006", "server unreachable", 2, t + 120
        ),
        SubmissionRow(
            "3f2a9c1e-2",
            t - 600,
            RowState.REFUSED,
            "0014",
            "person_cap: this person has too many SIM cards",
            0,
            None,
        ),
        SubmissionRow("3f2a9c1e-3", t - 900, RowState.DELIVERED, "", "", 0, None),
    ]


def _cell(table, row: int, col: int) -> str:
    return table.item(row, col).text()


def test_todays_submissions_for_the_clerk_with_retry(qtbot, make_window) -> None:
    services = ScriptedServices(todays=_todays_rows())
    window = make_window("assisted", svc=services)
    # Nobody logged in: the list is not for customers.
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.current_page() is window.pages[Step.IDLE]
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)  # the clerk logs in with a customer
    cancel_session(qtbot, window)
    _press(
        qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    page = window.submissions
    assert window.current_page() is page
    table = page.table
    qtbot.waitUntil(lambda: table.rowCount() == 3)
    assert [_cell(table, i, 3) for i in range(3)] == [
        tr("ru", "state_queued"),
        tr("ru", "state_refused"),
        tr("ru", "state_delivered"),
    ]
    assert _cell(table, 0, 1) == "3f2a9c1e"  # the reference the customer's receipt shows
    assert _cell(table, 0, 2) == "…0006" and _cell(table, 2, 2) == "…"
    assert "server unreachable" in _cell(table, 0, 4)
    assert "too many SIM cards" in _cell(table, 1, 4)
    assert page.counts.text() == tr("ru", "submissions_counts", delivered=1, queued=1, refused=1)
    click(qtbot, window, "submissions_retry")
    qtbot.waitUntil(
        lambda: (
            "retry" in services.calls
            and not page._loading
            and _cell(table, 0, 3) == tr("ru", "state_delivered")
        )
    )
    assert page.status.text() == tr("ru", "submissions_retried", delivered=1, pending=0)
    assert not page.retry_button.isEnabled()  # nothing queued any more
    assert threading.main_thread().name not in services.threads
    _press(qtbot, Qt.Key.Key_Escape)
    assert window.current_page() is window.pages[Step.IDLE]
    assert table.rowCount() == 0  # the list leaves the screen with the page


def _inside(window, widget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return (
        widget.isVisible()
        and window.rect().contains(top_left)
        and window.rect().contains(bottom_right)
    )


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_review_and_submissions_fit_1280x800_with_their_buttons(qtbot, make_window, lang) -> None:
    services = ScriptedServices(documents=[FOREIGN], todays=_todays_rows())
    window = make_window("assisted", svc=services)
    to_step(qtbot, window, Step.CLERK_LOGIN, iccid=ICCID)
    click(qtbot, window, f"clerk_language_{lang}")
    to_step_from_login = [("agree", Step.DOCUMENT), ("scan", Step.SIM)]
    type_into(qtbot, window, "clerk_id", "clerk-1", enter=True)
    type_into(qtbot, window, "clerk_pin", "1234", enter=True)
    wait_step(qtbot, window, Step.CONSENT)
    for name, step in to_step_from_login:
        click(qtbot, window, name)
        wait_step(qtbot, window, step)
    type_into(qtbot, window, "iccid", ICCID, enter=True)
    wait_step(qtbot, window, Step.FACE)
    click(qtbot, window, "face_ready")
    wait_step(qtbot, window, Step.REVIEW)
    window.resize(1280, 800)  # the face page is not this test's business
    qtbot.wait(50)
    page = window.pages[Step.REVIEW]
    assert window.size().toTuple() == (1280, 800)
    for w in (page.approve_button, page.refuse_button, page.reason, page.notice, page.iin):
        assert _inside(window, w), w.objectName()
    cancel_session(qtbot, window)
    click(qtbot, window, "open_submissions")
    qtbot.waitUntil(lambda: window.submissions.table.rowCount() == 3)
    assert window.size().toTuple() == (1280, 800)
    for w in (window.submissions.retry_button, window.submissions.close_button):
        assert _inside(window, w), w.objectName()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_sim_keypad_fits_1280x800(qtbot, make_window, lang) -> None:
    window = make_window()
    to_step(qtbot, window, Step.LANGUAGE, iccid=ICCID)
    click(qtbot, window, f"language_{lang}")
    for name, step in [("agree", Step.DOCUMENT), ("scan", Step.SIM)]:
        click(qtbot, window, name)
        wait_step(qtbot, window, step)
    page = window.pages[Step.SIM]
    assert window.size().toTuple() == (1280, 800)
    for w in [page.continue_button, page.iccid, page.msisdn, *page.keypad.buttons.values()]:
        assert _inside(window, w), w.objectName()
