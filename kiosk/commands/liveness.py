"""``simkiosk liveness VIDEO --challenges blink,turn_left``: judge a recorded video.

The video is evaluated by the kiosk's own checker with the same thresholds and windows; the
challenges are prompted in the given order from the video's start, each as soon as the previous
one is done (a recording's real prompt times are unknown, so the reaction-time rule that the
live kiosk applies is left out). With ``--prompt-times 1.5,4.0,…`` (seconds from the first
frame, one per challenge) a recording made to a known timeline is judged with the live rules:
each challenge prompted at its time, the reaction-time rule and the windows applied.
Exit 0 when it passed, 1 when it did not, 2 on unusable input.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from pathlib import Path

from kiosk.errors import InputError
from kiosk.imaging.moves import ChallengeKind
from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("video", help="the recorded video file")
    p.add_argument(
        "--challenges",
        required=True,
        help="challenge kinds in the order they were prompted, comma-separated "
        f"({', '.join(ChallengeKind)})",
    )
    p.add_argument(
        "--prompt-times",
        default=None,
        metavar="S,S,...",
        help="when each challenge was prompted, in seconds from the first frame, "
        "comma-separated (one per challenge): judge with the live rules",
    )
    p.add_argument(
        "--fps",
        type=float,
        default=None,
        help="frame rate to time the video by (default: the file's own, else 30)",
    )


def _probe_fps(path: Path) -> float:
    """The video's frame rate; InputError when FFmpeg cannot open it. Probing with FFmpeg alone
    (quietened) keeps OpenCV from trying fallback readers that print to the terminal."""
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # AV_LOG_QUIET: we say what failed
    import cv2

    cv2.setLogLevel(2)  # errors only: no "backend can't be used" warnings on a bad file

    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    try:
        if not cap.isOpened():
            raise InputError(f"{path} is not a readable video")
        fps = cap.get(cv2.CAP_PROP_FPS)
    finally:
        cap.release()
    return fps if 1.0 <= fps <= 240.0 else 30.0


def _prompt_times(text: str | None, n: int) -> list[float] | None:
    """--prompt-times in ms, or None; InputError naming what is wrong."""
    if text is None:
        return None
    try:
        times = [1000.0 * float(t) for t in text.split(",") if t.strip()]
    except ValueError:
        raise InputError(
            f"--prompt-times must be seconds separated by commas, got {text!r}"
        ) from None
    if len(times) != n:
        raise InputError(f"--prompt-times has {len(times)} times for {n} challenges")
    if any(t < 0 for t in times) or any(b <= a for a, b in itertools.pairwise(times)):
        raise InputError("--prompt-times must be non-negative and increasing")
    return times


def run(args: argparse.Namespace, settings: Settings) -> int:
    kinds = [k.strip() for k in args.challenges.split(",") if k.strip()]
    path = Path(args.video)
    if not path.is_file():
        raise InputError(f"video not found: {path}")
    if args.fps is not None and not 1.0 <= args.fps <= 240.0:
        raise InputError(f"--fps must be between 1 and 240, got {args.fps}")

    from hardware.base import DeviceError
    from hardware.camera import FileCamera
    from kiosk.biometrics.liveness import CHALLENGE_KINDS, run_liveness

    unknown = [k for k in kinds if k not in CHALLENGE_KINDS]
    if unknown or not kinds:
        raise InputError(
            f"unknown challenge kinds: {', '.join(unknown) or '(none given)'}; "
            f"known: {', '.join(CHALLENGE_KINDS)}"
        )
    prompt_times = _prompt_times(args.prompt_times, len(kinds))
    fps = _probe_fps(path)
    camera = FileCamera(str(path), args.fps or fps, realtime=False)
    try:
        camera.open()
    except DeviceError as exc:
        raise InputError(str(exc)) from None
    try:
        result = run_liveness(
            camera,
            kinds,
            settings.biometrics,
            paced=False,
            prompt_times_ms=prompt_times,
            stream_end="the video ended before the challenges were completed",
        )
    finally:
        camera.close()
    if result.frames == 0:
        raise InputError(f"{path} holds no readable video frames")
    result.wipe()  # the best frames are for matching; nothing of the face leaves this command
    out = {
        "passed": result.passed,
        "challenges": result.challenges,
        "frames": result.frames,
        "ms_per_frame": round(result.ms_per_frame, 3),
        "reason": result.reason,
        "prompts_ms": result.prompts_ms,
        "model": result.model,
        "failure": result.failure,
        "missed": result.missed,
    }
    if args.json:
        print(json.dumps(out))
    else:
        print(
            f"liveness: {'PASSED' if result.passed else 'FAILED'}"
            f"{'' if result.passed else ' (' + result.reason + ')'}"
        )
        for c in result.challenges:
            at = f"{c['at_ms']:.0f} ms" if c["at_ms"] is not None else "-"
            print(f"  {c['kind']:<11} {'ok' if c['passed'] else 'not answered':<13} {at}")
        print(f"  {result.frames} frames, {result.ms_per_frame:.1f} ms per frame")
    return 0 if result.passed else 1
