"""Benchmark: dlib's face ResNet v1 run by dlib itself and by OpenCV (kiosk.biometrics.resnet_cv).

    python -m pytest -q -s tests/benchmarks/test_resnet_bench.py

Printed, for each: CPU and wall ms per 150x150 chip (one chip a call, as the kiosk embeds), and
how long a Python thread that wants to run every 5 ms (as the GUI thread's event loop does) is
kept waiting while another thread embeds 20 chips: dlib's binding holds the GIL for a whole
forward pass, OpenCV's lets go of it. An idle worker (sleeping) gives the machine's own noise.
Nothing about time is asserted; the descriptors of both must agree (to 1e-4).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

CHIPS = 20


def _per_chip(work: Callable[[], object]) -> tuple[float, float]:
    work()
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(CHIPS):
        work()
    return ((time.perf_counter() - w0) * 1000 / CHIPS, (time.process_time() - c0) * 1000 / CHIPS)


def _ticker_gaps(work: Callable[[], object]) -> tuple[float, float]:
    """(longest, 99th percentile) gap in ms of a 5 ms ticker while ``work`` runs CHIPS times on
    another thread."""
    done = threading.Event()
    gaps: list[float] = []

    def worker() -> None:
        for _ in range(CHIPS):
            work()
        done.set()

    thread = threading.Thread(target=worker)
    last = time.perf_counter()
    thread.start()
    while not done.is_set():
        time.sleep(0.005)
        now = time.perf_counter()
        gaps.append((now - last) * 1000)
        last = now
    thread.join()
    gaps.sort()
    return gaps[-1], gaps[len(gaps) * 99 // 100]


def test_resnet_dlib_vs_opencv() -> None:
    import dlib

    from kiosk.biometrics.faces import EMBED_MODEL, model_path
    from kiosk.biometrics.resnet_cv import CvResNet

    chip = np.random.default_rng(0).integers(0, 256, (150, 150, 3), dtype=np.uint8)
    w0 = time.perf_counter()
    theirs = dlib.face_recognition_model_v1(str(model_path(EMBED_MODEL)))
    load_dlib = (time.perf_counter() - w0) * 1000
    w0 = time.perf_counter()
    ours = CvResNet(model_path(EMBED_MODEL))
    load_cv = (time.perf_counter() - w0) * 1000
    a = np.asarray(theirs.compute_face_descriptor(chip))
    b = ours.descriptors([chip])[0]
    assert np.abs(a - b).max() < 1e-4
    runs = {
        "idle": lambda: time.sleep(0.03),
        "dlib": lambda: theirs.compute_face_descriptor(chip),
        "opencv": lambda: ours.descriptors([chip]),
    }
    print(
        f"\nload: dlib {load_dlib:.0f} ms, OpenCV (read dlib's file, build, warm up) "
        f"{load_cv:.0f} ms; largest descriptor difference {np.abs(a - b).max():.1e}"
    )
    speed = {}
    for name in ("dlib", "opencv"):
        speed[name] = _per_chip(runs[name])
        print(
            f"{name:7s} per chip {speed[name][0]:6.1f} ms wall, {speed[name][1]:6.1f} ms CPU "
            "(all threads)"
        )
    print(
        f"OpenCV vs dlib: {speed['dlib'][0] / speed['opencv'][0]:.1f}x wall, "
        f"{speed['dlib'][1] / speed['opencv'][1]:.1f}x CPU"
    )
    for name in ("idle", "dlib", "opencv"):
        longest, p99 = _ticker_gaps(runs[name])
        print(
            f"{name:7s} a 5 ms Python ticker on another thread: longest gap {longest:6.1f} ms, "
            f"p99 {p99:6.1f} ms"
        )
