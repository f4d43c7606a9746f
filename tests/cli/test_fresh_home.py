"""The command line's edge, as a newcomer meets it: `simkiosk` in a subprocess on a fresh home
(HOME and the XDG directories in an empty folder, no settings file) and on bad settings. Each
ends with one plain line naming what to configure and an exit code of the tree's table, never a
traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def fresh_env(base: Path, **extra: str) -> dict[str, str]:
    """The environment of a new user: nothing of ours, every per-user directory empty."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "VIRTUAL_ENV")
    }
    env = {
        **keep,
        "HOME": str(base),
        "XDG_DATA_HOME": str(base / "data"),
        "XDG_CONFIG_HOME": str(base / "config"),
        "XDG_CACHE_HOME": str(base / "cache"),
        "XDG_STATE_HOME": str(base / "state"),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.update(extra)
    return env


def simkiosk(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )


def one_line(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("simkiosk: "), err
    return lines[0]


def test_run_on_a_fresh_home_names_the_pin_to_set(tmp_path) -> None:
    proc = simkiosk(fresh_env(tmp_path), "run")
    line = one_line(proc)
    assert proc.returncode == 2
    assert "kiosk.diagnostics_pin" in line and "SIMKIOSK_CONFIG" in line


def test_run_on_a_fresh_home_with_a_pin_names_the_scanner_to_configure(tmp_path) -> None:
    proc = simkiosk(fresh_env(tmp_path, SIMKIOSK_KIOSK_DIAGNOSTICS_PIN="8317"), "run")
    line = one_line(proc)
    assert proc.returncode == 2
    assert "devices.scanner" in line and "simkiosk demo" in line


def test_a_device_that_fails_to_open_is_one_line_with_the_device_exit_code(tmp_path) -> None:
    # The demo's document folder exists but is empty: the real folder scanner refuses to open.
    env = fresh_env(
        tmp_path, SIMKIOSK_KIOSK_DIAGNOSTICS_PIN="8317", SIMKIOSK_HOME=str(tmp_path / "home")
    )
    (tmp_path / "home" / "demo" / "documents").mkdir(parents=True)
    proc = simkiosk(env, "run")
    line = one_line(proc)
    assert proc.returncode == 4, proc.stderr
    assert "holds no document images" in line and "simkiosk diagnose" in line


def test_run_refuses_the_demo_clerk_outside_the_demo(tmp_path) -> None:
    from kiosk.clerks import ClerkRegistry
    from kiosk.demo.headless import DEMO_CLERK

    home = tmp_path / "home"
    home.mkdir()
    ClerkRegistry(home / "clerks.json").add(*DEMO_CLERK)  # what `simkiosk demo` leaves behind
    proc = simkiosk(
        fresh_env(tmp_path, SIMKIOSK_KIOSK_DIAGNOSTICS_PIN="8317", SIMKIOSK_HOME=str(home)), "run"
    )
    line = one_line(proc)
    assert proc.returncode == 2 and f"simkiosk clerks remove {DEMO_CLERK[0]}" in line


@pytest.mark.parametrize(
    ("args", "extra", "names"),
    [
        (
            ("diagnose", "--no-devices", "--no-server"),
            {"SIMKIOSK_KIOSK_ID": "алматы-07"},
            "kiosk.id",
        ),
        (("keys", "show"), {"SIMKIOSK_CONFIG": "/nonexistent/simkiosk.toml"}, "config"),
        (("outbox", "status"), {"SIMKIOSK_KIOSK_MODE": "robot"}, "kiosk.mode"),
        (("run",), {"SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": "1234"}, "kiosk.diagnostics_pin"),
    ],
)
def test_bad_settings_stop_every_command_with_one_line(tmp_path, args, extra, names) -> None:
    proc = simkiosk(fresh_env(tmp_path, **extra), *args)
    line = one_line(proc)
    assert proc.returncode == 2 and names in line
