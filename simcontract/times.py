"""RFC 3339 time stamps as the contract writes them: UTC, ``T`` between date and time, ``Z``.

Records carry milliseconds (``created_at``, the receipt's ``issued_at``), heartbeats
microseconds (``sent_at``), enrolment tokens and key files whole seconds; the schema's
``created_at`` pattern takes any of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

Precision = Literal["seconds", "milliseconds", "microseconds"]


def rfc3339(moment: datetime, timespec: Precision = "milliseconds") -> str:
    """``moment`` in UTC, e.g. ``2026-03-01T09:30:00.250Z``. A naive time is refused: which
    zone it meant cannot be known."""
    if moment.tzinfo is None:
        raise ValueError("contract times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def rfc3339_from_epoch(epoch_s: float, timespec: Precision = "microseconds") -> str:
    """A POSIX time stamp (``time.time()``, a file's mtime) the same way."""
    return rfc3339(datetime.fromtimestamp(epoch_s, UTC), timespec)
