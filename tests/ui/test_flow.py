"""Whole enrollment flows through the window, driven by clicks and keys, on the scripted services
double: self-service and assisted, document problems, face prompts, review, cancel, idle."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from kiosk.biometrics.decision import MatchDecision
from kiosk.documents.rules import DocumentVerdict
from kiosk.imaging.moves import ChallengeKind
from kiosk.records.record import ReviewDecision
from kiosk.session import FaceFailure, SessionOutcome, Step
from kiosk.ui.i18n import outcome_text, problem_text, prompt_text, tr
from tests.support.services_double import FACE_BOX, ICCID, UNREADABLE, ScriptedServices
from tests.ui.helpers import click, field, to_step, type_into, wait_step


def _text(window, name: str) -> str:
    w = window.findChild(QLabel, name)
    assert w is not None, name
    return w.text()


def _assert_wiped(services: ScriptedServices) -> None:
    for arr in services.handed_out:
        assert not arr.any(), "images handed to the session must be zeroed when it ends"


def test_self_service_flow_to_activation(qtbot, make_window, services) -> None:
    window = make_window()
    to_step(qtbot, window, Step.RECEIPT, iccid=ICCID)
    assert _text(window, "receipt_title") == tr("en", "receipt_activated")
    session = window.flow.session
    assert session.data.iccid == ICCID
    click(qtbot, window, "receipt_done")
    wait_step(qtbot, window, Step.ENDED)
    assert session.outcome is SessionOutcome.ACTIVATED
    assert _text(window, "ended_outcome") == outcome_text("en", "activated")
    _assert_wiped(services)
    click(qtbot, window, "ended_again")
    wait_step(qtbot, window, Step.IDLE)
    assert window.flow.session is not session
    # Every blocking service ran on a worker lane, never on the GUI thread.
    # The freeze check (the attract screen's, then the start's) comes before the scan.
    assert services.calls.index("freeze") < services.calls.index("document")
    assert "submit" in services.calls
    assert threading.main_thread().name not in services.threads
    assert all(name.startswith("simkiosk-") for name in services.threads)


def test_queued_receipt_is_honest(qtbot, make_window) -> None:
    window = make_window(svc=ScriptedServices(submit_outcome=SessionOutcome.QUEUED))
    to_step(qtbot, window, Step.RECEIPT, iccid=ICCID)
    assert _text(window, "receipt_title") == tr("en", "receipt_queued")
    assert "saved on this kiosk" in window.pages[Step.RECEIPT].text.text()


def test_assisted_flow_with_clerk_login(qtbot, make_window, services) -> None:
    window = make_window("assisted")
    to_step(qtbot, window, Step.CLERK_LOGIN, iccid=ICCID)
    type_into(qtbot, window, "clerk_id", "clerk-1", enter=True)
    type_into(qtbot, window, "clerk_pin", "9999", enter=True)
    qtbot.waitUntil(lambda: not window.flow.busy)
    assert window.current_step is Step.CLERK_LOGIN
    # The login speaks the clerk's language (the kiosk's default), not the customer's.
    assert window.pages[Step.CLERK_LOGIN].notice.text() == tr("ru", "login_refused")
    click(qtbot, window, "clerk_language_en")
    assert window.pages[Step.CLERK_LOGIN].notice.text() == tr("en", "login_refused")
    assert field(window, "clerk_pin").text() == ""  # the PIN does not stay in the widget
    type_into(qtbot, window, "clerk_pin", "1234", enter=True)
    wait_step(qtbot, window, Step.CONSENT)
    assert window.flow.session.data.clerk_id == "clerk-1"
    to_rest = [("agree", Step.DOCUMENT), ("scan", Step.SIM)]
    for name, step in to_rest:
        click(qtbot, window, name)
        wait_step(qtbot, window, step)
    type_into(qtbot, window, "iccid", ICCID, enter=True)
    wait_step(qtbot, window, Step.FACE)
    click(qtbot, window, "face_ready")
    wait_step(qtbot, window, Step.RECEIPT)
    assert window.flow.session.result.outcome is SessionOutcome.ACTIVATED


def test_unreadable_document_shows_problems_and_rescans(qtbot, make_window) -> None:
    services = ScriptedServices(documents=[UNREADABLE, DocumentVerdict.ACCEPT])
    window = make_window(svc=services)
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    click(qtbot, window, "scan")
    qtbot.waitUntil(lambda: services.calls.count("document") == 1 and not window.flow.busy)
    assert window.current_step is Step.DOCUMENT
    shown = _text(window, "document_problems")
    assert tr("en", "document_retry") in shown
    assert problem_text("en", "mrz_unreadable") in shown
    assert "mrz_unreadable" not in shown  # plain words for the customer, not codes
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.SIM)


def test_refused_document_ends_with_plain_reason(qtbot, make_window) -> None:
    window = make_window(svc=ScriptedServices(documents=[DocumentVerdict.REFUSE]))  # an expired one
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.ENDED)
    assert window.flow.session.reason_codes == ["expired"]
    assert _text(window, "ended_title") == tr("en", "end_document")
    assert _text(window, "ended_reason") == problem_text("en", "expired")
    assert _text(window, "ended_outcome") == tr("en", "end_document_valid")
    assert _text(window, "ended_reminder").endswith(tr("en", "take_card"))
    page = window.pages[Step.ENDED]
    assert "Thank" not in " ".join(w.text() for w in page.findChildren(QLabel))


def test_sim_number_is_checked_before_the_session_sees_it(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    bad = ICCID[:-1] + ("7" if ICCID[-1] != "7" else "8")  # wrong Luhn digit
    type_into(qtbot, window, "iccid", bad, enter=True)
    page = window.pages[Step.SIM]
    assert window.current_step is Step.SIM
    assert not page.continue_button.isEnabled()
    assert page.status.text() == tr("en", "sim_iccid_bad")
    field(window, "iccid").clear()
    type_into(qtbot, window, "iccid", ICCID)
    type_into(qtbot, window, "msisdn", "123")
    assert page.status.text() == tr("en", "sim_msisdn_bad")
    type_into(qtbot, window, "msisdn", "4567890", enter=True)
    wait_step(qtbot, window, Step.FACE)
    assert window.flow.session.data.msisdn == "1234567890"


def test_face_prompts_preview_and_progress(qtbot, make_window) -> None:
    hold = {"liveness:blink": threading.Event(), "liveness:turn_left": threading.Event()}
    services = ScriptedServices(hold=hold)
    window = make_window(svc=services)
    to_step(qtbot, window, Step.FACE, iccid=ICCID)
    page = window.pages[Step.FACE]
    click(qtbot, window, "face_ready")
    qtbot.waitUntil(lambda: page.picture.kind == ChallengeKind.BLINK)
    assert _text(window, "face_prompt") == prompt_text("en", ChallengeKind.BLINK)
    assert page.steps.ticks == 0
    assert page.steps.marks[0].property("state") == "current"
    qtbot.waitUntil(lambda: page.picture.countdown is not None)
    qtbot.waitUntil(lambda: page.camera.face_box == FACE_BOX)
    assert page.guidance.text() == "Come closer"
    assert page.guidance.property("level") == "warn"
    assert not page.ready.isVisible()
    hold["liveness:blink"].set()
    qtbot.waitUntil(lambda: page.picture.kind == ChallengeKind.TURN_LEFT)
    assert _text(window, "face_prompt") == prompt_text("en", ChallengeKind.TURN_LEFT)
    # the passed challenge is ticked, the current one is next
    assert page.steps.marks[0].text() == "✓" and page.steps.ticks == 1
    assert page.steps.marks[1].property("state") == "current"
    hold["liveness:turn_left"].set()
    wait_step(qtbot, window, Step.RECEIPT)
    assert page.camera.face_box is None  # the preview is dropped when the face step ends
    assert not page.camera.has_frame


def test_failed_face_attempt_is_explained_and_retried(qtbot, make_window) -> None:
    services = ScriptedServices(
        liveness=[False, True, True], matches=[MatchDecision.NO_MATCH, MatchDecision.MATCH]
    )
    window = make_window(svc=services)
    to_step(qtbot, window, Step.FACE, iccid=ICCID)
    click(qtbot, window, "face_ready")
    qtbot.waitUntil(lambda: window.flow.face_failure == "liveness" and not window.flow.busy)
    failure = _text(window, "face_failure")
    # the missed challenge by name, what to do next, the attempt count; no engine English
    assert tr("en", "face_fail_no_answer_turn_left") in failure
    assert "You did not turn your head left in time." in failure
    assert tr("en", "face_next_move") in failure
    assert tr("en", "face_attempt", n=2, total=3) in failure
    assert services.liveness_reason not in failure
    click(qtbot, window, "face_ready")
    qtbot.waitUntil(
        lambda: window.flow.face_failure == FaceFailure.NO_MATCH and not window.flow.busy
    )
    failure = _text(window, "face_failure")
    assert tr("en", "face_fail_no_match") in failure
    assert tr("en", "face_last_attempt") in failure
    click(qtbot, window, "face_ready")
    wait_step(qtbot, window, Step.RECEIPT)


@pytest.mark.parametrize("approve", [True, False])
def test_review_approve_or_refuse(qtbot, make_window, approve) -> None:
    services = ScriptedServices(matches=[MatchDecision.REVIEW], documents=[DocumentVerdict.REVIEW])
    window = make_window("assisted", svc=services)
    to_step(qtbot, window, Step.REVIEW, iccid=ICCID)
    why = _text(window, "review_why")  # in the clerk's language (ru), in plain words
    assert problem_text("ru", "face_match_review") in why
    assert problem_text("ru", "foreign_document") in why and "foreign_document" not in why
    assert _text(window, "review_match") == tr("ru", "similarity_borderline")
    assert "0.550" in _text(window, "review_match_numbers")
    click(qtbot, window, "review_approve" if approve else "review_refuse")
    assert window.current_step is Step.REVIEW  # a decision needs a reason
    assert window.pages[Step.REVIEW].notice.text() == tr("ru", "review_reason_needed")
    type_into(qtbot, window, "review_reason", "compared the photo with the customer")
    click(qtbot, window, "review_approve" if approve else "review_refuse")
    session = window.flow.session
    if approve:
        wait_step(qtbot, window, Step.RECEIPT)
        assert session.data.review["decision"] == ReviewDecision.APPROVED
    else:
        wait_step(qtbot, window, Step.ENDED)
        assert session.outcome is SessionOutcome.REVIEW_REFUSED
        assert _text(window, "ended_outcome") == outcome_text("en", "review_refused")


def test_clerk_corrects_a_misread_field_as_an_override(qtbot, make_window) -> None:
    services = ScriptedServices(documents=[DocumentVerdict.REVIEW], matches=[MatchDecision.MATCH])
    window = make_window("assisted", svc=services)
    to_step(qtbot, window, Step.REVIEW, iccid=ICCID)
    surname = field(window, "review_field_surname")
    assert surname.text() == "ABDULLAYEVA"
    surname.clear()
    type_into(qtbot, window, "review_field_surname", "ABDULLAEVA")
    type_into(qtbot, window, "review_reason", "MRZ misread, checked against the card")
    click(qtbot, window, "review_approve")
    wait_step(qtbot, window, Step.RECEIPT)
    assert services.submitted["fields"]["surname"] == "ABDULLAEVA"
    assert services.submitted["overrides"] == [
        {
            "field": "surname",
            "clerk_id": "clerk-1",
            "reason": "MRZ misread, checked against the card",
        }
    ]
    assert services.submitted["review"]["decision"] == ReviewDecision.APPROVED
    assert window.pages[Step.REVIEW].field_edits == {}  # personal values left the screen


def test_self_service_referral_when_clerk_needed(qtbot, make_window) -> None:
    window = make_window(svc=ScriptedServices(matches=[MatchDecision.REVIEW]))
    to_step(qtbot, window, Step.ENDED, iccid=ICCID)
    assert window.flow.session.outcome is SessionOutcome.REFERRED
    assert _text(window, "ended_outcome") == outcome_text("en", "referred")


CANCEL_STEPS = [
    ("self_service", s) for s in (Step.LANGUAGE, Step.CONSENT, Step.DOCUMENT, Step.SIM, Step.FACE)
]
CANCEL_STEPS += [("assisted", Step.CLERK_LOGIN), ("assisted", Step.REVIEW)]


@pytest.mark.parametrize(("mode", "step"), CANCEL_STEPS, ids=lambda v: str(v))
@pytest.mark.parametrize("how", ["button", "escape"])
def test_cancel_from_every_step_returns_to_attract(qtbot, make_window, mode, step, how) -> None:
    match = MatchDecision.REVIEW if step is Step.REVIEW else MatchDecision.MATCH
    services = ScriptedServices(matches=[match])
    window = make_window(mode, svc=services)
    to_step(qtbot, window, step, iccid=ICCID)
    session = window.flow.session
    if how == "button":
        click(qtbot, window, "cancel")
        assert window.confirm.isVisible() and not session.ended  # it asks first
        click(qtbot, window, "cancel_confirm")
    else:
        qtbot.keyClick(window.current_page(), Qt.Key.Key_Escape)
        assert window.confirm.isVisible() and not session.ended
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)  # "Yes, stop" has the focus
    wait_step(qtbot, window, Step.ENDED)  # the ending, with its reminder to take the card
    assert session.outcome is SessionOutcome.CANCELLED
    assert _text(window, "ended_reminder").endswith(tr(window.flow.language, "take_card"))
    _assert_wiped(services)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    wait_step(qtbot, window, Step.IDLE)
    assert window.flow.session is not session


@pytest.mark.parametrize("how", ["button", "escape", "outside"])
def test_cancel_can_be_taken_back(qtbot, make_window, how) -> None:
    window = make_window()
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    session = window.flow.session
    click(qtbot, window, "cancel")
    if how == "button":
        click(qtbot, window, "cancel_keep")
    elif how == "escape":
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    else:
        qtbot.mouseClick(
            window.confirm,
            Qt.MouseButton.LeftButton,
            pos=window.confirm.rect().topLeft() + QPoint(5, 5),
        )
    assert not window.confirm.isVisible()
    assert window.flow.session is session and window.current_step is Step.SIM
    assert window.content.isEnabled()


def test_confirmation_keeps_tab_inside(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)
    click(qtbot, window, "cancel")
    seen = set()
    for _ in range(4):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        seen.add(window.focusWidget().objectName())
    assert seen == {"cancel_confirm", "cancel_keep"}


def test_cancel_while_a_scan_runs_detaches_and_wipes_later(qtbot, make_window) -> None:
    hold = {"document": threading.Event()}
    services = ScriptedServices(hold=hold)
    window = make_window(svc=services)
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    session = window.flow.session
    click(qtbot, window, "scan")
    qtbot.waitUntil(lambda: "document" in services.calls)
    click(qtbot, window, "cancel")
    click(qtbot, window, "cancel_confirm")
    wait_step(qtbot, window, Step.IDLE)  # at once, while the scanner still works
    assert not session.ended
    hold["document"].set()
    qtbot.waitUntil(lambda: session.ended)
    assert session.outcome is SessionOutcome.CANCELLED
    assert window.current_step is Step.IDLE  # the late result did not move the new session
    _assert_wiped(services)


def test_idle_timeout_returns_to_attract(qtbot, make_window, services) -> None:
    window = make_window()
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)
    session = window.flow.session
    window.idle_warning_s = 2
    window.idle_timer.setInterval(50)
    window.idle_timer.start()
    qtbot.waitUntil(window.idle_overlay.isVisible)  # "Need more time?" first
    assert window.idle_overlay.title.text() == tr("en", "idle_title")
    assert window.idle_count.text() == "2"
    assert not session.ended
    wait_step(qtbot, window, Step.IDLE)
    assert session.outcome is SessionOutcome.CANCELLED and session.reason == "idle timeout"
    assert not window.idle_overlay.isVisible()


@pytest.mark.parametrize("how", ["key", "touch"])
def test_idle_warning_is_dismissed_by_any_input(qtbot, make_window, how) -> None:
    window = make_window()
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    session = window.flow.session
    window.idle_warning_s = 2
    window.idle_timer.setInterval(50)
    window.idle_timer.start()
    qtbot.waitUntil(window.idle_overlay.isVisible)
    window.idle_timer.setInterval(60_000)
    if how == "key":
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Shift)
    else:
        qtbot.mouseClick(
            window.idle_overlay,
            Qt.MouseButton.LeftButton,
            pos=window.idle_overlay.rect().topLeft() + QPoint(5, 5),
        )
    assert not window.idle_overlay.isVisible()
    assert window.idle_timer.isActive() and not window.idle_tick.isActive()
    qtbot.wait(1200)  # past the old countdown: nothing happens
    assert window.flow.session is session and window.current_step is Step.DOCUMENT


def test_any_input_restarts_the_idle_timer(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)
    window.idle_timer.stop()
    qtbot.keyClick(window.current_page(), Qt.Key.Key_Shift)
    assert window.idle_timer.isActive()
    window.idle_timer.stop()
    qtbot.mouseClick(window.pages[Step.CONSENT].title, Qt.MouseButton.LeftButton)
    assert window.idle_timer.isActive()


def test_step_timeout_ends_session_via_tick(qtbot, make_window, clock) -> None:
    window = make_window()
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    session = window.flow.session
    clock.t += session.step_timeout_s() + 1
    qtbot.waitUntil(lambda: session.ended)  # the window's tick timer calls session.tick()
    wait_step(qtbot, window, Step.ENDED)
    assert session.outcome is SessionOutcome.TIMED_OUT
    assert _text(window, "ended_outcome") == outcome_text("en", "timed_out")


def test_enter_presses_the_main_button(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)
    qtbot.keyClick(window.pages[Step.CONSENT].agree, Qt.Key.Key_Return)
    wait_step(qtbot, window, Step.DOCUMENT)


def test_service_failure_ends_the_session_with_a_plain_message(qtbot, make_window) -> None:
    window = make_window(svc=ScriptedServices(raise_in="document"))
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.ENDED)
    assert window.flow.session.outcome is SessionOutcome.FAILED
    assert _text(window, "ended_outcome") == outcome_text("en", "failed")


def test_frozen_kiosk_says_so_on_the_attract_screen(qtbot, make_window) -> None:
    services = ScriptedServices(freeze=["outbox holds 250 pending records"])
    window = make_window(svc=services)
    attract = window.attract
    qtbot.waitUntil(lambda: attract.frozen)  # checked in the background when it opens
    for lang in ("kk", "ru", "en"):  # all three at once
        assert _text(window, f"frozen_title_{lang}") == tr(lang, "frozen_title")
        assert window.findChild(QLabel, f"frozen_title_{lang}").isVisible()
    assert not attract.start_button.isVisible()
    assert not any(t.isVisible() for t in attract.titles)
    qtbot.mouseClick(attract, Qt.MouseButton.LeftButton)  # a touch does not start
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.current_step is Step.IDLE and "freeze" in services.calls
    services.freeze = []  # the technician fixed it: the next check invites again
    attract.check_freeze()
    qtbot.waitUntil(lambda: not attract.frozen)
    assert attract.start_button.isVisible()


def test_frozen_between_checks_still_ends_at_start(qtbot, make_window) -> None:
    services = ScriptedServices()
    window = make_window(svc=services)
    qtbot.waitUntil(lambda: "freeze" in services.calls and not window.attract._checking)
    services.freeze = ["disk full"]
    click(qtbot, window, "start")
    wait_step(qtbot, window, Step.ENDED)
    assert _text(window, "ended_title") == tr("ru", "frozen_title")
    assert _text(window, "ended_outcome") == outcome_text("ru", "frozen")


@pytest.mark.parametrize("mode", ["self_service", "assisted"])
def test_wedge_scanner_reaches_the_iccid_wherever_the_focus_is(qtbot, make_window, mode) -> None:
    window = make_window(mode)
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    # Nothing focused by the test: the scanner types at the window as soon as the page is up.
    qtbot.keyClicks(window, ICCID)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    wait_step(qtbot, window, Step.FACE)
    assert window.flow.session.data.iccid == ICCID


def test_sim_page_gives_the_focus_to_the_iccid_field(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    qtbot.waitUntil(lambda: field(window, "iccid").hasFocus())
    # Digits aimed at the header's Cancel button still reach the ICCID field.
    qtbot.keyClicks(window.cancel_button, ICCID[:4])
    assert field(window, "iccid").text() == ICCID[:4]
    assert window.current_step is Step.SIM


def test_self_service_keypad_types_iccid_and_phone(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    page = window.pages[Step.SIM]
    assert page.keypad.isVisible()
    for digit in ICCID[:5] + "9":
        click(qtbot, window, f"keypad_{digit}")
    click(qtbot, window, "keypad_back")
    for digit in ICCID[5:]:
        click(qtbot, window, f"keypad_{digit}")
    assert field(window, "iccid").text() == ICCID
    qtbot.mouseClick(field(window, "msisdn"), Qt.MouseButton.LeftButton)
    for digit in "77012345678":
        click(qtbot, window, f"keypad_{digit}")
    click(qtbot, window, "keypad_clear")
    assert field(window, "msisdn").text() == ""
    for digit in "77012345678":
        click(qtbot, window, f"keypad_{digit}")
    click(qtbot, window, "sim_continue")
    wait_step(qtbot, window, Step.FACE)
    assert window.flow.session.data.msisdn == "77012345678"


def test_assisted_sim_has_no_keypad(qtbot, make_window) -> None:
    window = make_window("assisted")
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    assert not window.pages[Step.SIM].keypad.isVisible()


def test_sim_pack_shown_to_the_camera_fills_the_iccid(qtbot, make_window) -> None:
    hold = {"barcode": threading.Event()}
    services = ScriptedServices(sim_barcode=ICCID, hold=hold)
    window = make_window(svc=services)
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    qtbot.waitUntil(lambda: "barcode" in services.calls)
    assert window.current_step is Step.SIM
    hold["barcode"].set()  # the pack is in front of the camera
    wait_step(qtbot, window, Step.FACE)
    assert window.flow.session.data.iccid == ICCID
    assert any(name.startswith("simkiosk-camera") for name in services.threads)


def test_the_camera_barcode_watch_ends_with_the_sim_step(qtbot, make_window) -> None:
    services = ScriptedServices()  # nothing is shown to the camera
    window = make_window(svc=services)
    to_step(qtbot, window, Step.FACE, iccid=ICCID)  # typed: the watch stops, the face step runs
    click(qtbot, window, "face_ready")
    wait_step(qtbot, window, Step.RECEIPT)


def test_wedge_keys_restart_the_idle_timer(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.SIM, iccid=ICCID)
    window.idle_timer.stop()
    qtbot.keyClick(window.cancel_button, "8")  # the scanner types at the Cancel button
    assert field(window, "iccid").text() == "8"
    assert window.idle_timer.isActive()
