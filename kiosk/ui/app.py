"""``run_app``: the QApplication, the kiosk window, the event loop, a clean exit."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from hardware.camera import Camera
from kiosk.settings import Settings
from kiosk.ui.early_init import report_previous_crashes
from kiosk.ui.fullscreen import show_full_screen
from kiosk.ui.main_window import MainWindow
from kiosk.ui.tasks import Lane
from kiosk.watchdog import SystemdNotifier
from kiosk.window_services import WindowServices

log = logging.getLogger(__name__)


def build_window(
    settings: Settings,
    services: WindowServices,
    *,
    camera: Camera | None = None,
    checks: Callable[[], list[Any]] | None = None,
) -> MainWindow:
    """The window, shown (full screen in kiosk mode). Needs a QApplication."""
    new_crashes = report_previous_crashes(settings)
    window = MainWindow(
        settings, services, camera=camera, checks=checks, new_crashes=len(new_crashes)
    )
    if settings.kiosk.fullscreen:
        show_full_screen(window)  # X, or the output cage gives it (kiosk/ui/fullscreen.py)
    else:
        window.resize(1280, 800)
        window.show()
    return window


def _camera_failed(window: MainWindow, error: BaseException) -> None:
    log.error("opening the camera failed: %s", error)
    window.attract.check_freeze()


def _shown(
    window: MainWindow,
    splash: QWidget | None,
    services: WindowServices,
    late: Callable[[], None] | None,
) -> None:
    """After the window's first paint: drop the splash; open the slow devices and warm the
    models in the background."""
    if splash is not None:
        splash.close()
        splash.deleteLater()
    log.info("attract screen shown")
    if late is not None:
        window.tasks.run(
            late,
            lane=Lane.CAMERA,
            label="open the camera",
            on_success=lambda _r: window.attract.check_freeze(),
            on_failure=lambda e: _camera_failed(window, e),
        )
    # On the camera lane: the face step runs there, so it waits for a warm-up in progress
    # instead of loading the models a second time.
    window.tasks.run(
        services.warm_up,
        lane=Lane.CAMERA,
        label="warm up models",
        on_success=lambda _r: log.info("models warm"),
        on_failure=lambda e: log.warning("warming the models failed: %s", type(e).__name__),
    )


def run_app(
    settings: Settings,
    services: WindowServices,
    *,
    camera: Camera | None = None,
    checks: Callable[[], list[Any]] | None = None,
    splash: QWidget | None = None,
    late: Callable[[], None] | None = None,
) -> int:
    """Run the kiosk until the window closes or SIGINT/SIGTERM; always closes the services.
    ``splash``: the first frame (kiosk.ui.splash), closed once the window has painted;
    ``late``: slow opening (the camera) to run in the background after that, on the camera's
    lane, so the face step waits for it."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("simkiosk")
    window = None
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    # systemd stops the kiosk with SIGTERM, a technician with Ctrl+C; the kernel sends SIGHUP
    # when cage (the session leader on tty1) ends. All three end the loop normally, so the
    # session is wiped and the devices are released. (SIGHUP's default, death, also overtook
    # the watchdog's SIGABRT and left no stacks: seen booting the package.)
    # The handler only notes the request: Python runs it between any two bytecodes of the main
    # thread, and quitting there closes the window inside whatever was running (seen: inside a
    # thread pool's submit, whose lock the window's shutdown then waited for: the kiosk never
    # exited). A stop asked before the loop runs is kept too (quit() before exec() is lost).
    stop_requested: list[int] = []
    for s in previous:
        signal.signal(s, lambda signum, _frame: stop_requested.append(signum))
    # Python only runs signal handlers between bytecodes: wake it up regularly, and quit from
    # the loop itself.
    pulse = QTimer()
    pulse.start(250)
    pulse.timeout.connect(lambda: app.quit() if stop_requested else None)
    notifier, feed = SystemdNotifier.from_environment(), QTimer()
    try:
        window = build_window(settings, services, camera=camera, checks=checks)
        # systemd (the kiosk unit): ready once the loop runs, then watchdog pings from this GUI
        # loop, so a frozen interface stops them and gets the kiosk restarted
        QTimer.singleShot(0, notifier.ready)
        if notifier.ping_every_ms:
            feed.timeout.connect(notifier.ping)
            feed.start(notifier.ping_every_ms)
        log.info("kiosk %s started (%s mode)", settings.kiosk.id, settings.kiosk.mode)
        QTimer.singleShot(0, lambda: _shown(window, splash, services, late))
        code = app.exec()
        log.info("kiosk stopped (exit %s)", code)
        return int(code)
    finally:
        pulse.stop()
        feed.stop()
        notifier.stopping()
        notifier.close()
        if window is not None:
            window.shutdown()
            window.deleteLater()
        services.close()
        for s, handler in previous.items():
            signal.signal(s, handler)
