"""Every step has its page and the window shows it when the session is there; texts follow the
chosen language; the tables cover every code in all three languages; kiosk mode is full screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.biometrics.decision import MatchDecision
from kiosk.imaging.moves import ChallengeKind
from kiosk.session import Step
from kiosk.ui import i18n
from kiosk.ui.screens import SCREENS
from tests.support.services_double import ICCID, ScriptedServices
from tests.ui.helpers import click, to_step, wait_step

ALL = [
    (Step.IDLE, "self_service"),
    (Step.LANGUAGE, "self_service"),
    (Step.CLERK_LOGIN, "assisted"),
    (Step.CONSENT, "self_service"),
    (Step.DOCUMENT, "self_service"),
    (Step.SIM, "self_service"),
    (Step.FACE, "self_service"),
    (Step.REVIEW, "assisted"),
    (Step.RECEIPT, "self_service"),
    (Step.ENDED, "self_service"),
]


def test_one_screen_per_step() -> None:
    assert {cls.step for cls in SCREENS} == set(Step)


@pytest.mark.parametrize(("step", "mode"), ALL, ids=lambda v: str(v))
def test_each_screen_is_reachable_and_renders_its_step(qtbot, make_window, step, mode) -> None:
    match = MatchDecision.REVIEW if step is Step.REVIEW else MatchDecision.MATCH
    services = ScriptedServices(matches=[match])
    window = make_window(mode, svc=services)
    if step is Step.ENDED:
        to_step(qtbot, window, Step.RECEIPT, iccid=ICCID)
        click(qtbot, window, "receipt_done")
    else:
        to_step(qtbot, window, step, iccid=ICCID)
    wait_step(qtbot, window, step)
    page = window.current_page()
    assert page.step is step and page.isVisible()
    texts = [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page) and w.text()]
    assert texts, "a screen always says something"
    cancel = window.cancel_button
    assert cancel.isVisible() is (step not in (Step.IDLE, Step.ENDED, Step.RECEIPT))


def test_submitting_screen_while_the_record_is_sent(qtbot, make_window) -> None:
    import threading

    hold = {"submit": threading.Event()}
    window = make_window(svc=ScriptedServices(hold=hold))
    to_step(qtbot, window, Step.FACE, iccid=ICCID)
    click(qtbot, window, "face_ready")
    qtbot.waitUntil(lambda: window.current_page() is window.pages[Step.SUBMIT])
    assert window.pages[Step.SUBMIT].title.text() == i18n.tr("en", "submit_title")
    assert not window.cancel_button.isEnabled()  # the record is being signed and stored
    hold["submit"].set()
    wait_step(qtbot, window, Step.RECEIPT)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_language_choice_switches_the_texts(qtbot, make_window, lang) -> None:
    window = make_window()
    to_step(qtbot, window, Step.LANGUAGE, iccid=ICCID)
    click(qtbot, window, f"language_{lang}")
    wait_step(qtbot, window, Step.CONSENT)
    page = window.pages[Step.CONSENT]
    assert page.title.text() == i18n.tr(lang, "consent_title")
    assert page.agree.text() == i18n.tr(lang, "consent_agree")
    assert window.cancel_button.text() == i18n.tr(lang, "cancel")
    assert window.step_label.text() == i18n.tr(lang, "step_of", n=2, total=7)


def test_translation_tables_are_complete() -> None:
    kazakh_letters = set("әғқңөұүі")  # һ only appears in loanwords
    for name, table in i18n.tables().items():
        for key, row in table.items():
            assert len(row) == 3 and all(text.strip() for text in row), f"{name}.{key}"
            assert len(set(row)) > 1 or key == "login_pin", f"{name}.{key} is not translated"
    all_kk = " ".join(row[0] for t in i18n.tables().values() for row in t.values())
    assert kazakh_letters <= set(all_kk.lower())
    for fmt_key in ("step_of", "face_progress", "document_attempt"):
        for lang in i18n.LANGUAGES:
            assert "3" in i18n.tr(lang, fmt_key, n=3, total=5)


def test_codes_map_to_plain_words() -> None:
    for code in (
        "expired",
        "under_age",
        "mrz_check_failed",
        "iin_invalid",
        "iin_mismatch",
        "foreign_document",
        "issuer_refused",
        "no_portrait",
        "no_face",
        "two_faces",
        "face_too_small",
        "too_dark",
        "too_bright",
        "blurry",
        "not_frontal",
        "mrz_format",
        "birth_date_unknown",
        "expiry_unknown",
        "iin_missing",
        "different_faces",
    ):
        for lang in i18n.LANGUAGES:
            assert i18n.problem_text(lang, code) != i18n.problem_text(lang, "unknown_code")
    for kind in ChallengeKind:
        assert len({i18n.prompt_text(lang, kind) for lang in i18n.LANGUAGES}) == 3
    for code in (
        "no_face",
        "second_face",
        "move_closer",
        "move_back",
        "center_face",
        "hold_still",
    ):  # the liveness checker's guidance codes
        assert i18n.guidance_text("en", code) != i18n.guidance_text("en", "unknown_code")
    assert i18n.problem_text("kk", "something_new") == "Құжатты қабылдау мүмкін емес."
    from kiosk.session import SessionOutcome

    for outcome in SessionOutcome:
        assert (
            i18n.outcome_text("en", outcome.value) != i18n.outcome_text("en", "unknown")
            or outcome is SessionOutcome.FAILED
        )


def test_fullscreen_kiosk_mode(qtbot, make_settings) -> None:
    from kiosk.ui.app import build_window

    settings = make_settings(SIMKIOSK_KIOSK_FULLSCREEN="true")
    window = build_window(settings, ScriptedServices())
    qtbot.addWidget(window)
    try:
        assert window.isFullScreen()
    finally:
        window.shutdown()
