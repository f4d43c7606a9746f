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
    check_time_limit_s,
    draw_challenges,
    run_liveness,
)
from kiosk.errors import InputError
from kiosk.imaging.moves import ChallengeKind
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
        LivenessChecker([ChallengeKind.BLINK, "wink"], BiometricSettings())


@pytest.mark.parametrize(
    ("seed", "challenges"),
    [
        (11, [ChallengeKind.BLINK, ChallengeKind.TURN_RIGHT, ChallengeKind.SMILE]),
        (12, [ChallengeKind.NOD, ChallengeKind.TURN_LEFT]),
        (13, [ChallengeKind.SMILE, ChallengeKind.BLINK]),
    ],
)
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


@pytest.mark.parametrize(
    ("behaviour", "seed", "challenges"),
    [
        ("photo", 21, [ChallengeKind.TURN_LEFT, ChallengeKind.BLINK]),
        ("photo", 22, [ChallengeKind.SMILE, ChallengeKind.NOD, ChallengeKind.TURN_RIGHT]),
        ("replay", 23, [ChallengeKind.BLINK, ChallengeKind.SMILE]),
        ("replay", 24, [ChallengeKind.TURN_LEFT, ChallengeKind.NOD, ChallengeKind.SMILE]),
        ("ignore", 25, [ChallengeKind.TURN_RIGHT, ChallengeKind.BLINK]),
    ],
)
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
    r = run_session("photo", [ChallengeKind.TURN_LEFT, ChallengeKind.NOD], 26).result
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
    kinds = [ChallengeKind.TURN_LEFT, ChallengeKind.SMILE, ChallengeKind.BLINK]
    s = run_session("genuine", kinds, 31, edit=_second_face(astronaut_face, from_index=50))
    assert s.result.passed, s.result.reason


def test_vanished_face_restarts_the_challenges_and_best_frames_come_from_the_new_track():
    blank_from, blank_to = 40, 70  # one second without a face, during the first challenge

    def edit(image: np.ndarray, index: int) -> np.ndarray:
        if blank_from <= index < blank_to:
            return np.full_like(image, 90)
        return image

    cam = EditedCamera(VirtualSubjectCamera(None, realtime=False, seed=41), edit)
    cam.open()
    checker = LivenessChecker(
        [ChallengeKind.TURN_RIGHT, ChallengeKind.BLINK], BiometricSettings(), rng=random.Random(41)
    )
    try:
        prompts = drive_checker(cam, checker)
        stamps = checker.best_frame_timestamps()
        r = checker.result()
    finally:
        checker.close()
        cam.close()
    assert r.passed, r.reason
    # The first challenge was prompted again after the face came back.
    assert [p for p in prompts if p].count(ChallengeKind.TURN_RIGHT) == 2
    assert stamps and min(stamps) >= blank_to * 1000 / 30
    assert 3 <= len(r.best_frames) <= 5


def test_face_that_keeps_leaving_fails():
    def edit(image: np.ndarray, index: int) -> np.ndarray:
        return np.full_like(image, 90) if (index // 30) % 2 == 1 else image

    kinds = [ChallengeKind.BLINK, ChallengeKind.SMILE, ChallengeKind.NOD]
    r = run_session("genuine", kinds, 42, edit=edit).result
    assert not r.passed
    assert "left the camera" in r.reason


def test_virtual_subject_with_another_photo_passes(shared_faces):
    r = run_session(
        "genuine",
        [ChallengeKind.TURN_LEFT, ChallengeKind.BLINK],
        51,
        source=str(shared_faces / "obama.jpg"),
    ).result
    assert r.passed, r.reason


def test_realtime_virtual_subject_answers_the_kiosk_as_in_the_demo():
    """The demo's path: a paced camera on the wall clock, cued by run_liveness as prompts
    change (frames the analysis cannot keep up with are skipped by the camera)."""
    cam = VirtualSubjectCamera(None, fps=30.0, realtime=True, seed=71)
    cam.open()
    try:
        r = run_liveness(
            cam, [ChallengeKind.BLINK, ChallengeKind.TURN_LEFT], BiometricSettings(), timeout_s=30
        )
    finally:
        cam.close()
    assert r.passed, r.reason
    passed = [c["kind"] for c in r.challenges if c["passed"]]
    assert passed == [ChallengeKind.BLINK, ChallengeKind.TURN_LEFT]


class _NoFaces:
    """A mesh that never sees anyone: only the time limit can end the check."""

    def process(self, image):
        return []

    def close(self) -> None:
        pass


def test_a_check_without_a_face_ends_at_the_one_time_limit():
    settings = BiometricSettings()
    limit_ms = 1000 * check_time_limit_s(settings, 2)  # also the camera loop's and session's
    checker = LivenessChecker([ChallengeKind.BLINK, ChallengeKind.NOD], settings, mesh=_NoFaces())
    image = np.zeros((48, 64, 3), np.uint8)
    ts = 0.0
    while not checker.done:
        checker.feed(image, ts)
        assert checker.done == (ts > limit_ms), ts
        ts += 100.0
    assert checker.result().failure == "timeout"
