"""Start-up checks before Qt, crash files (written in a real crashing process, reported by the
next start), and `simkiosk run` failing with a readable line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kiosk.settings import Settings
from kiosk.ui.early_init import crash_files, preflight, report_previous_crashes
from tests.support.kiosk_process import spawn_kiosk_run

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
        and not k.startswith("SIMKIOSK_")
    }
    env.update(SIMKIOSK_HOME=str(home), PYTHONPATH=os.pathsep.join([str(ROOT), str(HERE)]), **extra)
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_preflight_names_each_problem(make_settings, tmp_path) -> None:
    settings = make_settings()
    assert preflight(settings, env={"QT_QPA_PLATFORM": "offscreen"}) == []
    problems = preflight(settings, env={})
    assert len(problems) == 1 and problems[0].startswith("no display")
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    from kiosk.settings import load_settings

    bad = load_settings(env={"SIMKIOSK_HOME": str(blocker / "home")})
    problems = preflight(bad, env={"DISPLAY": ":0"})
    assert len(problems) == 1 and problems[0].startswith("state directory:")
    assert "not writable" in problems[0]


def test_run_help_does_not_import_qt(tmp_path) -> None:
    proc = _python(
        """
        import sys
        from kiosk.cli import build_parser
        build_parser("run").format_help()
        import kiosk.ui.early_init
        print(sorted(m for m in sys.modules if m.startswith(("PySide6", "cv2", "mediapipe"))))
    """,
        _env(tmp_path / "h"),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_run_without_display_fails_with_one_readable_line(tmp_path) -> None:
    env = {**_env(tmp_path / "h"), "SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": "7391"}  # a real PIN
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines == [lines[-1]] and lines[0].startswith(
        "simkiosk: cannot start the kiosk: no display"
    )
    assert "Traceback" not in proc.stderr


CRASH = """
    import threading
    from kiosk.settings import load_settings
    from kiosk.logs import remember_personal
    from kiosk.ui.early_init import install_crash_handlers

    settings = load_settings()
    settings.ensure_dirs()
    install_crash_handlers(settings)
    remember_personal(["ABDULLAYEVA"])

    def worker():
        raise OSError("scanner gone while reading N12345678")

    t = threading.Thread(target=worker, name="scanner-worker")
    t.start()
    t.join()

    def read(surname, iin):
        raise RuntimeError("cannot read " + surname + " " + iin)

    read("ABDULLAYEVA", "900101400018")
"""

NEXT_START = """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from kiosk.logs import setup_logging
    from kiosk.settings import load_settings
    from kiosk.ui.app import run_app
    from kiosk.ui.main_window import MainWindow
    from tests.support.services_double import ScriptedServices

    settings = load_settings()
    setup_logging(settings.log_dir, stderr=True)
    app = QApplication([])
    seen = []

    def look():
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        seen.append(window.attract.crash_notice.isVisibleTo(window))
        app.quit()

    QTimer.singleShot(300, look)
    services = ScriptedServices()
    code = run_app(settings, services)
    print("notice", seen, "closed", services.closed, "code", code)
