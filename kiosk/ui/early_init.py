"""Start-up checks that run before a QApplication exists, and crash evidence.

:func:`preflight` answers "can the window start at all?" with one plain line per problem (no
display, Qt missing or its system libraries missing, state directory not writable, model files
missing), so that a kiosk that cannot start says why on its console and in the journal instead of
dying in a Qt abort.

:func:`install_crash_handlers` writes an uncaught exception (main thread or any other thread) to a
crash file under ``settings.crash_dir``: the traceback only (no local variables), passed through
the log masking, so no personal data lands on disk. :func:`report_previous_crashes` tells the
next start about crash files it has not reported yet (logged; listed on the technician screen).

This module imports Qt only inside :func:`preflight`'s probe, so it runs where Qt is broken.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import logging
import os
import sys
import threading
import traceback
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from kiosk import __version__
from kiosk.logs import mask_text
from kiosk.settings import Settings

log = logging.getLogger(__name__)

CRASH_PREFIX = "crash-"
_REPORTED = ".reported"  # names of crash files already announced at a start
_serial = itertools.count(1)


def preflight(settings: Settings, env: Mapping[str, str] | None = None) -> list[str]:
    """Problems that stop the window from starting; empty when it can start."""
    from hardware.diagnostics import ERROR, check_models, check_state_dir

    env = os.environ if env is None else env
    problems: list[str] = []
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")):
        problems.append(
            "no display: DISPLAY and WAYLAND_DISPLAY are not set (start the kiosk "
            "in a graphical session, or set QT_QPA_PLATFORM=offscreen for tests)"
        )
    try:
        importlib.import_module("PySide6.QtWidgets")
    except ImportError as exc:
        missing = str(exc)
        if "cannot open shared object" in missing or ".so" in missing:
            problems.append(
                f"Qt cannot load a system library ({missing}); run "
                "`make system-deps` to install what Qt needs"
            )
        else:
            problems.append("PySide6 is not installed: pip install PySide6-Essentials")
    state = check_state_dir(settings.home)
    if state.status == ERROR:
        problems.append(f"state directory: {state.detail}")
    models = check_models()
    if models.status == ERROR:
        problems.append(f"{models.detail} (reinstall the kiosk's Python packages)")
    return problems


def write_crash(
    settings: Settings,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    thread: str | None = None,
) -> Path | None:
    """Write one crash file; returns its path (None when even that failed)."""
    now = dt.datetime.now(dt.UTC)
    lines = [
        f"simkiosk {__version__} crashed at {now.isoformat(timespec='seconds')}",
        f"kiosk: {settings.kiosk.id}",
        f"thread: {thread or threading.current_thread().name}",
        f"python: {sys.version.split()[0]}",
        "",
    ]
    # format_exception never includes local variables; mask_text removes IINs, document
    # numbers, MRZ lines and the current session's registered personal values.
    lines += traceback.format_exception(exc_type, exc, tb)
    text = mask_text("\n".join(line.rstrip("\n") for line in lines)) + "\n"
    # Sortable by time; pid and a counter keep two crashes of one second apart.
    name = f"{CRASH_PREFIX}{now.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{next(_serial)}.txt"
    try:
        settings.crash_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = settings.crash_dir / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return path
    except OSError:
        return None


def install_crash_handlers(settings: Settings) -> None:
    """Route uncaught exceptions of every thread to a crash file (then to the old hooks)."""
    previous_hook = sys.excepthook
    previous_thread_hook = threading.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(exc_type, KeyboardInterrupt):
            path = write_crash(settings, exc_type, exc, tb)
            log.critical(
                "uncaught %s; crash file %s",
                exc_type.__name__,
                path.name if path else "could not be written",
            )
        previous_hook(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit and args.exc_value is not None:
            name = args.thread.name if args.thread is not None else None
            path = write_crash(
                settings, args.exc_type, args.exc_value, args.exc_traceback, thread=name
            )
            log.critical(
                "uncaught %s in thread %s; crash file %s",
                args.exc_type.__name__,
                name,
                path.name if path else "could not be written",
            )
        previous_thread_hook(args)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def crash_files(settings: Settings) -> list[Path]:
    """Crash files, newest first."""
    try:
        files = [
            p
            for p in settings.crash_dir.iterdir()
            if p.name.startswith(CRASH_PREFIX) and p.suffix == ".txt"
        ]
    except FileNotFoundError:
        return []
    return sorted(files, key=lambda p: p.name, reverse=True)


def report_previous_crashes(settings: Settings) -> list[Path]:
    """Crash files not announced before: logged once, then remembered as reported."""
    marker = settings.crash_dir / _REPORTED
    try:
        seen = set(marker.read_text("utf-8").split())
    except FileNotFoundError:
        seen = set()
    new = [p for p in crash_files(settings) if p.name not in seen]
    if new:
        log.warning(
            "the kiosk crashed before: %d new crash file(s), latest %s; see the diagnostics screen",
            len(new),
            new[0].name,
        )
        try:
            with marker.open("a", encoding="utf-8") as fh:
                fh.write("".join(f"{p.name}\n" for p in new))
        except OSError:
            log.warning("cannot record reported crash files in %s", marker)
    return new
