"""Helpers for the outbox fault tests: the real command line in its own process, with the
records tests' fast settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.records.support import FAST

ROOT = Path(__file__).resolve().parents[2]


def cli_env(home: Path, **records: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMKIOSK_")}
    env.update({"SIMKIOSK_HOME": str(home), "PYTHONPATH": str(ROOT)})
    for name, value in {**FAST, **records}.items():
        env[f"SIMKIOSK_RECORDS_{name.upper()}"] = str(value)
    return env


def simkiosk(home: Path, *args: str, **records: str) -> subprocess.CompletedProcess[str]:
    """``simkiosk ARGS`` in a process of its own (as a technician runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        env=cli_env(home, **records),
    )


def simkiosk_bg(home: Path, *args: str, **records: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=cli_env(home, **records),
    )
