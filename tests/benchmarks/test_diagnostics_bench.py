"""Benchmark: the technician's full check run, as ``simkiosk diagnose`` runs it and as the
diagnostics screen runs it (off the GUI thread), on the demo's devices (the virtual camera, the
folder scanner with a rendered document) against the reference server on 127.0.0.1.

    .venv/bin/python -m pytest -q -s tests/benchmarks/test_diagnostics_bench.py

Prints the wall time of each run and of its slowest checks, and the GUI thread's longest stall
(gap between 10 ms timer ticks) while the screen runs every check with the live camera on.
No timed assertions: the figures are for reading.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QTimer

from kiosk.demo.media import ensure_demo_documents
from kiosk.demo.server import LocalServer
from kiosk.devices import camera_from_settings
from kiosk.diagnosis import run_all
from kiosk.records.keys import ensure_device_key
from kiosk.settings import load_settings

RUNS = 3


def test_full_check_run(qtbot, tmp_path: Path, simkiosk_home: Path) -> None:
    from kiosk.ui.main_window import MainWindow
    from tests.support.services_double import ScriptedServices

    settings = load_settings(
        env={"SIMKIOSK_HOME": str(simkiosk_home), "SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": "7391"}
    )
    settings.ensure_dirs()
    ensure_device_key(settings)
    ensure_demo_documents(settings.demo_dir / "documents", 1)
    with LocalServer(settings.home) as server:
        settings = dataclasses.replace(
            settings, records=dataclasses.replace(settings.records, server_url=server.url)
        )
        print()
        for i in range(RUNS):
            t0 = time.perf_counter()
            checks = run_all(settings)
            wall = time.perf_counter() - t0
            bad = [c.name for c in checks if c.status == "error"]
            ms = {c.name: c.info.get("ms") for c in checks if c.info.get("ms") is not None}
            print(
                f"diagnose run {i + 1}: {wall:.2f} s for {len(checks)} checks; errors {bad}; "
                f"device ms {ms}"
            )
        camera = camera_from_settings(settings)
        window = MainWindow(
            settings,
            ScriptedServices(),
            camera=camera,
            # as `simkiosk run` gives them: the live tests are the screen's
            checks=functools.partial(run_all, settings, devices=False),
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        try:
            window.open_diagnostics()
            diag = window.diagnostics
            timer.start()
            diag.unlock("7391")
            diag.start_camera()
            qtbot.waitUntil(lambda: diag.checks_seconds is not None, timeout=60_000)
            qtbot.waitUntil(lambda: diag.camera_view.frames_shown >= 30, timeout=30_000)
            timer.stop()
            print(
                f"screen (as simkiosk run): checks took {diag.checks_seconds:.2f} s on the "
                "diagnostics lane; "
                f"GUI thread longest stall {max(gaps):.0f} ms over {len(gaps)} ticks "
                f"(camera on, {diag.fps_label.text()})"
            )
        finally:
            window.close_diagnostics()
            window.shutdown()
