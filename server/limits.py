"""Limits against clients that hold the server's resources without finishing their requests, and
against floods of refused requests.

- :class:`GuardedH11Protocol`: uvicorn's h11 protocol with a deadline for a request's headers
  (uvicorn has none: a client sending one header byte a second kept its connection for ever).
- The body deadlines and the in-flight byte cap live in ``server.app.BodyLimit``.
- :class:`RefusalLimiter`: per client address and minute, counts refusals of unauthenticated
  requests; a few get an audit row each, the rest one row per address and minute, and past the
  limit the address is answered 429 without its request being read.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

READ_SIZE = 16 * 1024  # bytes read from one connection at a time


class GuardedH11Protocol(H11Protocol):
    """h11 with a header deadline: from the connection's start, and again after every answer
    (a keep-alive connection's next request), the request line and headers must be complete
    within ``header_timeout_s`` or the connection is closed. uvicorn's keep-alive timer does not
    help: any byte received cancels it."""

    header_timeout_s: float = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout_s = _configured_header_timeout()

    # as in uvicorn's H11Protocol (ignored there too): asyncio.Protocol declares BaseTransport
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if hasattr(transport, "max_size"):
            # asyncio reads up to 256 KiB per socket per loop turn before the app can refuse
            # anything: with hundreds of connections sending at once that alone is tens of MiB
            transport.max_size = READ_SIZE
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:  # a request's headers are complete
            self._disarm_header_timer()

    def on_response_complete(self) -> None:
        self._arm_header_timer()  # before super(): it may start a pipelined request at once
        super().on_response_complete()

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered
        if not self.transport.is_closing():
            self.transport.close()


_header_timeout: float | None = None


def _configured_header_timeout() -> float:
    """From SIMKIOSK_SERVER_HEADER_TIMEOUT_S, read once per process (uvicorn's workers build
    their protocol from the class alone)."""
    global _header_timeout
    if _header_timeout is None:
        from server.config import load_config

        _header_timeout = load_config().header_timeout_s
    return _header_timeout


def uvicorn_settings(config: Any) -> dict[str, Any]:
    """The keyword arguments of uvicorn.run / uvicorn.Config that enforce ``config``'s limits."""
    return {
        "http": GuardedH11Protocol,
        "timeout_keep_alive": config.keep_alive_s,
        "limit_concurrency": config.max_connections,
        "h11_max_incomplete_event_size": config.max_header_bytes,
    }


# -- refusals of unauthenticated requests ---------------------------------------------------------

OTHER_SOURCES = "(other addresses)"
MAX_SOURCES = 10_000  # addresses tracked per minute; beyond, they share one counter


@dataclass
class _Window:
    minute: int  # minutes since the epoch
    count: int = 0  # refusals so far (own rows and counted)
    counted: Counter[str] = field(default_factory=Counter)  # code -> refusals without own row


@dataclass(frozen=True)
class Tally:
    """One aggregated audit row: refusals from ``source`` in one minute without their own row."""

    source: str
    minute_start: datetime
    counts: dict[str, int]

    def reason(self) -> str:
        codes = ", ".join(f"{code} {n}" for code, n in sorted(self.counts.items()))
        return (
            f"{sum(self.counts.values())} further refusal(s) from {self.source} in the "
            f"minute from {self.minute_start:%Y-%m-%dT%H:%MZ}: {codes}"
        )


class RefusalLimiter:
    """Thread-safe counters of refused unauthenticated requests per client address and minute.
    Memory is bounded: the current minute's windows, at most MAX_SOURCES of them."""

    def __init__(
        self, per_minute: int, audited_per_minute: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.per_minute, self.audited_per_minute, self.clock = (
            per_minute,
            audited_per_minute,
            clock,
        )
        self._windows: dict[str, _Window] = {}
        self._finished: list[Tally] = []
        self._minute = 0
        self._lock = threading.Lock()

    def _window(self, source: str, minute: int) -> _Window:
        if minute != self._minute:  # a new minute: the last one's windows are finished
            self._roll(minute)
        window = self._windows.get(source)
        if window is None and len(self._windows) >= MAX_SOURCES:
            source, window = OTHER_SOURCES, self._windows.get(OTHER_SOURCES)
        if window is None:
            window = self._windows[source] = _Window(minute)
        return window

    def _finish(self, source: str, window: _Window) -> None:
        if window.counted:
            self._finished.append(
                Tally(source, datetime.fromtimestamp(window.minute * 60, UTC), dict(window.counted))
            )

    def _roll(self, minute: int) -> None:
        self._minute = minute
        for source, window in list(self._windows.items()):
            if window.minute != minute:
                del self._windows[source]
                self._finish(source, window)

    def blocked(self, source: str) -> bool:
        """Whether ``source`` has used up this minute's refusals (answer 429, read nothing)."""
        minute = int(self.clock() // 60)
        with self._lock:
            window = self._windows.get(source)
            return (
                window is not None and window.minute == minute and window.count >= self.per_minute
            )

    def note(self, source: str, code: str) -> bool:
        """Count one refusal; True when it gets an audit row of its own, False when it is
        counted in the address's row for this minute."""
        minute = int(self.clock() // 60)
        with self._lock:
            window = self._window(source, minute)
            window.count += 1
            if window.count <= self.audited_per_minute:
                return True
            window.counted[code] += 1
            return False

    def take_finished(self, *, everything: bool = False) -> list[Tally]:
        """The tallies of minutes that have ended (or all, at shutdown), each handed out once."""
        minute = int(self.clock() // 60)
        with self._lock:
            if everything or minute != self._minute:
                self._roll(minute + 1 if everything else minute)
            finished, self._finished = self._finished, []
        return finished

    def put_back(self, tallies: list[Tally]) -> None:
        """Tallies that could not be stored, to be handed out again."""
        with self._lock:
            self._finished[:0] = tallies
