"""The live liveness pipeline: camera thread -> one-frame mailbox -> analysis thread -> callbacks.

The screen must never wait for the analysis and the analysis must never fall behind the person:
the camera thread keeps only the newest frame (older ones are dropped and counted, never
queued), the analysis thread feeds it to the :class:`LivenessChecker` and reports through
callbacks (the Qt layer turns them into signals). No Qt here: engines do not import PySide6.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

from hardware.base import DeviceError
from hardware.camera import Camera, Frame
from kiosk.biometrics.liveness import FrameFeedback, LivenessChecker, LivenessResult
from kiosk.settings import BiometricSettings

log = logging.getLogger(__name__)


class LatestFrame:
    """A one-slot mailbox: ``put`` replaces an unread frame (a drop), ``get`` waits for one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._closed = False
        self.dropped = 0
        self.put_count = 0

    def put(self, frame: Frame) -> None:
        with self._cond:
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self.put_count += 1
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def get(self, timeout: float) -> Frame | None:
        """The newest unread frame; None when closed and empty, or after ``timeout``."""
        with self._cond:
            if self._frame is None and not self._closed:
                self._cond.wait(timeout)
            frame, self._frame = self._frame, None
            return frame

    @property
    def closed(self) -> bool:
        return self._closed


class LiveLiveness:
    """Runs one liveness check on an open camera in two threads.

    Callbacks run on the analysis thread: ``on_frame(frame, feedback)`` for each analysed frame
    (for the preview and guidance), ``on_prompt(kind)`` when the prompt changes (None at the
    end), ``on_done(result)`` once. A camera with ``cue(kind)`` (the virtual subject) is cued
    as the screen is.
    """

    def __init__(self, camera: Camera, challenges: list[str], settings: BiometricSettings, *,
                 on_frame: Callable[[Frame, FrameFeedback], None] | None = None,
                 on_prompt: Callable[[str | None], None] | None = None,
                 on_done: Callable[[LivenessResult], None] | None = None,
                 timeout_s: float | None = None, rng: random.Random | None = None) -> None:
        self._camera = camera
        self._checker = LivenessChecker(challenges, settings, rng=rng)
        self._on_frame, self._on_prompt, self._on_done = on_frame, on_prompt, on_done
        self._timeout_ms = None if timeout_s is None else 1000.0 * timeout_s
        self._mailbox = LatestFrame()
        self._stop = threading.Event()
        self._finished = threading.Event()
        self._result: LivenessResult | None = None
        self.analysed = 0
        self._threads = [threading.Thread(target=self._capture, name="liveness-camera",
                                          daemon=True),
                         threading.Thread(target=self._analyse, name="liveness-analysis",
                                          daemon=True)]

    @property
    def dropped(self) -> int:
        return self._mailbox.dropped

    @property
    def captured(self) -> int:
        return self._mailbox.put_count

    def start(self) -> None:
        for t in self._threads:
            t.start()

    def wait(self, timeout: float | None = None) -> LivenessResult | None:
        """The result once the check is over (None if ``timeout`` passed first)."""
        self._finished.wait(timeout)
        return self._result

    def stop(self) -> LivenessResult | None:
        """End the check (cancel, or after it finished) and join both threads."""
        self._stop.set()
        self._mailbox.close()
        for t in self._threads:
            if t.is_alive():
                t.join(timeout=5.0)
        return self._result

    # -- threads -------------------------------------------------------------------------------

    def _capture(self) -> None:
        try:
            while not self._stop.is_set():
                frame = self._camera.read()
                if frame is None:
                    break
                self._mailbox.put(frame)
        except DeviceError as exc:
            log.warning("liveness: camera failed: %s", exc)
        finally:
            self._mailbox.close()

    def _analyse(self) -> None:
        checker = self._checker
        shown: str | None = None
        first: float | None = None
        cue = getattr(self._camera, "cue", None)
        try:
            while not checker.done:
                if self._stop.is_set():
                    checker.abort("cancelled")
                    break
                frame = self._mailbox.get(timeout=0.2)
                if frame is None:
                    if self._mailbox.closed:
                        checker.abort("the camera stream ended")
                        break
                    continue
                fb = checker.feed(frame.image, frame.timestamp_ms)
                self.analysed += 1
                first = frame.timestamp_ms if first is None else first
                if self._on_frame is not None:
                    self._on_frame(frame, fb)
                if fb.prompt != shown:
                    shown = fb.prompt
                    self._announce(shown, cue)
                if self._timeout_ms is not None and frame.timestamp_ms - first > self._timeout_ms:
                    checker.abort("timed out")
            if shown is not None:
                self._announce(None, cue)
            self._result = checker.result()
        finally:
            checker.close()
            self._stop.set()
            self._finished.set()
        if self._on_done is not None:
            self._on_done(self._result)

    def _announce(self, kind: str | None, cue: Callable[[str | None], None] | None) -> None:
        if self._on_prompt is not None:
            self._on_prompt(kind)
        if cue is not None:
            cue(kind)
