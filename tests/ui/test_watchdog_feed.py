"""The kiosk's event loop talks to systemd as the kiosk unit expects (Type=notify, WatchdogSec):
READY=1 once the loop runs, WATCHDOG=1 pings from the loop, STOPPING=1 on the way out. Run in a
subprocess with a real $NOTIFY_SOCKET, as under systemd."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent

APP = """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from kiosk.settings import load_settings
    from kiosk.ui.app import run_app
    from tests.support.services_double import ScriptedServices

    app = QApplication([])
    QTimer.singleShot(1500, app.quit)
    print("code", run_app(load_settings(), ScriptedServices()))
"""


def test_the_event_loop_notifies_ready_then_feeds_the_watchdog(tmp_path: Path) -> None:
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY") and not k.startswith("SIMKIOSK_")
    }
    env.update(
        SIMKIOSK_HOME=str(tmp_path / "home"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(HERE)]),
        NOTIFY_SOCKET=str(path),
        WATCHDOG_USEC="400000",
    )  # a ping every 0.2 s
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(APP)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert "code 0" in done.stdout
        sock.setblocking(False)
        messages = []
        while True:
            try:
                messages.append(sock.recv(256).decode())
            except BlockingIOError:
                break
    finally:
        sock.close()
    assert messages[0].startswith("READY=1")
    assert messages[-1] == "STOPPING=1"
    assert messages.count("WATCHDOG=1") >= 2
    assert set(messages[1:-1]) == {"WATCHDOG=1"}
