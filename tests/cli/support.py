"""``simkiosk ...`` in a process of its own, as a technician runs it: the installed entry point's
code (kiosk.cli) with a fresh state directory and no settings but the ones a test gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def simkiosk(
    home: Path, *args: str, stdin: str = "", **settings: str
) -> subprocess.CompletedProcess[str]:
    """Run the command line; ``settings`` become SIMKIOSK_<SECTION>_<KEY> variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMKIOSK_")}
    env.update(
        {"SIMKIOSK_HOME": str(home), "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    )
    env.update({f"SIMKIOSK_{k.upper()}": v for k, v in settings.items()})
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        env=env,
    )


def one_line(text: str) -> str:
    """The single line of ``text``; fails the test if there are more (or none)."""
    lines = text.splitlines()
    assert len(lines) == 1, f"expected one line, got {len(lines)}: {text!r}"
    return lines[0]
