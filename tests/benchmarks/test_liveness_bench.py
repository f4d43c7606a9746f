"""Liveness benchmarks (figures, not pass/fail timing):

1. per-frame cost of the whole analysis (LivenessChecker.feed: mesh, measures, passive checks,
   best frames) against raw MediaPipe ``FaceMesh.process`` on the same frames, in one run;
2. genuine pass rate and attack pass rate over many seeded virtual-subject sessions, and the
   genuine sessions' challenge time.

Run:  QT_QPA_PLATFORM=offscreen python -m pytest -q -s tests/benchmarks/test_liveness_bench.py
Counts: LIVENESS_BENCH_GENUINE (default 100) and LIVENESS_BENCH_ATTACKS (default 210, split
evenly over photo, replay and ignore). Goals: analysis <= 1.3x raw mesh; >= 98% genuine pass on
the first try; 0 attacks pass out of >= 200; genuine challenge time < 8 s.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections import Counter

import cv2
import mediapipe as mp
import pytest

from hardware.virtual_subject import VirtualSubjectCamera
from kiosk.biometrics.liveness import MAX_FACES, LivenessChecker, draw_challenges, run_liveness
from kiosk.settings import BiometricSettings

N_GENUINE = int(os.environ.get("LIVENESS_BENCH_GENUINE", "100"))
N_ATTACKS = int(os.environ.get("LIVENESS_BENCH_ATTACKS", "210"))
ATTACKS = ("photo", "replay", "ignore")
SESSIONS = ((101, ["turn_left", "blink", "smile"]), (102, ["nod", "turn_right"]))


def _record_session(seed: int, challenges: list[str]) -> list[tuple]:
    """Frames of one genuine session (with its cues), kept in memory for both timings."""
    cam = VirtualSubjectCamera(None, realtime=False, seed=seed)
    cam.open()
    frames = []

    class Recorder:
        def read(self):
            f = cam.read()
            frames.append((f.image, f.timestamp_ms))
            return f

        def cue(self, kind):
            cam.cue(kind)

    try:
        r = run_liveness(Recorder(), challenges, BiometricSettings(), rng=random.Random(seed))
    finally:
        cam.close()
    assert r.passed, r.reason
    return frames


def test_liveness_cost_vs_raw_facemesh():
    settings = BiometricSettings()
    frames = [_record_session(seed, ch) for seed, ch in SESSIONS]
    # Interleaved frame by frame (raw, then analysis, on the same frame) so that load from
    # other processes on the machine falls on both alike.
    raw_ms, ana_ms = [], []
    for _ in range(3):
        for (seed, ch), clip in zip(SESSIONS, frames, strict=True):
            rgbs = [cv2.cvtColor(img, cv2.COLOR_BGR2RGB) for img, _ in clip]
            checker = LivenessChecker(ch, settings, rng=random.Random(seed))
            # The peer: MediaPipe's face mesh alone, same options, on the RGB it is given.
            raw = mp.solutions.face_mesh.FaceMesh(
                static_image_mode=False, max_num_faces=MAX_FACES, refine_landmarks=True
            )
            try:
                for i, ((img, ts), rgb) in enumerate(zip(clip, rgbs, strict=True)):
                    t = time.perf_counter()
                    raw.process(rgb)
                    t1 = time.perf_counter()
                    checker.feed(img, ts)
                    t2 = time.perf_counter()
                    if checker.done:
                        break
                    if i:  # the first frame loads the graph
                        raw_ms.append((t1 - t) * 1000)
                        ana_ms.append((t2 - t1) * 1000)
                assert checker.result().passed
            finally:
                checker.close()
                raw.close()
    raw_mean, ana_mean = statistics.mean(raw_ms), statistics.mean(ana_ms)
    per_frame = sorted(a / r for a, r in zip(ana_ms, raw_ms, strict=True))
    print(f"\nliveness cost, {len(raw_ms)} frames of 640x480, interleaved with the peer:")
    print(
        f"  raw FaceMesh.process: mean {raw_mean:.2f} ms, median "
        f"{statistics.median(raw_ms):.2f} ms per frame"
    )
    print(
        f"  whole analysis:       mean {ana_mean:.2f} ms, median "
        f"{statistics.median(ana_ms):.2f} ms per frame"
    )
    print(
        f"  ratio of means {ana_mean / raw_mean:.3f}, of medians "
        f"{statistics.median(ana_ms) / statistics.median(raw_ms):.3f}, median per-frame "
        f"ratio {per_frame[len(per_frame) // 2]:.3f} (goal <= 1.3)"
    )


def _session(behaviour: str, seed: int) -> tuple[bool, str, float, float]:
    settings = BiometricSettings()
    rng = random.Random(seed)
    challenges = draw_challenges(settings, rng)
    cam = VirtualSubjectCamera(None, realtime=False, seed=seed, behaviour=behaviour)
    cam.open()
    try:
        r = run_liveness(cam, challenges, settings, rng=rng)
    finally:
        cam.close()
    first_prompt = next((p for p in r.prompts_ms if p is not None), 0.0)
    r.wipe()
    return r.passed, r.reason, r.duration_ms, r.duration_ms - first_prompt


@pytest.mark.timeout(7200)
def test_liveness_genuine_pass_rate():
    t0 = time.perf_counter()
    genuine = []
    for i in range(N_GENUINE):
        genuine.append(_session("genuine", 1000 + i))
        if not genuine[-1][0]:
            print(f"  genuine seed {1000 + i} failed: {genuine[-1][1]}", flush=True)
    passed = [g for g in genuine if g[0]]
    print(
        f"\ngenuine: {len(passed)}/{len(genuine)} passed on the first try "
        f"({100.0 * len(passed) / max(len(genuine), 1):.1f}%, goal >= 98%)"
    )
    if passed:
        total = [g[2] / 1000 for g in passed]
        chal = [g[3] / 1000 for g in passed]
        print(
            f"  session time (first frame to decision): mean {statistics.mean(total):.2f} s, "
            f"max {max(total):.2f} s"
        )
        print(
            f"  challenge time (first prompt to decision): mean {statistics.mean(chal):.2f} s,"
            f" max {max(chal):.2f} s (goal: mean < 8 s)"
        )
    print(f"  ({time.perf_counter() - t0:.0f} s for {len(genuine)} sessions)")


@pytest.mark.timeout(7200)
@pytest.mark.parametrize("kind", ATTACKS)
def test_liveness_attack_pass_rate(kind):
    t0 = time.perf_counter()
    per_kind = max(1, N_ATTACKS // len(ATTACKS))
    results = []
    for i in range(per_kind):
        results.append(_session(kind, 5000 + 1000 * ATTACKS.index(kind) + i))
        if results[-1][0]:
            print(
                f"  attack {kind} seed {5000 + 1000 * ATTACKS.index(kind) + i} PASSED", flush=True
            )
    n_pass = sum(1 for r in results if r[0])
    reasons = Counter(r[1].split(":")[0] for r in results if not r[0])
    print(
        f"\nattack {kind}: {n_pass}/{per_kind} passed (goal 0); failure reasons "
        f"{dict(reasons)} ({time.perf_counter() - t0:.0f} s)",
        flush=True,
    )


# -- the field-conditions set (tests/liveness/field_conditions.py) --------------------------------
# Genuine subjects (the astronaut and the shared photographs) under each field condition, and
# the attacks under the same conditions. Counts: LIVENESS_FIELD_SEEDS genuine sessions per
# subject and condition (default 2), LIVENESS_FIELD_ATTACK_SEEDS per attack, subject and
# condition (default 1). A genuine session that fails is retried (a new draw, as the kiosk
# would) up to three tries in all. Goals: >= 95% first try, >= 99% within three, 0 attacks.

from tests.liveness.field_conditions import ATTACKS as FIELD_ATTACKS  # noqa: E402
from tests.liveness.field_conditions import CONDITIONS, run_field, subjects  # noqa: E402

FIELD_SEEDS = int(os.environ.get("LIVENESS_FIELD_SEEDS", "2"))
FIELD_ATTACK_SEEDS = int(os.environ.get("LIVENESS_FIELD_ATTACK_SEEDS", "1"))
FIELD_ONLY = [c for c in os.environ.get("LIVENESS_FIELD_CONDITIONS", "").split(",") if c]


def _conditions() -> list[str]:
    return FIELD_ONLY or list(CONDITIONS)


@pytest.mark.timeout(14400)
def test_liveness_field_genuine():
    t0 = time.perf_counter()
    rows: dict[str, list[int]] = {}
    fails: Counter = Counter()
    for cond in _conditions():
        first = within3 = n = 0
        for subject in subjects():
            for k in range(FIELD_SEEDS):
                seed = 20_000 + 97 * k + 7 * CONDITIONS.index(cond) + len(subject)
                n += 1
                for attempt in range(3):
                    r, ch = run_field(subject, cond, "genuine", seed + 100_000 * attempt)
                    if r.passed:
                        first += attempt == 0
                        within3 += 1
                        break
                    fails[(cond, r.reason.split(":")[0])] += 1
                    print(
                        f"  genuine {cond} {subject} seed {seed + 100_000 * attempt} "
                        f"{ch}: {r.reason}",
                        flush=True,
                    )
        rows[cond] = [first, within3, n]
        print(f"  {cond:<10} first try {first}/{n}, within three {within3}/{n}", flush=True)
    tf = sum(r[0] for r in rows.values())
    t3 = sum(r[1] for r in rows.values())
    tn = sum(r[2] for r in rows.values())
    print(f"\nfield genuine ({len(subjects())} subjects x {FIELD_SEEDS} seeds per condition):")
    for cond, (f, w, n) in rows.items():
        print(f"  {cond:<10} first try {100.0 * f / n:5.1f}%  within three {100.0 * w / n:5.1f}%")
    print(
        f"  ALL        first try {tf}/{tn} = {100.0 * tf / max(tn, 1):.1f}% (goal >= 95%), "
        f"within three {t3}/{tn} = {100.0 * t3 / max(tn, 1):.1f}% (goal >= 99%)"
    )
    print(f"  failure reasons: {dict(fails)}  ({time.perf_counter() - t0:.0f} s)")


@pytest.mark.timeout(14400)
@pytest.mark.parametrize("kind", FIELD_ATTACKS)
def test_liveness_field_attacks(kind):
    t0 = time.perf_counter()
    passed, n = 0, 0
    reasons: Counter = Counter()
    for cond in _conditions():
        for subject in subjects():
            for k in range(FIELD_ATTACK_SEEDS):
                seed = 40_000 + 97 * k + 7 * CONDITIONS.index(cond) + len(subject)
                r, ch = run_field(subject, cond, kind, seed)
                n += 1
                if r.passed:
                    passed += 1
                    print(f"  ATTACK {kind} {cond} {subject} seed {seed} {ch} PASSED", flush=True)
                else:
                    reasons[r.reason.split(":")[0]] += 1
    print(
        f"\nfield attack {kind}: {passed}/{n} passed (goal 0); reasons {dict(reasons)} "
        f"({time.perf_counter() - t0:.0f} s)",
        flush=True,
    )
