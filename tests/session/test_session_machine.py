"""The state machine's rules (transitions, retries, timeouts, cancel, wipe) with scripted services
(the shared double, tests/support/services_double.py).

The engines themselves are exercised for real in the headless end-to-end tests; here each
service returns what the test scripts, so that every branch of the machine is reached quickly.
"""

from __future__ import annotations

import pytest

from kiosk.biometrics.decision import MatchDecision
from kiosk.documents.iin import iin_disagreement
from kiosk.documents.rules import DocumentVerdict
from kiosk.imaging.moves import ChallengeKind
from kiosk.records.record import ReviewDecision
from kiosk.session import (
    EnrollmentSession,
    SessionError,
    SessionOutcome,
    Step,
)
from kiosk.settings import load_settings
from simcontract.checkdigits import luhn_ok
from tests.support.services_double import ICCID, UNREADABLE, ScriptedServices


def _iccid_ok() -> str:
    assert luhn_ok(ICCID)
    return ICCID


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def _session(mode="self_service", **script):
    env = {"SIMKIOSK_KIOSK_MODE": mode, "SIMKIOSK_HOME": "/tmp/unused"}
    settings = load_settings(env=env)
    services = ScriptedServices(**script)
    clock = Clock()
    return EnrollmentSession(settings, services, clock=clock), services, clock


def _to_face(s: EnrollmentSession) -> None:
    s.start()
    s.choose_language("kk")
    if s.step is Step.CLERK_LOGIN:
        assert s.clerk_login("clerk-1", "1234")
    s.give_consent()
    s.scan_document()
    assert s.set_sim(_iccid_ok(), "77011234567")


def _assert_wiped(s: EnrollmentSession, services: ScriptedServices) -> None:
    assert s.ended
    d = s.data
    assert d.document is None and d.liveness is None and d.iccid == "" and d.msisdn is None
    for arr in services.handed_out:
        assert not arr.any(), "image buffers must be zeroed at wipe"
    assert "ABDULLAYEVA" not in repr(vars(s)) and "900101400013" not in repr(vars(s))


def test_happy_path_self_service() -> None:
    s, services, _ = _session()
    _to_face(s)
    prompts = []
    s._on_change = lambda sess: prompts.append(sess.prompt)
    assert s.run_face().decision == MatchDecision.MATCH
    assert ChallengeKind.BLINK in prompts and ChallengeKind.TURN_LEFT in prompts
    assert s.step is Step.SUBMIT
    s.submit()
    assert s.step is Step.RECEIPT
    s.finish()
    assert s.outcome is SessionOutcome.ACTIVATED
    summary = s.summary()
    assert set(summary["steps"]) >= {"language", "consent", "document", "sim", "face", "submit"}
    _assert_wiped(s, services)


def test_frozen_kiosk_does_not_start() -> None:
    s, _services, _ = _session(freeze=["outbox holds 250 pending records"])
    s.start()
    assert s.outcome is SessionOutcome.FROZEN and "outbox" in s.reason


def test_unreadable_document_is_rescanned_then_refused() -> None:
    s, services, _ = _session(documents=[UNREADABLE, UNREADABLE, UNREADABLE])
    s.start()
    s.choose_language("ru")
    s.give_consent()
    s.scan_document()
    assert s.step is Step.DOCUMENT
    s.scan_document()
    s.scan_document()
    assert s.outcome is SessionOutcome.DOCUMENT_REFUSED and s.reason == "mrz_unreadable"
    _assert_wiped(s, services)


def test_refused_document_ends_at_once() -> None:
    s, _services, _ = _session(documents=[DocumentVerdict.REFUSE])
    s.start()
    s.choose_language("ru")
    s.give_consent()
    s.scan_document()
    assert s.outcome is SessionOutcome.DOCUMENT_REFUSED


def test_face_retries_are_bounded() -> None:
    s, services, _ = _session(liveness=[False, False, False])
    _to_face(s)
    s.run_face()
    s.run_face()
    assert s.step is Step.FACE
    s.run_face()
    assert s.outcome is SessionOutcome.LIVENESS_FAILED
    _assert_wiped(s, services)


def test_no_match_after_attempts() -> None:
    s, _services, _ = _session(liveness=[True] * 3, matches=[MatchDecision.NO_MATCH] * 3)
    _to_face(s)
    for _ in range(3):
        s.run_face()
    assert s.outcome is SessionOutcome.NO_MATCH


