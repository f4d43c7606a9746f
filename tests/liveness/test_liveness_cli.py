"""`simkiosk liveness VIDEO`: a genuine session recorded to a real video file, judged by the CLI
in a subprocess with the same checker."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware.virtual_subject import VirtualSubjectCamera
from kiosk.biometrics.liveness import run_liveness
from kiosk.settings import BiometricSettings
from tests.liveness.helpers import EditedCamera

WORKTREE = Path(__file__).resolve().parents[2]
ORDER = ["turn_left", "blink", "smile"]


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(WORKTREE), SIMKIOSK_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "liveness", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=WORKTREE,
    )


@pytest.fixture(scope="module")
def recording(tmp_path_factory) -> Path:
    """A live genuine session (prompts at random times) recorded as MJPG at 30 fps."""
    path = tmp_path_factory.mktemp("video") / "genuine.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (640, 480))
    assert writer.isOpened()

    def record(image: np.ndarray, index: int) -> np.ndarray:
        writer.write(image)
        return image

    cam = EditedCamera(VirtualSubjectCamera(None, realtime=False, seed=61), record)
    cam.open()
    try:
        live = run_liveness(cam, ORDER, BiometricSettings(), rng=random.Random(61))
        for _ in range(15):  # a little tail after the decision, as a camera would have
            cam.read()
    finally:
        cam.close()
        writer.release()
    assert live.passed, live.reason
    return path


def test_recorded_genuine_session_passes_in_its_order(recording, tmp_path):
    proc = _cli(str(recording), "--challenges", ",".join(ORDER), "--json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["passed"] is True
    assert [c["kind"] for c in out["challenges"]] == ORDER
    assert all(c["passed"] and c["at_ms"] > 0 for c in out["challenges"])
    assert out["frames"] > 60 and out["ms_per_frame"] > 0


def test_recorded_session_fails_against_another_order(recording, tmp_path):
    proc = _cli(str(recording), "--challenges", "smile,turn_left", "--json", home=tmp_path)
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["passed"] is False and out["reason"]
    assert out["challenges"][0] == {"kind": "smile", "passed": False, "at_ms": None}


def test_missing_and_corrupt_videos_are_one_line_errors(tmp_path):
    proc = _cli(str(tmp_path / "nope.avi"), "--challenges", "blink", home=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "not found" in proc.stderr
    bad = tmp_path / "corrupt.avi"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00AVI garbage" + bytes(range(256)) * 8)
    proc = _cli(str(bad), "--challenges", "blink", "--json", home=tmp_path)
    assert proc.returncode == 2
    assert "video" in json.loads(proc.stdout)["error"]
    assert proc.stderr.strip().count("\n") == 0
    proc = _cli(str(bad), "--challenges", "blink,wink", home=tmp_path)
    assert proc.returncode == 2 and "wink" in proc.stderr


NATIVE_NOISE = (
    "Feedback manager requires a model",
    "Using NORM_RECT without IMAGE_DIMENSIONS",
    "TensorFlow Lite XNNPACK delegate",
    "absl::InitializeLog()",
)
TIMELINE = (["blink", "turn_left", "smile"], [1.5, 4.0, 6.5])


@pytest.fixture(scope="module")
def timed_recording(tmp_path_factory) -> Path:
    """A virtual subject recorded while prompted at known times (not by a checker): the
    recording a kiosk camera would make when the prompts run on a fixed timeline."""
    path = tmp_path_factory.mktemp("video") / "timed.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (640, 480))
    assert writer.isOpened()
    cam = VirtualSubjectCamera(None, realtime=False, seed=62)
    cam.open()
    kinds, times = TIMELINE
    try:
        for i in range(int(30 * (times[-1] + 2.5))):
            t = i / 30.0
            due = [k for k, at in zip(kinds, times, strict=True) if at <= t < at + 2.0]
            cam.cue(due[0] if due else None)
            writer.write(cam.read().image)
    finally:
        cam.close()
        writer.release()
    return path


def test_timed_recording_is_judged_with_the_live_rules(timed_recording, tmp_path):
    kinds, times = TIMELINE
    proc = _cli(
        str(timed_recording),
        "--challenges",
        ",".join(kinds),
        "--prompt-times",
        ",".join(str(t) for t in times),
        "--json",
        home=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert out["passed"] is True and out["failure"] == ""
    assert out["prompts_ms"] == [1000 * t for t in times]
    for c, t in zip(out["challenges"], times, strict=True):
        assert c["passed"] and 1000 * t + 200 <= c["at_ms"] <= 1000 * t + 4000
    # MediaPipe's and TensorFlow Lite's native chatter is silenced; nothing else was printed.
    assert not [ln for ln in proc.stderr.splitlines() if any(n in ln for n in NATIVE_NOISE)]


def test_timed_recording_against_later_prompt_times_fails(timed_recording, tmp_path):
    """Said to have been prompted later than it was: each movement began before its prompt
    could have been seen (or was over by then)."""
    kinds, times = TIMELINE
    proc = _cli(
        str(timed_recording),
        "--challenges",
        ",".join(kinds),
        "--prompt-times",
        ",".join(str(t + 0.6) for t in times),
        "--json",
        home=tmp_path,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert out["failure"] in ("too_early", "no_answer") and out["missed"] == "blink"


def test_bad_prompt_times_are_one_line_errors(timed_recording, tmp_path):
    for bad, words in (
        ("1.5,4.0", "2 times for 3"),
        ("4,1.5,6", "increasing"),
        ("1.5,x,6", "seconds"),
    ):
        proc = _cli(
            str(timed_recording),
            "--challenges",
            "blink,turn_left,smile",
            "--prompt-times",
            bad,
            home=tmp_path,
        )
        assert proc.returncode == 2 and words in proc.stderr, proc.stderr
        assert proc.stderr.strip().count("\n") == 0
