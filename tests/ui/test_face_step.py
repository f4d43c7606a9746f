"""The face step through the window: the live preview before "I'm ready" and between attempts,
guidance in words and colour, the side column never blank, ✓ marks, the specific failure reason,
and nothing of the person left on screen once the step is left."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from ui_doubles import FACE_BOX, ICCID, ScriptedServices
from ui_helpers import click, to_step, type_into, wait_step

from kiosk.session import Step
from kiosk.ui.i18n import guidance_text, prompt_text, tr


def _face(window):
    return window.pages[Step.FACE]


def test_preview_shows_before_im_ready_with_guidance(qtbot, make_window) -> None:
    services = ScriptedServices()
    window = make_window(svc=services)
    to_step(qtbot, window, Step.FACE, iccid=ICCID)
    page = _face(window)
    # nothing pressed yet: the camera already shows the person, with the oval and guidance
    qtbot.waitUntil(lambda: page.camera.has_frame)
    assert window.flow.session.face_attempts == 0 and not window.flow.busy
    assert page.camera.face_box == FACE_BOX
    assert page.guidance.text() == guidance_text("en", "move_closer")
    assert page.guidance.property("level") == "warn"
    assert page.prompt.text() == tr("en", "face_position")
    assert page.ready.isVisible()
    # the person moves into place: the guidance turns to "in place", in the "ok" colour
    services.precheck_message = None
    qtbot.waitUntil(lambda: page.guidance.property("level") == "ok")
    assert page.guidance.text() == tr("en", "face_in_place")
    # the pre-check ran on the camera lane, not on the GUI thread
    assert "watch" in services.calls
    assert threading.main_thread().name not in services.threads


def test_preview_runs_between_attempts_and_stops_for_the_check(qtbot, make_window) -> None:
    hold = {"liveness": threading.Event()}
    services = ScriptedServices(hold=hold, liveness=[False, True, True])
    window = make_window(svc=services)
    to_step(qtbot, window, Step.FACE, iccid=ICCID)
    page = _face(window)
    qtbot.waitUntil(lambda: page.camera.has_frame)
    qtbot.keyClick(window, Qt.Key.Key_Return)  # Enter presses "I'm ready"
    qtbot.waitUntil(lambda: window.flow.busy)
    assert not window.flow.watching  # the check has the camera now
    # while the check prepares, the side column says what is happening
    assert page.prompt.text() == tr("en", "face_get_ready")
    hold["liveness"].set()
    qtbot.waitUntil(lambda: window.flow.face_failure == "liveness" and not window.flow.busy)
    before = services.watched
    qtbot.waitUntil(lambda: services.watched > before + 2)  # the preview is back
    assert window.flow.watching
    assert page.camera.has_frame


def test_matching_is_announced(qtbot, make_window) -> None:
    hold = {"match": threading.Event()}
    window = make_window(svc=ScriptedServices(hold=hold))
    to_step(qtbot, window, Step.FACE, iccid=ICCID)
    page = _face(window)
    click(qtbot, window, "face_ready")
    qtbot.waitUntil(lambda: window.flow.face_stage == "matching", timeout=20000)
    assert page.prompt.text() == tr("en", "face_matching")
    assert page.steps.ticks == 2  # both challenges passed
    hold["match"].set()
    wait_step(qtbot, window, Step.RECEIPT)


def test_preview_is_blank_after_leaving_the_step(qtbot, make_window) -> None:
    services = ScriptedServices()
    window = make_window(svc=services)
    to_step(qtbot, window, Step.FACE, iccid=ICCID)
    page = _face(window)
    qtbot.waitUntil(lambda: page.camera.has_frame)
    click(qtbot, window, "cancel")
    wait_step(qtbot, window, Step.IDLE)
    assert not page.camera.has_frame and page.camera.face_box is None
    assert not window.flow.watching
    seen = services.watched
    qtbot.wait(200)  # late frames of the stopped pre-check do not reach the screen
    assert not page.camera.has_frame
    assert services.watched <= seen + 1


def test_prompt_words_and_picture_in_kazakh(qtbot, make_window) -> None:
    hold = {"liveness:blink": threading.Event()}
    window = make_window(svc=ScriptedServices(hold=hold))
    to_step(qtbot, window, Step.LANGUAGE, iccid=ICCID)
    click(qtbot, window, "language_kk")
    wait_step(qtbot, window, Step.CONSENT)
    click(qtbot, window, "agree")
    wait_step(qtbot, window, Step.DOCUMENT)
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.SIM)
    type_into(qtbot, window, "iccid", ICCID, enter=True)  # the SIM screen is not mine to fix
    wait_step(qtbot, window, Step.FACE)
    page = _face(window)
    click(qtbot, window, "face_ready")
    qtbot.waitUntil(lambda: page.picture.kind == "blink")
    assert page.prompt.text() == prompt_text("kk", "blink")
    assert page.picture.renderer("blink") is not None  # the SVG is found and valid
    hold["liveness:blink"].set()
    wait_step(qtbot, window, Step.RECEIPT)