def test_review_band_goes_to_clerk_in_assisted_mode() -> None:
    s, _services, _ = _session(mode="assisted", matches=[MatchDecision.REVIEW])
    _to_face(s)
    assert s.data.clerk_id == "clerk-1"
    s.run_face()
    assert s.step is Step.REVIEW
    s.review(True, "checked the photo against the person")
    assert s.step is Step.SUBMIT
    assert s.data.review["decision"] == ReviewDecision.APPROVED


def test_review_band_without_clerk_refers() -> None:
    s, _services, _ = _session(matches=[MatchDecision.REVIEW])
    _to_face(s)
    s.run_face()
    assert s.outcome is SessionOutcome.REFERRED and "face_match_review" in s.reason


def test_self_service_foreign_document_is_referred_right_after_the_scan() -> None:
    s, services, _ = _session(documents=[DocumentVerdict.REVIEW])
    s.start()
    s.choose_language("ru")
    s.give_consent()
    s.scan_document()
    assert s.outcome is SessionOutcome.REFERRED and "foreign_document" in s.reason
    assert "sim" not in [t.step.value for t in s.history]
    _assert_wiped(s, services)


def _foreign(s: EnrollmentSession, services: ScriptedServices) -> None:
    """A foreign passport: no IIN on it (the holder's birth date and sex are)."""
    original = services.read_document

    def read():
        check = original()
        check.fields.update(iin="", birth_date="1990-01-01", sex="F", issuer="UZB")
        return check

    services.read_document = read  # type: ignore[method-assign]


def test_foreign_document_needs_the_clerk_to_enter_a_matching_iin() -> None:
    s, services, _ = _session(mode="assisted", documents=[DocumentVerdict.REVIEW])
    _foreign(s, services)
    _to_face(s)
    s.run_face()
    assert s.step is Step.REVIEW
    assert "iin_required" in s.data.needs_review and s.iin_problem() == "iin_format"
    with pytest.raises(SessionError, match="valid IIN"):
        s.review(True, "passport checked")
    assert s.step is Step.REVIEW and s.data.review is None
    for bad, code in (
        ("900101400018", "iin_invalid"),
        ("900102400019", "iin_birth_mismatch"),
        ("900101300017", "iin_sex_mismatch"),
    ):
        assert iin_disagreement(bad, "1990-01-01", "F") == code
        with pytest.raises(SessionError, match=code):
            s.correct_field("iin", bad, "residence permit")
    s.correct_field("iin", "900101400013", "IIN from the residence permit")
    assert s.iin_problem() == ""
    s.review(True, "passport and residence permit checked")
    assert s.step is Step.SUBMIT
    assert s.data.overrides == [
        {"field": "iin", "clerk_id": "clerk-1", "reason": "IIN from the residence permit"}
    ]


def test_clerk_can_correct_fields_as_override() -> None:
    s, _services, _ = _session(mode="assisted")
    s.start()
    s.choose_language("en")
    assert not s.clerk_login("clerk-1", "0000")
    assert s.step is Step.CLERK_LOGIN
    s.clerk_login("clerk-1", "1234")
    s.give_consent()
    s.scan_document()
    s.correct_field("given_names", "ZHANAR AIGULOVNA", "faded print")
    assert s.data.overrides == [
        {"field": "given_names", "clerk_id": "clerk-1", "reason": "faded print"}
    ]
    with pytest.raises(SessionError):
        s.correct_field("colour", "x", "y")


def test_bad_sim_numbers_are_refused() -> None:
    s, _, _ = _session()
    s.start()
    s.choose_language("ru")
    s.give_consent()
    s.scan_document()
    assert not s.set_sim("8997201000000000005")  # Luhn fails
    assert not s.set_sim("12345")
    assert not s.set_sim(_iccid_ok(), "12ab")
    assert s.step is Step.SIM


@pytest.mark.parametrize(
    "stop_at", [Step.LANGUAGE, Step.CONSENT, Step.DOCUMENT, Step.SIM, Step.FACE, Step.SUBMIT]
)
def test_cancel_from_every_step_wipes(stop_at: Step) -> None:
    s, services, _ = _session()
    actions = [
        s.start,
        lambda: s.choose_language("ru"),
        s.give_consent,
        s.scan_document,
        lambda: s.set_sim(_iccid_ok()),
        s.run_face,
    ]
    for act in actions:
        if s.step is stop_at:
            break
        act()
    assert s.step is stop_at
    s.cancel()
    assert s.outcome is SessionOutcome.CANCELLED
    _assert_wiped(s, services)
    s.cancel()  # idempotent once ended
    assert s.outcome is SessionOutcome.CANCELLED


