"""Outbox storage errors: :class:`OutboxError`, plain words for sqlite3/OS errors, and the
``_storage`` wrapper that turns them into one line (freeing the disk reserve on a full disk)."""

from __future__ import annotations

import functools
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kiosk.errors import RecordError


class OutboxError(RecordError):
    """The outbox cannot be used: damaged, missing, the disk full. One plain line."""


# -- storage errors in plain words ----------------------------------------------------------------


def _free_bytes(path: Path) -> int:
    try:
        return shutil.disk_usage(path.parent).free
    except OSError:
        return 1 << 62  # unknown: do not refuse for it


def _disk_nearly_full(path: Path | None) -> bool:
    return path is not None and _free_bytes(path) < 256 * 1024


def plain_storage_error(exc: BaseException, path: Path | None = None) -> str:
    """One plain line for a storage error (``path``: the outbox, to tell a full disk behind
    SQLite's "disk I/O error")."""
    text = str(exc)
    low = text.lower()
    if (
        "disk is full" in low
        or "no space" in low
        or getattr(exc, "errno", None) == 28
        or ("i/o error" in low and _disk_nearly_full(path))
    ):
        return "the disk is full (free some space; no record was lost)"
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return "the outbox file is damaged (a technician must restore it; see simkiosk diagnose)"
    if "locked" in low or "busy" in low:
        return "the outbox is busy in another process for too long (try again)"
    if "readonly" in low or "read-only" in low or "permission" in low:
        return "the outbox cannot be written (read-only file or directory)"
    if "unable to open" in low:
        return "the outbox file cannot be opened"
    return text.splitlines()[0][:200] if text else type(exc).__name__


F = TypeVar("F", bound=Callable[..., Any])


def _storage(func: F) -> F:
    """sqlite3 and OS errors leave a public method as one OutboxError line, never a traceback.
    On a full disk, what drains the outbox (every change but a new record) frees the disk
    reserve and tries once more: new enrollments stop, the records already taken still go."""

    @functools.wraps(func)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:  # self: an Outbox
        for attempt in (1, 2):
            try:
                return func(self, *args, **kwargs)
            except (sqlite3.Error, OSError) as exc:
                reason = plain_storage_error(exc, self.path)
                if (
                    attempt == 1
                    and reason.startswith("the disk is full")
                    and func.__name__ not in _NO_RESERVE
                    and self._release_reserve()
                ):
                    continue
                raise OutboxError(f"outbox {self.path}: {reason}") from None
        raise AssertionError("unreachable")

    return wrapper  # type: ignore[return-value]  # functools.wraps: func's signature, as F


_NO_RESERVE = frozenset({"enqueue"})  # a new record must not eat the room kept for draining
