"""The GUI thread during whole customer sessions: how long it is ever kept from its event loop.

Goal (issue: the kiosk's screens): the GUI thread is never blocked for more than 50 ms during a
session. The real window runs on the real services with the demo's devices (virtual subject
camera, demo scanner) against a local reference server in its own process; the session is driven
as a customer drives it (touches on the buttons, the SIM number typed as a wedge scanner types it,
at the window). A 10 ms timer on the GUI thread records the gap between its ticks; a gap much
longer than 10 ms is time the thread spent on something else. Printed per step: the longest gap,
the 99th percentile and how many gaps exceeded 50 ms. Nothing is asserted about time.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QPushButton

from kiosk.commands.demo import demo_settings
from kiosk.demo.media import ensure_demo_documents
from kiosk.demo.server import LocalServer
from kiosk.records.keys import ensure_device_key
from kiosk.records.record import random_iccid
from kiosk.services import build_services
from kiosk.session import SessionOutcome, Step
from kiosk.settings import load_settings

SESSIONS = 2
STALL_MS = 50


def _click(qtbot, window, name: str) -> None:
    btn = window.findChild(QPushButton, name)
    assert btn is not None, name
    qtbot.waitUntil(lambda: btn.isVisible() and btn.isEnabled(), timeout=60_000)
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)


def _at(qtbot, window, step: Step, timeout: int = 60_000) -> None:
    qtbot.waitUntil(
        lambda: (
            window.current_step is step
            and not window.flow.busy
            and window.current_page() is window.pages[step]
        ),
        timeout=timeout,
    )


def test_gui_thread_stalls_during_sessions(qtbot, tmp_path: Path) -> None:
    from kiosk.ui.main_window import MainWindow

    settings = load_settings(
        env={
            "SIMKIOSK_HOME": str(tmp_path / "home"),
            "SIMKIOSK_KIOSK_MODE": "self_service",
            "SIMKIOSK_KIOSK_SPOKEN_PROMPTS": "false",
        }
    )
    settings.ensure_dirs()
    ensure_device_key(settings)
    ensure_demo_documents(settings.demo_dir / "documents", SESSIONS)
    with LocalServer(settings.home) as server:
        settings = demo_settings(settings, server.url)
        services = build_services(settings)
        window = MainWindow(settings, services)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        gaps: dict[str, list[float]] = defaultdict(list)
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def tick() -> None:
            now = clock.elapsed()
            gaps[window.current_step.value].append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        outcomes = []
        try:
            _at(qtbot, window, Step.IDLE)
            timer.start()
            for _ in range(SESSIONS):
                _click(qtbot, window, "start")
                _at(qtbot, window, Step.LANGUAGE)
                _click(qtbot, window, "language_ru")
                _at(qtbot, window, Step.CONSENT)
                _click(qtbot, window, "agree")
                _at(qtbot, window, Step.DOCUMENT)
                _click(qtbot, window, "scan")
                _at(qtbot, window, Step.SIM)
                qtbot.keyClicks(window, random_iccid())  # the wedge scanner types at the window
                qtbot.keyClick(window, Qt.Key.Key_Return)
                _at(qtbot, window, Step.FACE)
                qtbot.wait(1500)  # the person places themselves in the oval
                _click(qtbot, window, "face_ready")
                qtbot.waitUntil(
                    lambda: (
                        window.current_step in (Step.RECEIPT, Step.ENDED) and not window.flow.busy
                    ),
                    timeout=120_000,
                )
                outcomes.append(
                    window.flow.session.result.outcome
                    if window.flow.session.result
                    else window.flow.session.outcome
                )
                if window.current_step is Step.RECEIPT:
                    _click(qtbot, window, "receipt_done")  # the receipt, then its ending
                    _at(qtbot, window, Step.ENDED)
                _click(qtbot, window, "ended_again")
                _at(qtbot, window, Step.IDLE)
            timer.stop()
        finally:
            window.shutdown()
            services.close()
    everything = [g for values in gaps.values() for g in values]
    print(
        f"\n{SESSIONS} self-service sessions in the real window, outcomes "
        f"{[str(o) for o in outcomes]}"
    )
    for step, values in gaps.items():
        values.sort()
        p99 = values[int(0.99 * (len(values) - 1))]
        print(
            f"  {step:9} ticks {len(values):5}  longest {max(values):4.0f} ms  p99 {p99:3.0f} ms"
            f"  over {STALL_MS} ms: {sum(v > STALL_MS for v in values)}"
        )
    print(
        f"  all       longest {max(everything):.0f} ms, median "
        f"{statistics.median(everything):.0f} ms, over {STALL_MS} ms: "
        f"{sum(v > STALL_MS for v in everything)} of {len(everything)} ticks "
        f"(goal: none over {STALL_MS} ms)"
    )
    assert all(o in (SessionOutcome.ACTIVATED, SessionOutcome.QUEUED) for o in outcomes), outcomes
