"""The live pipeline: camera thread, one-frame mailbox, analysis thread, callbacks."""

from __future__ import annotations

import itertools
import threading
import time

from hardware.camera import Frame
from hardware.virtual_subject import VirtualSubjectCamera
from kiosk.biometrics.liveness_live import LatestFrame, LiveLiveness
from kiosk.settings import BiometricSettings


def test_mailbox_keeps_only_the_newest_frame():
    box = LatestFrame()
    for i in range(5):
        box.put(Frame(None, i * 33.3, i))  # type: ignore[arg-type]
    assert box.dropped == 4 and box.put_count == 5
    assert box.get(timeout=0.1).index == 4
    assert box.get(timeout=0.01) is None  # nothing queued behind it
    box.close()
    assert box.get(timeout=1.0) is None and box.closed


def test_live_pipeline_passes_a_genuine_subject_and_ends_its_threads():
    cam = VirtualSubjectCamera(None, fps=30.0, realtime=True, seed=81)
    cam.open()
    prompts: list[str | None] = []
    done = threading.Event()
    live = LiveLiveness(cam, ["turn_right", "smile"], BiometricSettings(),
                        on_prompt=prompts.append, on_done=lambda r: done.set(), timeout_s=30)
    try:
        live.start()
        result = live.wait(timeout=60)
    finally:
        live.stop()
        cam.close()
    assert result is not None and result.passed, result and result.reason
    assert done.is_set()
    assert [p for p in prompts if p] == ["turn_right", "smile"] and prompts[-1] is None
    assert 3 <= len(result.best_frames) <= 5
    result.wipe()


def test_slow_consumer_drops_frames_instead_of_queueing_and_cancel_stops_it():
    cam = VirtualSubjectCamera(None, fps=30.0, realtime=True, seed=82)
    cam.open()
    seen: list[int] = []

    def slow_screen(frame: Frame, feedback) -> None:
        seen.append(frame.index)
        time.sleep(0.15)  # a consumer far slower than the camera

    live = LiveLiveness(cam, ["blink", "nod"], BiometricSettings(), on_frame=slow_screen)
    try:
        live.start()
        time.sleep(2.0)
    finally:
        result = live.stop()
        cam.close()
    assert result is not None and not result.passed and result.reason == "cancelled"
    assert live.dropped > 0
    # Every captured frame was analysed, dropped, or is the one left in the mailbox.
    assert live.captured - live.dropped - live.analysed in (0, 1)
    # The analysis always took the newest frame: indices jump rather than go one by one.
    assert len(seen) >= 2 and max(b - a for a, b in itertools.pairwise(seen)) > 1
