"""Start-up checks that run before a QApplication exists, and crash evidence.

:func:`preflight` answers "can the window start at all?" with one plain line per problem (no
display, Qt missing or its system libraries missing, state directory not writable, model files
missing), so that a kiosk that cannot start says why on its console and in the journal instead of
dying in a Qt abort.

:func:`install_crash_handlers` writes an uncaught exception (main thread or any other thread) to a
crash file under ``settings.crash_dir``: the traceback only (no local variables), passed through
the log masking, so no personal data lands on disk. :func:`arm_fatal_evidence` covers deaths no
exception hook sees (the systemd watchdog's SIGABRT of a frozen interface, a fault in a native
library): every thread's stack, written by faulthandler. :func:`report_previous_crashes` tells the
next start about crash files it has not reported yet (logged; listed on the technician screen).

This module imports Qt only inside :func:`preflight`'s probe, so it runs where Qt is broken.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
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
from typing import TextIO

from kiosk import __version__
from kiosk.logs import mask_text
from kiosk.settings import Settings

log = logging.getLogger(__name__)

CRASH_PREFIX = "crash-"
FATAL_PREFIX = "fatal-"  # faulthandler's file of a running kiosk (not a crash file, yet)
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


_fatal: tuple[Path, TextIO] | None = None


def arm_fatal_evidence(settings: Settings) -> Path | None:
    """Have a fatal signal (SIGABRT from the watchdog, SIGSEGV, SIGBUS, SIGFPE, SIGILL) leave
    every thread's stack in a file; returns its path (None when it could not be opened).

    A signal handler cannot open a file, so this one is opened now and holds a header while
    the kiosk lives; :func:`disarm_fatal_evidence` deletes it at a clean exit. The next start
    (:func:`collect_fatal_evidence`) turns one holding a stack into a crash file and drops the
    others (an ordinary kill). faulthandler writes file names, lines and function names only:
    no values, so no personal data."""
    global _fatal
    collect_fatal_evidence(settings)
    now = dt.datetime.now(dt.UTC)
    # pid and start time: after a reboot the kiosk often gets the same pid as before
    path = settings.crash_dir / f"{FATAL_PREFIX}{os.getpid()}-{now.strftime('%Y%m%dT%H%M%S')}.txt"
    try:
        settings.crash_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        fh = os.fdopen(fd, "w", encoding="utf-8")
        fh.write(
            f"simkiosk {__version__} started at {now.isoformat(timespec='seconds')}, "
            f"kiosk {settings.kiosk.id}, pid {os.getpid()}; ended by a fatal signal:\n"
        )
        fh.flush()
    except OSError as exc:
        log.warning("no evidence of fatal signals: cannot open %s (%s)", path, exc.strerror)
        return None
    faulthandler.enable(file=fh, all_threads=True)
    _fatal = (path, fh)
    return path


def disarm_fatal_evidence() -> None:
    """A clean exit: no fatal signal to record."""
    global _fatal
    if _fatal is None:
        return
    path, fh = _fatal
    _fatal = None
    faulthandler.disable()
    fh.close()
    path.unlink(missing_ok=True)


def collect_fatal_evidence(settings: Settings) -> list[Path]:
    """Earlier kiosks' faulthandler files: one with a stack becomes a crash file (named by its
    time), one with only its header (a kill, a power cut) is deleted. Files of other live
    processes are left alone; this process has no file yet, so one with its pid is from an
    earlier boot."""
    try:
        files = [p for p in settings.crash_dir.iterdir() if p.name.startswith(FATAL_PREFIX)]
    except FileNotFoundError:
        return []
    kept = []
    for path in files:
        pid = path.stem.removeprefix(FATAL_PREFIX).split("-")[0]
        if not pid.isdigit() or (int(pid) != os.getpid() and _alive(int(pid))):
            continue
        try:
            text = path.read_text("utf-8", errors="replace")
            if "most recent call first" not in text:
                path.unlink()
                continue
            when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
            crash = settings.crash_dir / (
                f"{CRASH_PREFIX}{when.strftime('%Y%m%dT%H%M%S')}-{pid}-fatal.txt"
            )
            path.rename(crash)
        except OSError:
            continue
        kept.append(crash)
    return kept


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or someone else's process now
        return False
    return True


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
