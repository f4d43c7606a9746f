"""Helpers for the liveness tests: virtual-subject sessions through the real MediaPipe face mesh
(non-realtime: as fast as the machine goes, on the stream's own clock)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from hardware.camera import Frame
from hardware.virtual_subject import VirtualSubjectCamera
from kiosk.biometrics.liveness import LivenessChecker, LivenessResult, run_liveness
from kiosk.settings import BiometricSettings


class EditedCamera:
    """Wraps a camera and edits its frames (a second face, the face gone); passes cues on."""

    def __init__(
        self, inner: VirtualSubjectCamera, edit: Callable[[np.ndarray, int], np.ndarray]
    ) -> None:
        self.inner, self.edit = inner, edit

    @property
    def device_id(self) -> str:
        return "edited:" + self.inner.device_id

    def open(self) -> None:
        self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def health(self):
        return self.inner.health()

    def cue(self, kind: str | None) -> None:
        self.inner.cue(kind)

    def read(self) -> Frame | None:
        f = self.inner.read()
        if f is None:
            return None
        return Frame(self.edit(f.image, f.index), f.timestamp_ms, f.index)


@dataclass
class Session:
    result: LivenessResult
    prompts: list[str | None] = field(default_factory=list)


def run_session(
    behaviour: str,
    challenges: list[str],
    seed: int,
    *,
    source: str | None = None,
    edit: Callable[[np.ndarray, int], np.ndarray] | None = None,
    settings: BiometricSettings | None = None,
) -> Session:
    cam = VirtualSubjectCamera(source, realtime=False, seed=seed, behaviour=behaviour)
    camera = EditedCamera(cam, edit) if edit else cam
    camera.open()
    prompts: list[str | None] = []
    try:
        result = run_liveness(
            camera,
            challenges,
            settings or BiometricSettings(),
            prompts.append,
            rng=random.Random(seed),
        )
    finally:
        camera.close()
    return Session(result, prompts)


def drive_checker(camera, checker: LivenessChecker) -> list[str | None]:
    """run_liveness by hand, keeping the checker for inspection."""
    shown, prompts = None, []
    while not checker.done:
        f = camera.read()
        fb = checker.feed(f.image, f.timestamp_ms)
        if fb.prompt != shown:
            shown = fb.prompt
            prompts.append(shown)
            camera.cue(shown)
    return prompts
