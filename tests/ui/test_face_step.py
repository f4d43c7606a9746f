"""The face step through the window: the live preview before "I'm ready" and between attempts,
guidance in words and colour, the side column never blank, ✓ marks, the specific failure reason,
and nothing of the person left on screen once the step is left."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from kiosk.imaging.moves import ChallengeKind
from kiosk.session import Step
from kiosk.ui.i18n import guidance_text, prompt_text, tr
from tests.support.services_double import FACE_BOX, ICCID, ScriptedServices
from tests.ui.helpers import cancel_session, click, to_step, type_into, wait_step


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
    cancel_session(qtbot, window)
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
    qtbot.waitUntil(lambda: page.picture.kind == ChallengeKind.BLINK)
    assert page.prompt.text() == prompt_text("kk", ChallengeKind.BLINK)
    assert page.picture.renderer(ChallengeKind.BLINK) is not None  # the SVG is found and valid
    hold["liveness:blink"].set()
    wait_step(qtbot, window, Step.RECEIPT)


class _VirtualCameraServices(ScriptedServices):
    """The scripted steps, but the face step's pre-check is the real one (KioskServices) on the
    virtual subject camera, with MediaPipe finding the face."""

    def __init__(self, settings) -> None:
        super().__init__()
        from hardware.virtual_subject import VirtualSubjectCamera
        from kiosk.services import KioskServices

        self.camera = VirtualSubjectCamera(fps=30.0, size=(640, 480), realtime=True, seed=7)
        self.camera.open()
        self.real = KioskServices(
            settings,
            camera=self.camera,
            scanner=None,  # type: ignore[arg-type]
            outbox=None,
            client=None,
            key=None,
        )  # type: ignore[arg-type]

    def watch_camera(self, on_frame, stop: threading.Event) -> int:
        self.calls.append("watch")
        return self.real.watch_camera(on_frame, stop)


def test_preview_from_the_virtual_subject_camera_before_im_ready(
    qtbot, make_window, make_settings
) -> None:
    settings = make_settings()
    services = _VirtualCameraServices(settings)
    window = make_window(svc=services, settings=settings)
    try:
        to_step(qtbot, window, Step.FACE, iccid=ICCID)
        page = _face(window)
        qtbot.waitUntil(lambda: page.camera.face_box is not None, timeout=30000)
        assert page.camera.has_frame and window.flow.session.face_attempts == 0
        x, _y, w, _h = page.camera.face_box
        assert 120 < x + w / 2 < 520  # the subject's face, found by MediaPipe, mid-picture
        assert page.guidance.text()  # in place, or what to do about it
        cancel_session(qtbot, window)
        assert not page.camera.has_frame
    finally:
        window.shutdown()  # stop the pre-check before the camera closes
        services.camera.close()


def test_challenge_pictures_are_valid_svgs_and_animate(qtbot) -> None:
    from kiosk.ui.assets import icon_path
    from kiosk.ui.widgets import PromptPicture

    for name in (*PromptPicture.KINDS, "neutral"):
        assert icon_path(f"challenge_{name}").is_file(), name
        renderer = PromptPicture.renderer(name)
        assert renderer is not None and renderer.isValid(), name
    picture = PromptPicture()
    qtbot.addWidget(picture)
    picture.show()
    picture.set_kind(ChallengeKind.TURN_LEFT)
    assert picture.frame == 1  # the movement first
    qtbot.waitUntil(lambda: picture.frame == 0)  # then the face at rest, and again
    qtbot.waitUntil(lambda: picture.frame == 1)
    picture.set_countdown(0.25)
    assert picture.countdown == 0.25
    picture.set_kind(None)
    assert picture.kind is None and not picture._timer.isActive()
