"""Signed heartbeats to the server (``POST /v1/heartbeats``) from a thread of their own, every
``records.heartbeat_s`` seconds and once at start, so the fleet view sees a kiosk come back after
a restart or an update within seconds.

A heartbeat says what a technician needs before driving out: the version running, how long it
has run, the outbox's depth and oldest pending age, whether new enrollments are frozen and why,
the clock's skew against the server and when the kiosk last crashed. It carries no personal
data. It is signed with the device key like a record; the server keeps the newest per kiosk
(``sent_at`` must grow) and calls a kiosk missing after two intervals without one.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from kiosk import __version__
from kiosk.errors import KioskError, ServerError
from kiosk.records.client import ActivationClient
from kiosk.records.freeze import freeze_reasons, measure_clock_skew
from kiosk.records.keys import DeviceKey
from kiosk.records.outbox import Outbox
from kiosk.settings import Settings
from kiosk.updates import UpdateGate
from simcontract import signing
from simcontract.times import rfc3339_from_epoch

log = logging.getLogger(__name__)
CRASH_PREFIX = "crash-"  # as kiosk/ui/early_init.py names its crash files
MIN_INTERVAL_S = 10  # the server refuses shorter announced intervals


def running_version() -> str:
    """The installed distribution's version (the Debian package's), else the source's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("simkiosk")
    except PackageNotFoundError:
        return __version__


def last_crash_at(settings: Settings) -> str | None:
    """When the newest crash file was written (RFC 3339 UTC), None without one."""
    try:
        stamps = [
            p.stat().st_mtime
            for p in settings.crash_dir.iterdir()
            if p.name.startswith(CRASH_PREFIX) and p.suffix == ".txt"
        ]
    except FileNotFoundError:
        return None
    return rfc3339_from_epoch(max(stamps)) if stamps else None


def build_heartbeat(
    settings: Settings,
    outbox: Outbox,
    *,
    uptime_s: float,
    clock_skew_s: float | None,
    now: float | None = None,
) -> dict[str, Any]:
    status = outbox.status()
    reasons = freeze_reasons(settings, outbox, clock_skew_s=clock_skew_s)
    age = status["oldest_pending_age_s"]
    beat: dict[str, Any] = {
        "kiosk_id": settings.kiosk.id,
        "sent_at": rfc3339_from_epoch(time.time() if now is None else now),
        "interval_s": max(MIN_INTERVAL_S, int(settings.records.heartbeat_s)),
        "version": running_version(),
        "uptime_s": round(max(0.0, uptime_s), 1),
        "outbox": {
            "pending": int(status["pending"]),
            "oldest_pending_age_s": None if age is None else round(float(age), 1),
            "evidence_pending": int(status.get("evidence_pending", 0)),
        },
        "frozen": bool(reasons),
        "freeze_reasons": [r[:500] for r in reasons[:20]],
        "clock_skew_s": clock_skew_s,
        "last_crash_at": last_crash_at(settings),
    }
    # The last package update's outcome (installed, install_failed, start_failed, recovered);
    # only when there is one, so a server from before the field still takes the heartbeat.
    update = UpdateGate(settings.home).result()
    if update is not None:
        beat["update"] = update
    return beat


class HeartbeatRefused(ServerError):
    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(f"the server refused the heartbeat: {code}: {message}")
        self.code, self.status = code, status


def send_heartbeat(client: ActivationClient, key: DeviceKey, beat: dict[str, Any]) -> None:
    """POST one signed heartbeat, once (the next one comes soon). Raises HeartbeatRefused, or
    the client's Unreachable."""
    from kiosk.records.client import _error_of

    envelope = signing.make_envelope("heartbeat", beat, key.private_key)
    # the client's request loop (TLS verification as configured), without retries
    resp = client._request("POST", "/v1/heartbeats", retries=0, json=envelope)
    if resp.status_code != 204:
        code, message = _error_of(resp)
        raise HeartbeatRefused(code, message, resp.status_code)


class HeartbeatSender:
    """The heartbeat thread: one beat at start, then every ``records.heartbeat_s``; ``stop()``
    interrupts the wait and joins it. Its own client (requests sessions are per thread)."""

    def __init__(
        self, settings: Settings, outbox: Outbox, key: DeviceKey, *, server_url: str | None = None
    ) -> None:
        self.settings, self.outbox, self.key = settings, outbox, key
        self._stop = threading.Event()
        self._client = ActivationClient(settings, server_url=server_url, stop=self._stop)
        self._started = time.monotonic()
        self._thread: threading.Thread | None = None
        self.sent = 0
        self.last_error = ""

    def start(self) -> None:
        UpdateGate(self.settings.home).note_running(running_version())  # the app is up
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(sum(self._client.timeout) * 2 + 5.0)
            self._thread = None
        self._client.close()

    def beat_once(self) -> bool:
        """Measure, build, sign and send one heartbeat; False (logged) when it did not go."""
        try:
            skew = measure_clock_skew(self._client)
            beat = build_heartbeat(
                self.settings,
                self.outbox,
                uptime_s=time.monotonic() - self._started,
                clock_skew_s=skew,
            )
            send_heartbeat(self._client, self.key, beat)
        except KioskError as exc:
            if str(exc) != self.last_error:  # once per new reason, not every few minutes
                log.warning("heartbeat not sent: %s", exc)
            self.last_error = str(exc)
            return False
        self.sent += 1
        self.last_error = ""
        return True

    def _run(self) -> None:
        interval = max(MIN_INTERVAL_S, self.settings.records.heartbeat_s)
        while not self._stop.is_set():
            try:
                self.beat_once()
            except Exception:  # a bug or a disk error must not end the heartbeats silently
                log.exception("heartbeat failed")
            self._stop.wait(interval)
