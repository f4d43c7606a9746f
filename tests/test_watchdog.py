"""The sd_notify helper against a real datagram socket, as systemd listens on one."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from kiosk.watchdog import SystemdNotifier


@pytest.fixture
def listener(tmp_path: Path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify"
    sock.bind(str(path))
    sock.settimeout(10)
    yield str(path), sock
    sock.close()


def test_ready_ping_and_stopping_reach_the_socket(listener) -> None:
    path, sock = listener
    notifier = SystemdNotifier.from_environment(
        {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000"}
    )
    assert notifier.watchdog_interval_s == 30.0 and notifier.ping_every_ms == 15000
    assert notifier.ready() and notifier.ping() and notifier.stopping()
    got = [sock.recv(256).decode() for _ in range(3)]
    notifier.close()
    assert got[0].startswith("READY=1\n") and got[1:] == ["WATCHDOG=1", "STOPPING=1"]


def test_the_abstract_namespace_is_understood() -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    name = f"simkiosk-test-{id(sock)}"
    sock.bind("\0" + name)
    sock.settimeout(10)
    try:
        notifier = SystemdNotifier.from_environment({"NOTIFY_SOCKET": "@" + name})
        assert notifier.ping_every_ms is None  # no watchdog configured: nothing to feed
        assert notifier.ping()
        assert sock.recv(64) == b"WATCHDOG=1"
        notifier.close()
    finally:
        sock.close()


def test_outside_systemd_nothing_is_sent_and_nothing_fails(tmp_path: Path, caplog) -> None:
    assert SystemdNotifier.from_environment({}).ready() is False
    assert SystemdNotifier.from_environment({"WATCHDOG_USEC": "soon"}).ping_every_ms is None
    gone = SystemdNotifier.from_environment({"NOTIFY_SOCKET": str(tmp_path / "none")})
    assert gone.ping() is False and gone.ping() is False
    assert len([r for r in caplog.records if "notification failed" in r.message]) == 1
    gone.close()
