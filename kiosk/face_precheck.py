"""The face step's helpers beside the liveness engine: the pre-check's guidance before the
check starts, and which challenges have passed, from the engine's prompt changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from kiosk.biometrics.liveness import FrameFeedback
from kiosk.biometrics.liveness_checks import frame_quality, sharpness

PromptCallback = Callable[..., None]  # (kind, passed=[kinds passed so far])

# The pre-check analyses every n-th frame for the face box and guidance (the preview shows every
# frame): guidance at ~10 Hz is as quick as a person reacts, and the idle face step then costs
# a third of the CPU the check itself does.
PRECHECK_ANALYSE_EVERY = 3
DARK_MEAN = 55  # mean grey level of the face below which the picture is too dark to check


def precheck_guidance(
    faces: int, box: tuple[int, int, int, int] | None, image: np.ndarray, min_face_px: int
) -> str:
    """The guidance code for a pre-check frame ('' when the face is ready for the check)."""
    if faces == 0 or box is None:
        return "no_face"
    if faces > 1:
        return "second_face"
    h, w = image.shape[:2]
    message = frame_quality(box, (w, h), min_face_px, float("inf"))  # size and place first
    if message:
        return message
    x, y, bw, bh = (max(0, int(v)) for v in box)
    face = image[y : y + bh, x : x + bw]
    if face.size and float(face.mean()) < DARK_MEAN:
        return "more_light"  # before sharpness: a dark face also reads as blurred
    return frame_quality(box, (w, h), min_face_px, sharpness(image, box))


class ChallengeProgress:
    """Which challenges have passed, from the prompt changes of one liveness run.

    The engine takes a prompt away (None) when its challenge was answered and the face came back
    to neutral, when the check ends, or when a lost track restarts the challenges; the first
    prompt shown again after some passed means a restart."""

    def __init__(self, challenges: Sequence[str], on_prompt: PromptCallback) -> None:
        self.challenges = list(challenges)
        self.passed: list[str] = []
        self.done = False
        self._shown: str | None = None
        self._on_prompt = on_prompt

    def frame(self, feedback: FrameFeedback) -> None:
        self.done = self.done or feedback.done

    def prompt(self, kind: str | None) -> None:
        if kind is None and self._shown is not None and not self.done:
            self.passed.append(self._shown)
        elif kind is not None and self.passed and kind == self.challenges[0]:
            self.passed = []  # the track restarted: its challenges start over
        self._shown = kind
        self._on_prompt(kind, passed=list(self.passed))