def test_idle_timeout_ends_session() -> None:
    s, services, clock = _session()
    s.start()
    s.choose_language("ru")
    s.give_consent()
    s.scan_document()
    clock.t += s.step_timeout_s() - 1
    s.tick()
    assert s.step is Step.SIM
    clock.t += 2
    s.tick()
    assert s.outcome is SessionOutcome.TIMED_OUT
    _assert_wiped(s, services)


@pytest.mark.parametrize("where", ["document", "submit"])
def test_a_step_that_raises_ends_wiped(where: str) -> None:
    s, services, _ = _session(raise_in=where)
    if where == "document":
        s.start()
        s.choose_language("ru")
        s.give_consent()
        s.scan_document()
    else:
        _to_face(s)
        s.run_face()
        s.submit()
    assert s.outcome is SessionOutcome.FAILED and where in s.reason
    _assert_wiped(s, services)


def test_events_out_of_order_are_refused() -> None:
    s, _, _ = _session()
    with pytest.raises(SessionError):
        s.give_consent()
    s.start()
    with pytest.raises(SessionError):
        s.choose_language("de")


# -- Back, "I do not agree", the reason codes of an ending (the screens helper) -----------------


def test_back_goes_one_step_and_drops_the_read_document() -> None:
    s, services, _ = _session(documents=[DocumentVerdict.ACCEPT, DocumentVerdict.ACCEPT])
    s.start()
    s.choose_language("kk")
    s.back()
    assert s.step is Step.LANGUAGE
    s.choose_language("ru")
    s.give_consent()
    s.back()
    assert s.step is Step.CONSENT
    s.give_consent()
    s.scan_document()
    assert s.step is Step.SIM and s.data.document is not None
    portrait = services.handed_out[-1]
    s.back()
    assert s.step is Step.DOCUMENT and s.data.document is None
    assert not portrait.any(), "the dropped document's portrait is zeroed"
    assert s.data.language == "ru"
    s.scan_document()
    assert s.step is Step.SIM


@pytest.mark.parametrize("step_to", ["face", "idle"])
def test_back_is_refused_where_it_makes_no_sense(step_to) -> None:
    s, _, _ = _session()
    if step_to == "face":
        _to_face(s)
    with pytest.raises(SessionError):
        s.back()


def test_back_from_consent_keeps_the_clerk_logged_in() -> None:
    s, _, _ = _session("assisted")
    s.start()
    s.choose_language("kk")
    assert s.clerk_login("clerk-1", "1234")
    s.back()
    assert s.step is Step.LANGUAGE
    s.choose_language("en")
    assert s.step is Step.CONSENT and s.data.clerk_id == "clerk-1"


def test_declining_consent_ends_politely() -> None:
    s, services, _ = _session()
    s.start()
    s.choose_language("en")
    s.decline_consent()
    assert s.outcome is SessionOutcome.CANCELLED and s.reason_codes == ["consent_declined"]
    _assert_wiped(s, services)


def test_a_refused_document_keeps_its_codes_not_its_data() -> None:
    s, services, _ = _session(documents=[UNREADABLE] * 3)
    s.start()
    s.choose_language("en")
    s.give_consent()
    for _ in range(3):
        s.scan_document()
    assert s.outcome is SessionOutcome.DOCUMENT_REFUSED and s.reason_codes == ["mrz_unreadable"]
    _assert_wiped(s, services)


def test_face_step_without_a_document_fails_before_the_camera() -> None:
    # The steps set the document before FACE; should it be gone (wiped under the session), the
    # face step must not run liveness for nothing nor ask the matcher to compare with nothing.
    s, services, _ = _session(liveness=[True], matches=[MatchDecision.MATCH])
    _to_face(s)
    assert s.data.document is not None
    s.data.document.wipe()
    s.data.document = None
    assert s.run_face() is None
    assert s.outcome is SessionOutcome.FAILED and "no document" in s.reason
    assert services.liveness == [True] and services.matches == ["match"]  # neither was called
    _assert_wiped(s, services)
