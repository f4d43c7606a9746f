"""Liveness outcomes: the per-frame feedback, the final result, and their codes.

:class:`FrameFeedback` is what the screen gets for each frame (prompt, face box, guidance code
from ``GUIDANCE_CODES``); :class:`LivenessResult` is the decision with the record's fields,
its failure a code from ``FAILURES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class FrameFeedback:
    prompt: str | None  # the challenge to show now, None between challenges
    face_box: tuple[int, int, int, int] | None
    message: str  # guidance code: "", no_face, one_person, move_closer, move_back,
    # center_face, hold_still, too_dark, backlight
    done: bool


@dataclass
class LivenessResult:
    passed: bool
    challenges: list[dict]  # {"kind", "passed", "at_ms"} (the record's schema)
    reason: str
    best_frames: list[np.ndarray]
    frames: int
    ms_per_frame: float
    model: str
    prompts_ms: list[float | None] = field(default_factory=list)  # when each was prompted
    duration_ms: float = 0.0  # from the first frame to the decision
    failure: str = ""  # a code from FAILURES when it did not pass
    missed: str | None = None  # the challenge kind that was missed, when one was
    # Frame timing no real sensor produces (hardware.camera_identity.timing_anomaly): a flag
    # for the record and the technician, not a failure (a simulated camera in the demo has it).
    timing: str = ""

    def wipe(self) -> None:
        for f in self.best_frames:
            if f.flags.writeable:
                f.fill(0)
        self.best_frames.clear()

    def as_dict(self) -> dict:
        return {
            "passed": self.passed,
            "challenges": self.challenges,
            "reason": self.reason,
            "prompts_ms": self.prompts_ms,
            "frames": self.frames,
            "ms_per_frame": round(self.ms_per_frame, 3),
            "model": self.model,
            "duration_ms": round(self.duration_ms, 1),
            "failure": self.failure,
            "missed": self.missed,
            "timing": self.timing,
        }


# Every guidance code FrameFeedback.message can carry (the screen has a text for each).
GUIDANCE_CODES = (
    "no_face",
    "one_person",
    "move_closer",
    "move_back",
    "center_face",
    "hold_still",
    "too_dark",
    "backlight",
)
# Machine-readable failure codes (LivenessResult.failure); those marked * name the missed
# challenge in LivenessResult.missed.
FAILURES = {
    "no_answer": "*the prompted movement did not come within the window",
    "not_neutral": "*the face did not come back to neutral after the movement",
    "wrong_movement": "*another movement came first",
    "too_early": "*the movement began before the prompt could be seen",
    "not_still": "*the face did not keep still before the prompt",
    "flat_picture": "the face moved as a flat picture (held photo or screen)",
    "second_person": "a second person stayed in the camera",
    "face_lost": "the face left the camera too often",
    "timeout": "the check ran out of time",
    "aborted": "ended from outside (camera stream ended, cancelled, ...)",
}
