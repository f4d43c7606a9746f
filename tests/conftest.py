"""Test base: offscreen Qt, a fresh SIMKIOSK_HOME per test, and failure on leaked threads.

Qt warnings fail tests (pytest-qt's qt_log_level_fail in pyproject) and Python warnings are
errors (filterwarnings), as in qutebrowser's suite.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never let a test talk to a real state dir or a config file of the machine.
os.environ.pop("SIMKIOSK_CONFIG", None)

# ../shared/faces beside the checkout, or $SHARED_FACES_DIR (a git worktree has no ../shared).
SHARED_FACES = Path(
    os.environ.get("SHARED_FACES_DIR") or Path(__file__).resolve().parents[2] / "shared" / "faces"
)

# Threads that libraries start once per process and keep by design.
_ALLOWED_THREAD_PREFIXES = ("pydevd", "QDBusConnection", "ThreadPoolExecutor-0", "asyncio_")


@pytest.fixture(autouse=True)
def simkiosk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "simkiosk-home"
    monkeypatch.setenv("SIMKIOSK_HOME", str(home))
    for name in list(os.environ):
        if name.startswith("SIMKIOSK_") and name != "SIMKIOSK_HOME":
            monkeypatch.delenv(name)
    return home


@pytest.fixture(autouse=True)
def no_leaked_threads():
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5.0
    while True:
        leaked = [
            t
            for t in threading.enumerate()
            if t not in before and t.is_alive() and not t.name.startswith(_ALLOWED_THREAD_PREFIXES)
        ]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not leaked, f"test leaked threads: {[t.name for t in leaked]}"


@pytest.fixture(autouse=True)
def no_masks_left_over():
    """Each session masks its own values until it ends (kiosk/logs.py); a test that leaves a
    session unended must not leave its names masked in the next test's log lines."""
    yield
    from kiosk.logs import forget_all_personal

    forget_all_personal()


@pytest.fixture
def shared_faces() -> Path:
    """The team's public-domain test photographs (obama.jpg, obama2.jpg, biden.jpg)."""
    if not (SHARED_FACES / "obama.jpg").is_file():
        pytest.skip(
            f"shared test faces not present at {SHARED_FACES} (outside the team's "
            "machines; set SHARED_FACES_DIR to use another copy); the astronaut-based "
            "tests cover the same code"
        )
    return SHARED_FACES
