"""`simkiosk run` in its own process, as systemd starts it (windowed, verbose: the log lines on
stderr mark its moments)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def spawn_kiosk_run(env: dict[str, str]) -> subprocess.Popen[str]:
    """The process, its log on a text pipe: read it as it comes (a full pipe blocks the kiosk)."""
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "-v", "--windowed"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
