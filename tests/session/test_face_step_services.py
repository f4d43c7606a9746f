"""The face step's services on the virtual subject camera (real MediaPipe): the pre-check's
frames with the face box and guidance, the challenge progress a real liveness run reports, and
the failure codes the screen shows instead of the engine's English."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from hardware.base import DeviceHealth
from hardware.camera import Frame
from hardware.virtual_subject import VirtualSubjectCamera
from kiosk.biometrics.decision import MatchDecision
from kiosk.biometrics.liveness import FrameFeedback
from kiosk.face_precheck import ChallengeProgress, precheck_guidance
from kiosk.imaging.moves import ChallengeKind
from kiosk.services import KioskServices
from kiosk.session import FaceStage, LivenessCheck, MatchCheck
from kiosk.settings import load_settings
from kiosk.ui.face_reasons import face_failure, liveness_failure


@pytest.fixture
def settings(simkiosk_home):
    return load_settings(env={"SIMKIOSK_HOME": str(simkiosk_home)})


def _services(settings, camera) -> KioskServices:
    # only the camera is used by the face services under test
    return KioskServices(
        settings,
        camera=camera,
        scanner=None,
        outbox=None,  # type: ignore[arg-type]
        client=None,
        key=None,
    )  # type: ignore[arg-type]


def _watch(services: KioskServices, frames: int) -> list[tuple[np.ndarray, dict]]:
    seen: list[tuple[np.ndarray, dict]] = []
    stop = threading.Event()

    def on_frame(image: np.ndarray, info: dict) -> None:
        seen.append((image, info))
        if len(seen) >= frames:
            stop.set()

    shown = services.watch_camera(on_frame, stop)
    assert shown == len(seen)
    return seen


def test_precheck_gives_frames_with_the_face_box_before_the_check(settings) -> None:
    camera = VirtualSubjectCamera(fps=30.0, size=(640, 480), realtime=False, seed=3)
    camera.open()
    try:
        seen = _watch(_services(settings, camera), 9)
    finally:
        camera.close()
    assert len(seen) == 9
    assert all(info["stage"] == FaceStage.PRECHECK and info["prompt"] is None for _, info in seen)
    boxes = [info["face_box"] for _, info in seen]
    assert all(box is not None for box in boxes)  # the virtual subject's face is found
    x, _y, w, _h = boxes[-1]
    assert 150 < x + w / 2 < 490 and w >= settings.biometrics.min_face_px
    assert seen[-1][1]["message"] is None  # in place: no guidance needed


class _DarkCamera:
    """A camera that sees nothing: a black room."""

    device_id = "dark"

    def __init__(self) -> None:
        self.index = 0

    def health(self) -> DeviceHealth:
        return DeviceHealth(self.device_id, True, "streaming")

    def read(self) -> Frame | None:
        self.index += 1
        return Frame(np.zeros((480, 640, 3), np.uint8), self.index * 33.3, self.index)


def test_precheck_reopens_a_camera_that_diagnostics_closed(settings) -> None:
    camera = VirtualSubjectCamera(fps=30.0, size=(640, 480), realtime=False, seed=3)
    camera.open()
    camera.close()  # the technician's camera view ended
    try:
        seen = _watch(_services(settings, camera), 2)
    finally:
        camera.close()
    assert len(seen) == 2 and seen[0][1]["face_box"] is not None


def test_precheck_says_when_no_face_is_seen(settings) -> None:
    seen = _watch(_services(settings, _DarkCamera()), 4)
    assert [info["message"] for _, info in seen] == ["no_face"] * 4
    assert all(info["face_box"] is None for _, info in seen)


def test_precheck_guidance_codes() -> None:
    image = np.full((480, 640, 3), 128, np.uint8)
    assert precheck_guidance(0, None, image, 80) == "no_face"
    assert precheck_guidance(2, (200, 100, 200, 260), image, 80) == "second_face"
    assert precheck_guidance(1, (300, 200, 40, 50), image, 80) == "move_closer"
    assert precheck_guidance(1, (40, 10, 600, 470), image, 80) == "move_back"
    dark = np.full((480, 640, 3), 20, np.uint8)
    dark[::2, ::2] = 60  # texture, so the face is sharp but dark
    assert precheck_guidance(1, (220, 120, 200, 240), dark, 80) == "more_light"


def _fb(prompt: str | None, done: bool = False) -> FrameFeedback:
    return FrameFeedback(prompt, None, "", done)


def test_challenge_progress_ticks_passed_challenges_and_restarts() -> None:
    calls: list[tuple[str | None, list[str]]] = []
    progress = ChallengeProgress(
        [ChallengeKind.BLINK, ChallengeKind.NOD, ChallengeKind.SMILE],
        lambda kind, passed: calls.append((kind, passed)),
    )
    # a lost track restarts the challenges
    for kind in (ChallengeKind.BLINK, None, ChallengeKind.NOD, None, ChallengeKind.BLINK):
        progress.frame(_fb(kind))
        progress.prompt(kind)
    assert calls == [
        (ChallengeKind.BLINK, []),
        (None, [ChallengeKind.BLINK]),
        (ChallengeKind.NOD, [ChallengeKind.BLINK]),
        (None, [ChallengeKind.BLINK, ChallengeKind.NOD]),
        (ChallengeKind.BLINK, []),
    ]
    progress.frame(_fb(None, done=True))  # the check ended (failed) during "blink"
    progress.prompt(None)
    assert calls[-1] == (None, [])


@pytest.mark.slow
def test_real_liveness_run_reports_passed_challenges(settings) -> None:
    camera = VirtualSubjectCamera(fps=30.0, size=(640, 480), realtime=False, seed=5)
    camera.open()
    calls: list[tuple[str | None, list[str]]] = []
    try:
        check = _services(settings, camera).run_liveness(
            [ChallengeKind.BLINK, ChallengeKind.TURN_LEFT],
            lambda kind, passed=None: calls.append((kind, passed)),
        )
    finally:
        camera.close()
    assert check.passed, check.reason
    assert (ChallengeKind.TURN_LEFT, [ChallengeKind.BLINK]) in calls
    assert calls[0] == (ChallengeKind.BLINK, [])


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("no answer to the prompt: turn left", ("no_answer", ChallengeKind.TURN_LEFT)),
        ("no answer to the prompt: blink", ("no_answer", ChallengeKind.BLINK)),
        ("a different movement (smile) instead of: nod", ("wrong_move", ChallengeKind.NOD)),
        (
            "did not return to a neutral face after: turn right",
            ("no_return", ChallengeKind.TURN_RIGHT),
        ),
        ("did not keep still before the prompt", ("not_still", "")),
        ("moved before the prompt could be seen", ("too_early", "")),
        ("second face in the camera", ("second_face", "")),
        ("held photo or screen: the face moved as a flat picture", ("not_live", "")),
        ("the face left the camera too often", ("face_lost", "")),
        ("timed out", ("not_clear", "")),
        ("something the engine says one day", ("unclear", "")),
    ],
)
def test_liveness_reasons_become_codes(reason, expected) -> None:
    assert liveness_failure(reason) == expected


def test_face_failure_uses_the_result_and_the_match() -> None:
    missed = LivenessCheck(
        False,
        [
            {"kind": ChallengeKind.SMILE, "passed": True, "at_ms": 1.0},
            {"kind": ChallengeKind.NOD, "passed": False, "at_ms": None},
        ],
        reason="no answer to the prompt",
    )
    assert face_failure(missed, None) == ("no_answer", ChallengeKind.NOD)
    passed = LivenessCheck(True, [])
    no_match = MatchCheck(MatchDecision.NO_MATCH, 0.8, 0.45, "m")
    assert face_failure(passed, no_match) == ("no_match", "")
    blurred = MatchCheck(MatchDecision.NO_MATCH, float("nan"), 0.45, "m", reason="blurry")
    assert face_failure(passed, blurred) == ("not_clear", "")
    assert face_failure(passed, MatchCheck("match", 0.3, 0.45, "m")) == ("", "")
