"""The outbox's disk reserve: room kept free beside the database so that queued records can
still be sent and marked delivered once the disk has filled up (a mixin of Outbox)."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from kiosk.records.outbox_connection import _open_connection
from kiosk.records.outbox_errors import _free_bytes, plain_storage_error

log = logging.getLogger("kiosk.records.outbox")  # one logger name for the whole outbox

RESERVE_SUFFIX = ".reserve"  # beside the database: room kept free for draining a full disk
RESERVE_BYTES = 4 * 1024 * 1024


class DiskReserve:
    """Outbox methods for the disk reserve (uses ``self.path``)."""

    path: Path  # set by Outbox.__init__

    def _open_with_reserve(self) -> sqlite3.Connection:
        """Opening needs room too (SQLite makes its -wal and -shm files): on a full disk the
        reserve is freed so that the outbox can still be read and drained."""
        try:
            return _open_connection(self.path)
        except (sqlite3.Error, OSError) as exc:
            if not (
                plain_storage_error(exc, self.path).startswith("the disk is full")
                and self._release_reserve()
            ):
                raise
        return _open_connection(self.path)

    @property
    def reserve_path(self) -> Path:
        return self.path.with_name(self.path.name + RESERVE_SUFFIX)

    @property
    def _spent_path(self) -> Path:
        return self.path.with_name(self.path.name + RESERVE_SUFFIX + "-spent")

    def _keep_reserve(self) -> None:
        """Set RESERVE_BYTES aside on the outbox's disk while there is plenty of room, so that
        records can still be sent and marked delivered once the disk has filled up."""
        if self.reserve_path.exists():
            return
        try:
            if _free_bytes(self.path) < 8 * RESERVE_BYTES:
                return
            tmp = self.reserve_path.with_name(f".{self.reserve_path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(b"\0" * RESERVE_BYTES)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.reserve_path)
            self._spent_path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("outbox: no disk reserve set aside: %s", exc)

    def _release_reserve(self) -> bool:
        """The disk is full: free the reserve so that the outbox can drain. True when freed.
        (Renamed, then emptied: a rename needs no room, and the empty file remembers it.)"""
        try:
            os.replace(self.reserve_path, self._spent_path)
            os.truncate(self._spent_path, 0)
        except FileNotFoundError:
            return False
        except OSError as exc:
            log.error("outbox: the disk reserve cannot be freed: %s", exc)
            return False
        log.error(
            "outbox: the disk is full; its reserve (%d bytes) is freed so that records "
            "can still be sent",
            RESERVE_BYTES,
        )
        return True

    def reserve_used(self) -> bool:
        """The disk filled up and the reserve was spent (it comes back once there is room)."""
        return self._spent_path.exists() and not self.reserve_path.exists()