"""


def test_crash_file_written_and_reported_on_next_start(tmp_path) -> None:
    home = tmp_path / "home"
    crashed = _python(CRASH, _env(home))
    assert crashed.returncode == 1
    assert "RuntimeError" in crashed.stderr  # the usual traceback still reaches stderr
    from kiosk.settings import load_settings

    settings = load_settings(env={"SIMKIOSK_HOME": str(home)})
    files = crash_files(settings)
    assert len(files) == 2
    texts = [f.read_text("utf-8") for f in files]
    both = "\n".join(texts)
    assert "thread: scanner-worker" in both and "OSError: scanner gone" in both
    assert "RuntimeError: cannot read" in both
    for personal in ("ABDULLAYEVA", "900101400018", "N12345678"):
        assert personal not in both
    assert all(oct(f.stat().st_mode)[-3:] == "600" for f in files)

    started = _python(NEXT_START, _env(home, QT_QPA_PLATFORM="offscreen"))
    assert started.returncode == 0, started.stderr
    assert "notice [True] closed True code 0" in started.stdout
    assert "crashed before: 2 new crash file(s)" in started.stderr
    # Reported once: a later start does not announce the same crashes again.
    assert report_previous_crashes(settings) == []


class _Kiosk:
    """`simkiosk run` as systemd starts it, offscreen, its log read as it comes (a full pipe
    would block the kiosk)."""

    def __init__(self, env: dict[str, str], until: str = "attract screen shown") -> None:
        import threading

        self.lines: list[str] = []
        self.until = until
        self.seen = threading.Event()
        self.proc = spawn_kiosk_run(env)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self.seen.wait(120):
            self.proc.kill()
            self.ended(30)
            raise AssertionError(f"never {until!r}: {''.join(self.lines[-20:])}")

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)
            if self.until in line:
                self.seen.set()

    def ended(self, timeout: float) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.ended(30)
            raise AssertionError(f"still running: {''.join(self.lines[-20:])}") from None
        self._reader.join(timeout)
        assert self.proc.stderr is not None
        self.proc.stderr.close()
        return code


def _kiosk_home(home: Path) -> tuple[Settings, dict[str, str]]:
    """A home `simkiosk run` starts from (a device key, the demo's devices) and its
    environment: offscreen, windowed, a diagnostics PIN."""
    from kiosk.demo.media import ensure_demo_documents
    from kiosk.records.keys import ensure_device_key
    from kiosk.settings import load_settings

    settings = load_settings(env={"SIMKIOSK_HOME": str(home)})
    settings.ensure_dirs()
    ensure_device_key(settings)
    ensure_demo_documents(settings.demo_dir / "documents", 1)
    env = _env(
        home,
        QT_QPA_PLATFORM="offscreen",
        SIMKIOSK_KIOSK_FULLSCREEN="false",
        SIMKIOSK_KIOSK_DIAGNOSTICS_PIN="8264",
    )
    return settings, env


@pytest.mark.parametrize(
    ("moment", "stop"),
    [
        ("started (self_service mode)", signal.SIGTERM),
        ("attract screen shown", signal.SIGTERM),
        ("models warm", signal.SIGTERM),
        # the kernel's SIGHUP when cage, the session leader on tty1, ends
        ("attract screen shown", signal.SIGHUP),
    ],
)
def test_a_stop_signal_ends_the_kiosk_cleanly_at_any_moment_after_its_window(
    tmp_path, moment, stop
) -> None:
    # systemd's stop (or an update's restart) right after the start: the handler used to quit
    # from inside whatever the main thread ran, once inside a thread pool's submit, and the
    # window's shutdown then waited for that pool's lock for ever (3 of 3 stops at "attract
    # screen shown" hung). (Before the window, SIGTERM still simply ends the process: nothing
    # is open that a clean stop would close.)
    _, env = _kiosk_home(tmp_path / "home")
    kiosk = _Kiosk(env, until=moment)
    kiosk.proc.send_signal(stop)
    assert kiosk.ended(60) == 0, "".join(kiosk.lines[-20:])
    assert "kiosk stopped (exit 0)" in "".join(kiosk.lines)


def test_a_frozen_kiosk_ended_by_the_watchdog_leaves_its_stacks_for_the_next_start(
    tmp_path,
) -> None:
    settings, env = _kiosk_home(tmp_path / "home")

    # in service: started, models loaded (a start-up still importing in its workers is the
    # worst case for faulthandler, which walks the other threads' frames while they run)
    kiosk = _Kiosk(env, until="models warm")
    time.sleep(1)
    # Frozen: the GUI loop stops (and with it the watchdog pings); systemd's watchdog then
    # sends SIGABRT, which a frozen process takes when it runs again.
    kiosk.proc.send_signal(signal.SIGSTOP)
    kiosk.proc.send_signal(signal.SIGABRT)
    # and the kernel's SIGHUP, as cage (the session leader on tty1) dies of the same SIGABRT:
    # taken first (the lower number), it must not end the kiosk before its stacks are written
    kiosk.proc.send_signal(signal.SIGHUP)
    kiosk.proc.send_signal(signal.SIGCONT)
    ended = kiosk.ended(60)
    # faulthandler walks the other threads' frames while they run: rarely (1 run in 8 while
    # the models were still loading, on a loaded machine) that faults, and the dump stops
    # where it was, after its header; the kiosk still ends and the next start still reports
    assert ended in (-signal.SIGABRT, -signal.SIGSEGV)
    assert crash_files(settings) == []  # not yet a crash file: the next start decides
    (evidence,) = settings.crash_dir.glob("fatal-*.txt")
    text = evidence.read_text("utf-8")
    assert "Fatal Python error: Aborted" in text and "most recent call first" in text
    if ended == -signal.SIGABRT:
        assert "kiosk/ui/app.py" in text and "run_app" in text  # the GUI thread, in its loop

    again = _Kiosk(env)
    again.proc.send_signal(signal.SIGTERM)  # the unit's ordinary stop
    assert again.ended(60) == 0, "".join(again.lines[-20:])
    (crash,) = crash_files(settings)
    assert crash.name.endswith("-fatal.txt") and crash.read_text("utf-8") == text
    assert any("crashed before: 1 new crash file(s)" in line for line in again.lines)
    # the clean stop leaves no faulthandler file behind: nothing for the start after
    assert list(settings.crash_dir.glob("fatal-*.txt")) == []


def test_fatal_files_become_crash_files_only_with_a_stack_and_once_their_kiosk_is_gone(
    make_settings,
) -> None:
    from kiosk.ui.early_init import collect_fatal_evidence

    settings = make_settings()
    settings.crash_dir.mkdir(parents=True, exist_ok=True)
    header = "simkiosk 0.1.0 started at 2026-11-30T08:00:00+00:00; ended by a fatal signal:\n"
    stack = 'Fatal Python error: Aborted\n\nThread 0x1 (most recent call first):\n  File "x.py"\n'
    gone = subprocess.Popen(["true"])  # a pid that has ended
    gone.wait()
    alive = subprocess.Popen(["sleep", "30"])
    try:
        # this pid, from an earlier boot (the kiosk often gets the same pid after a reboot)
        before_reboot = settings.crash_dir / f"fatal-{os.getpid()}-20261129T080000.txt"
        before_reboot.write_text(header + stack)
        killed = settings.crash_dir / f"fatal-{gone.pid}-20261130T080000.txt"
        killed.write_text(header)  # SIGKILL, a power cut: nothing to tell
        running = settings.crash_dir / f"fatal-{alive.pid}-20261130T090000.txt"
        running.write_text(header)  # another kiosk still running: its file, not ours

        (crash,) = collect_fatal_evidence(settings)
        assert crash.name.startswith("crash-") and crash.name.endswith(f"-{os.getpid()}-fatal.txt")
        assert crash.read_text() == header + stack
        assert crash_files(settings) == [crash]
        assert not before_reboot.exists() and not killed.exists() and running.exists()
    finally:
        alive.kill()
        alive.wait()
