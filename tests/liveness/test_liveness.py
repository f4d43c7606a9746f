"""Liveness through the real MediaPipe face mesh on virtual-subject frames: genuine people pass,
attacks fail, a second face stops the check, a vanished face restarts it."""

from __future__ import annotations

import random
from collections import Counter

import cv2
import numpy as np
import pytest

from hardware.virtual_subject import VirtualSubjectCamera
from kiosk.biometrics.liveness import (
    CHALLENGE_KINDS,
    LivenessChecker,
    draw_challenges,
    run_liveness,
)
from kiosk.errors import InputError
from kiosk.settings import BiometricSettings
from tests.liveness.helpers import EditedCamera, drive_checker, run_session


def test_draw_challenges_is_unpredictable_and_well_formed():
    s = BiometricSettings()
    draws = []
    for _ in range(60):
        random.seed(1234)  # the global Mersenne Twister must play no part
        draws.append(tuple(draw_challenges(s)))
    for d in draws:
        assert s.challenges_min <= len(d) <= s.challenges_max
        assert len(set(d)) == len(d) and set(d) <= set(CHALLENGE_KINDS)
    assert len(set(draws)) >= 20  # 80 possible orders; a fixed or seeded draw repeats
    firsts = Counter(d[0] for d in draws)
    assert len(firsts) == len(CHALLENGE_KINDS)
    # An explicit generator makes it reproducible (for tests only).
    assert draw_challenges(s, random.Random(5)) == draw_challenges(s, random.Random(5))


def test_checker_refuses_unknown_kinds():
    with pytest.raises(InputError, match="unknown challenge"):
        LivenessChecker(["blink", "wink"], BiometricSettings())


@pytest.mark.parametrize(("seed", "challenges"), [
    (11, ["blink", "turn_right", "smile"]),
    (12, ["nod", "turn_left"]),
    (13, ["smile", "blink"]),
])
def test_genuine_subject_passes(seed, challenges):
    s = run_session("genuine", challenges, seed)
    r = s.result
    assert r.passed, r.reason
    assert [c["kind"] for c in r.challenges] == challenges
    assert all(c["passed"] for c in r.challenges)
    # Each answer after its own prompt, in order; prompts are part of the result.
    for c, p in zip(r.challenges, r.prompts_ms, strict=True):
        assert p is not None and c["at_ms"] > p
    assert [c["at_ms"] for c in r.challenges] == sorted(c["at_ms"] for c in r.challenges)
    assert [p for p in s.prompts if p] == challenges and s.prompts[-1] is None
    assert 3 <= len(r.best_frames) <= 5
    assert all(f.shape == (480, 640, 3) and f.dtype == np.uint8 for f in r.best_frames)
    assert r.frames > 0 and r.ms_per_frame > 0 and r.model.startswith("mediapipe")
    r.wipe()
    assert r.best_frames == []


@pytest.mark.parametrize(("behaviour", "seed", "challenges"), [
    ("photo", 21, ["turn_left", "blink"]),
    ("photo", 22, ["smile", "nod", "turn_right"]),
    ("replay", 23, ["blink", "smile"]),
    ("replay", 24, ["turn_left", "nod", "smile"]),
    ("ignore", 25, ["turn_right", "blink"]),
])
def test_attacks_fail(behaviour, seed, challenges):
    r = run_session(behaviour, challenges, seed).result
    assert not r.passed
    assert r.reason
    assert r.best_frames == []  # nothing of a failed track goes on to matching
    assert not all(c["passed"] for c in r.challenges)
    if behaviour == "ignore":
        assert "no answer" in r.reason
        # Machine-readable: the screen can say which challenge was not answered in time.
        assert r.failure == "no_answer" and r.missed == challenges[0]
        assert r.as_dict()["missed"] == challenges[0]


def test_held_photo_tilted_towards_the_prompt_is_named():
    r = run_session("photo", ["turn_left", "nod"], 26).result
    assert not r.passed
    assert "photo" in r.reason
    assert r.failure == "flat_picture" and r.missed is None


def _second_face(astronaut_face: np.ndarray, from_index: int):
    small = cv2.flip(cv2.resize(astronaut_face, (150, 160), interpolation=cv2.INTER_AREA), 1)

    def edit(image: np.ndarray, index: int) -> np.ndarray:
        if index >= from_index:
            image = image.copy()
            image[10:170, 8:158] = small
        return image
    return edit


@pytest.fixture(scope="module")
def astronaut_face() -> np.ndarray:
    from skimage import data

    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)[30:210, 140:310].copy()


def test_small_static_face_in_the_corner_is_background(astronaut_face):
    """A face pasted into the corner (a poster: smaller than the customer's, never moving) used
    to end the check at once; it is background now."""
    s = run_session("genuine", ["turn_left", "smile", "blink"], 31,
                    edit=_second_face(astronaut_face, from_index=50))
    assert s.result.passed, s.result.reason


def test_vanished_face_restarts_the_challenges_and_best_frames_come_from_the_new_track():
    blank_from, blank_to = 40, 70  # one second without a face, during the first challenge

    def edit(image: np.ndarray, index: int) -> np.ndarray:
        if blank_from <= index < blank_to:
            return np.full_like(image, 90)
        return image

    cam = EditedCamera(VirtualSubjectCamera(None, realtime=False, seed=41), edit)
    cam.open()
    checker = LivenessChecker(["turn_right", "blink"], BiometricSettings(),
                              rng=random.Random(41))
    try:
        prompts = drive_checker(cam, checker)
        stamps = checker.best_frame_timestamps()
        r = checker.result()
    finally:
        checker.close()
        cam.close()
    assert r.passed, r.reason
    # The first challenge was prompted again after the face came back.
    assert [p for p in prompts if p].count("turn_right") == 2
    assert stamps and min(stamps) >= blank_to * 1000 / 30
    assert 3 <= len(r.best_frames) <= 5


def test_face_that_keeps_leaving_fails():
    def edit(image: np.ndarray, index: int) -> np.ndarray:
        return np.full_like(image, 90) if (index // 30) % 2 == 1 else image

    r = run_session("genuine", ["blink", "smile", "nod"], 42, edit=edit).result
    assert not r.passed
    assert "left the camera" in r.reason


def test_virtual_subject_with_another_photo_passes(shared_faces):
    r = run_session("genuine", ["turn_left", "blink"], 51,
                    source=str(shared_faces / "obama.jpg")).result
    assert r.passed, r.reason


def test_realtime_virtual_subject_answers_the_kiosk_as_in_the_demo():
    """The demo's path: a paced camera on the wall clock, cued by run_liveness as prompts
    change (frames the analysis cannot keep up with are skipped by the camera)."""
    cam = VirtualSubjectCamera(None, fps=30.0, realtime=True, seed=71)
    cam.open()
    try:
        r = run_liveness(cam, ["blink", "turn_left"], BiometricSettings(), timeout_s=30)
    finally:
        cam.close()
    assert r.passed, r.reason
    assert [c["kind"] for c in r.challenges if c["passed"]] == ["blink", "turn_left"]
