"""Running a liveness check on an open camera: :func:`run_liveness`, the one camera loop.

It reads frames, feeds a :class:`~kiosk.biometrics.liveness_checker.LivenessChecker`, and
announces each prompt change to the screen and to a camera that can be cued (the virtual
subject). The kiosk's face step (kiosk.services) and ``simkiosk liveness`` on a recording
(kiosk.commands.liveness, with a file camera and the recording's pacing) both run it.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

from kiosk.biometrics import mesh as fm
from kiosk.biometrics.liveness_checker import LivenessChecker
from kiosk.biometrics.liveness_result import FrameFeedback, LivenessResult
from kiosk.settings import BiometricSettings


def run_liveness(
    camera,
    challenges: list[str],
    settings: BiometricSettings,
    on_prompt: Callable[[str | None], None] = lambda kind: None,
    *,
    timeout_s: float | None = None,
    rng: random.Random | None = None,
    mesh: fm.FaceMesh | None = None,
    on_frame: Callable[[np.ndarray, FrameFeedback], None] | None = None,
    paced: bool = True,
    prompt_times_ms: list[float] | None = None,
    stream_end: str = "the camera stream ended",
) -> LivenessResult:
    """Read frames from an open camera, feed the checker, announce each prompt change.

    A camera with a ``cue(kind)`` method (the virtual subject) is told each prompt as the
    screen is. ``timeout_s`` is on the stream's clock (the frames' timestamps). ``on_frame``
    sees every analysed frame with its feedback (the screen's preview with the face box).
    ``paced`` and ``prompt_times_ms`` are the checker's (a recording's pacing); ``stream_end``
    is the reason given when the frames run out before the check is done.
    """
    checker = LivenessChecker(
        challenges, settings, rng=rng, mesh=mesh, paced=paced, prompt_times_ms=prompt_times_ms
    )
    cue = getattr(camera, "cue", None)
    shown: str | None = None
    first: float | None = None
    try:
        while not checker.done:
            frame = camera.read()
            if frame is None:
                checker.abort(stream_end)
                break
            fb = checker.feed(frame.image, frame.timestamp_ms)
            if on_frame is not None:
                on_frame(frame.image, fb)
            if fb.prompt != shown:
                shown = fb.prompt
                on_prompt(shown)
                if cue is not None:
                    cue(shown)
            first = frame.timestamp_ms if first is None else first
            if timeout_s is not None and frame.timestamp_ms - first > 1000.0 * timeout_s:
                checker.abort("timed out", "timeout")
        if shown is not None:
            on_prompt(None)
            if cue is not None:
                cue(None)
        return checker.result()
    finally:
        checker.close()
