"""The one way the kiosk runs blocking work: off the GUI thread, results back on it.

``TaskRunner.run(fn, on_success=..., on_failure=..., lane=...)`` runs ``fn`` on a worker thread and
calls ``on_success(result)`` or ``on_failure(exc)`` on the GUI thread (as Anki's ``CollectionOp``
and Picard's ``run_task`` do). Lanes are single-thread executors: everything that touches one
device runs in order on that device's lane (``scanner``, ``camera``, ``network``); the ``default``
lane is for short work (freeze check, PIN hash). Failures without their own ``on_failure``, and
exceptions raised by the callbacks themselves, reach one place: the runner's error handler, which
logs the traceback and lets the window show a plain message.

Results cross threads through a Qt signal on a QObject living in the GUI thread, so the callbacks
never run on a worker. :meth:`shutdown` stops every lane and waits for its thread: tests fail on
leaked threads, and a kiosk must not keep a device busy after its window closed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

ErrorHandler = Callable[[str, BaseException], None]


class Lane(enum.StrEnum):
    """A worker lane: one thread, so the work on one device runs in order (the value names the
    thread, ``simkiosk-<lane>``)."""

    DEFAULT = "default"  # short work: the freeze check, a PIN hash
    SCANNER = "scanner"
    CAMERA = "camera"
    NETWORK = "network"
    DIAGNOSTICS = "diagnostics"  # the technician's checks and bundles


@dataclass
class _Done:
    label: str
    future: concurrent.futures.Future
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None


class TaskRunner(QObject):
    """Lanes of single-thread executors with GUI-thread callbacks. Create it on the GUI thread."""

    _finished = Signal(object)  # _Done, emitted on a worker, delivered on the GUI thread
    failed = Signal(str, object)  # (label, exception): for a window's plain message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lanes: dict[Lane, concurrent.futures.ThreadPoolExecutor] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._running = 0
        self._handlers: list[ErrorHandler] = []
        # Queued even when emitted on the GUI thread: a task that is already done when run()
        # adds its callback (a fast check) calls back on the caller's stack, and delivering
        # there would change the page in the middle of the key or click that started the task
        # (the Enter that sent the SIM number then also pressed the next page's "I am ready").
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # -- public -----------------------------------------------------------------------------------

    def add_error_handler(self, handler: ErrorHandler) -> None:
        """Called (on the GUI thread) for every failure nobody else handled."""
        self._handlers.append(handler)

    @property
    def running(self) -> int:
        """Tasks submitted whose callbacks have not run yet."""
        return self._running

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        lane: Lane = Lane.DEFAULT,
        label: str = "",
    ) -> concurrent.futures.Future:
        if lane not in Lane.__members__.values():
            raise ValueError(f"unknown lane {lane!r}")
        with self._lock:
            if self._closed:
                raise RuntimeError("task runner is shut down")
            executor = self._lanes.get(lane)
            if executor is None:
                executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix=f"simkiosk-{lane}"
                )
                self._lanes[lane] = executor
        self._running += 1
        future = executor.submit(fn)
        done = _Done(label or getattr(fn, "__name__", "task"), future, on_success, on_failure)
        future.add_done_callback(lambda _f: self._emit(done))
        return future

    def report(self, label: str, exc: BaseException) -> None:
        """Hand an exception to the error handlers (GUI thread)."""
        log.error(
            "task %s failed: %s",
            label,
            type(exc).__name__,
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        self.failed.emit(label, exc)
        for handler in list(self._handlers):
            try:
                handler(label, exc)
            except Exception:  # a broken handler must not hide the original failure
                log.exception("error handler failed")

    def shutdown(self, *, wait: bool = True) -> None:
        """Refuse new work, drop queued work, wait for running work to finish."""
        with self._lock:
            self._closed = True
            lanes = list(self._lanes.values())
            self._lanes.clear()
        for executor in lanes:
            executor.shutdown(wait=wait, cancel_futures=True)

    # -- internals --------------------------------------------------------------------------------

    def _emit(self, done: _Done) -> None:
        # Runs on the worker (or on the caller when the future was cancelled). The signal is
        # queued to the GUI thread because this object lives there.
        # RuntimeError: the runner was deleted with the window; nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            self._finished.emit(done)

    @Slot(object)
    def _deliver(self, done: _Done) -> None:
        self._running -= 1
        future = done.future
        if future.cancelled():
            return
        exc = future.exception()
        try:
            if exc is None:
                if done.on_success is not None:
                    done.on_success(future.result())
            elif done.on_failure is not None:
                log.info("task %s failed: %s", done.label, type(exc).__name__)
                done.on_failure(exc)
            else:
                self.report(done.label, exc)
        except Exception as callback_exc:
            self.report(f"{done.label} (callback)", callback_exc)
