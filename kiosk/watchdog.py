"""systemd's notification protocol (sd_notify) without libsystemd: READY=1 once the attract
screen can be drawn, WATCHDOG=1 from the GUI loop, STOPPING=1 on the way out.

The kiosk unit runs ``cage -- simkiosk run`` with ``Type=notify``, ``NotifyAccess=all`` and
``WatchdogSec``: the messages come from the kiosk, a child of cage (the unit's main process), so
``WATCHDOG_PID`` names cage and is not checked here. The pings are sent by a timer of the Qt event
loop (kiosk/ui/app.py): when the interface freezes, the pings stop and systemd restarts the kiosk.
Outside systemd (no ``$NOTIFY_SOCKET``) every call is a cheap no-op.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


class SystemdNotifier:
    def __init__(self, socket_path: str | None, watchdog_usec: int | None) -> None:
        self.socket_path = socket_path or None
        self.watchdog_interval_s = watchdog_usec / 1e6 if watchdog_usec else None
        self._sock: socket.socket | None = None
        self._failed = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> SystemdNotifier:
        env = os.environ if environ is None else environ
        usec: int | None
        try:
            usec = int(env.get("WATCHDOG_USEC", "")) or None
        except ValueError:
            usec = None
        return cls(env.get("NOTIFY_SOCKET"), usec)

    @property
    def ping_every_ms(self) -> int | None:
        """How often to ping: half the watchdog interval (systemd's advice), None without one."""
        if not (self.socket_path and self.watchdog_interval_s):
            return None
        return max(100, int(self.watchdog_interval_s * 1000 / 2))

    def notify(self, message: str) -> bool:
        """Send one notification; False when there is no socket or it failed (logged once)."""
        if not self.socket_path:
            return False
        address = self.socket_path
        if address.startswith("@"):  # the abstract namespace
            address = "\0" + address[1:]
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._sock.sendto(message.encode(), address)
        except OSError as exc:
            if not self._failed:
                log.warning("systemd notification failed: %s", exc)
            self._failed = True
            return False
        return True

    def ready(self) -> bool:
        return self.notify("READY=1\nSTATUS=attract screen shown")

    def ping(self) -> bool:
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
