"""Start-up checks before Qt, crash files (written in a real crashing process, reported by the
next start), and `simkiosk run` failing with a readable line."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from kiosk.ui.early_init import crash_files, preflight, report_previous_crashes

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
