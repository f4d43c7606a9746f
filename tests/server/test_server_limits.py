"""Resource limits against clients that never finish (the real server in a subprocess on
127.0.0.1), and the per-address limit and aggregated audit of refused unauthenticated requests.

No timed assertions: the slow-client test waits (with a generous stuck-test guard) for the
server to close every stalled connection, and prints the figures it measured."""

from __future__ import annotations

import contextlib
import socket
import time
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from server.cli import main as server_cli
from server.limits import MAX_SOURCES, RefusalLimiter
from server.models import AuditEntry
from tests.server.harness import make_harness
from tests.server.support import running_server

MIB = 1024 * 1024


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0 - 1_800_000_000.0 % 60

    def __call__(self) -> float:
        return self.now


def test_refusals_are_counted_per_address_and_minute() -> None:
    clock = FakeClock()
    limiter = RefusalLimiter(per_minute=5, audited_per_minute=2, clock=clock)
    own = [limiter.note("10.0.0.1", "malformed") for _ in range(7)]
    assert own == [True, True, False, False, False, False, False]
    assert limiter.blocked("10.0.0.1") and not limiter.blocked("10.0.0.2")
    assert limiter.note("10.0.0.2", "unknown_kiosk")
    assert limiter.take_finished() == []  # the minute is not over
    clock.now += 60
    assert not limiter.blocked("10.0.0.1")
    [tally] = limiter.take_finished()
    assert (tally.source, tally.counts) == ("10.0.0.1", {"malformed": 5})
    assert tally.reason().startswith("5 further refusal(s) from 10.0.0.1 in the minute from ")
    assert limiter.take_finished() == []  # handed out once
    limiter.put_back([tally])  # the database was away: handed out again
    assert limiter.take_finished() == [tally]


def test_the_limiter_tracks_a_bounded_number_of_addresses() -> None:
    limiter = RefusalLimiter(per_minute=1, audited_per_minute=0, clock=FakeClock())
    for i in range(MAX_SOURCES + 500):
        limiter.note(f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", "malformed")
    assert len(limiter._windows) <= MAX_SOURCES + 1
    tallies = limiter.take_finished(everything=True)
    assert sum(sum(t.counts.values()) for t in tallies) == MAX_SOURCES + 500


def test_an_address_past_its_refusals_gets_429_and_one_counted_audit_row(db_url, tmp_path) -> None:
    gen = make_harness(
        db_url, tmp_path / "home", refusals_per_minute=5, audited_refusals_per_minute=2
    )
    h = next(gen)
    try:
        answers = [h.post(body=b"{}").status_code for _ in range(8)]
        assert answers == [400] * 5 + [429] * 3
        assert h.post(body=b"{}").json()["error"]["code"] == "rate_limited"
        response = h.client.put(f"/v1/activations/{uuid.uuid4()}/evidence", data=b"x")
        assert response.status_code == 429
        assert h.client.get("/health").status_code == 200  # reading is not limited
        h.service.flush_refusal_counts()
        with h.service.engine.connect() as conn:
            rows = conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)).all()
        assert [r.code for r in rows] == ["malformed", "malformed", "refusals_counted"]
        assert "8 further refusal(s) from 127.0.0.1" in rows[2].reason
        assert "malformed 3" in rows[2].reason and "rate_limited 5" in rows[2].reason
    finally:
        gen.close()


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _closed_by_peer(sock: socket.socket) -> bool:
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except BlockingIOError:
        return False
    except OSError:  # reset: closed too
        return True


def test_stalled_headers_and_bodies_are_cut_off_and_memory_stays_bounded(tmp_path) -> None:
    home, db = tmp_path / "home", f"sqlite:///{tmp_path / 'server.db'}"
    assert server_cli(["init-db", "--db", db, "--home", str(home)]) == 0
    env = {
        "SIMKIOSK_SERVER_HEADER_TIMEOUT_S": "2",
        "SIMKIOSK_SERVER_BODY_IDLE_TIMEOUT_S": "2",
        "SIMKIOSK_SERVER_BODY_TIMEOUT_S": "4",
        "SIMKIOSK_SERVER_REFUSALS_PER_MINUTE": "100000",
    }
    stalled_bodies, stalled_headers, trickling = 150, 40, 10
    with running_server(db, home, env=env) as server:
        pid = server.proc.pid
        rss_before = _rss_kib(pid)
        socks: list[socket.socket] = []
        for _ in range(stalled_bodies):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            head = (
                f"PUT /v1/activations/{uuid.uuid4()}/evidence HTTP/1.1\r\nHost: x\r\n"
                f"Content-Type: application/octet-stream\r\n"
                f"Content-Length: {4 * MIB - 1}\r\n\r\n"
            ).encode()
            with contextlib.suppress(OSError):  # OSError: already refused (503) and closed
                sock.sendall(head + b"\x00" * (512 * 1024))  # then nothing more
            socks.append(sock)
        for _ in range(stalled_headers):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(b"POST /v1/activations HTTP/1.1\r\nHost: x\r\nContent-")
            socks.append(sock)
        trickle = [
            socket.create_connection(("127.0.0.1", server.port), timeout=10)
            for _ in range(trickling)
        ]
        for sock in socks + trickle:
            sock.setblocking(False)
        header = b"GET /health HTTP/1.1\r\n" + b"X-Slow: " + b"a" * 10_000
        peak, sent, open_count = rss_before, 0, len(socks) + len(trickle)
        guard = time.monotonic() + 90  # a stuck-test guard, not a timing check
        while time.monotonic() < guard:
            open_now = [s for s in socks + trickle if not _closed_by_peer(s)]
            open_count = len(open_now)
            peak = max(peak, _rss_kib(pid))
            if not open_now:
                break
            for sock in trickle:  # slowloris: one header byte at a time
                with contextlib.suppress(OSError):
                    sock.send(header[sent : sent + 1])
            sent += 1
            time.sleep(0.2)
        for sock in socks + trickle:
            sock.close()
        health = requests.get(server.url + "/health", timeout=10).json()
        rss_after = _rss_kib(pid)
    print(
        f"\nslow clients: {stalled_bodies} stalled bodies, {stalled_headers} stalled headers, "
        f"{trickling} trickling headers; still open at the end: {open_count}; server RSS "
        f"{rss_before // 1024} MiB before, peak {peak // 1024} MiB, "
        f"{rss_after // 1024} MiB after"
    )
    assert open_count == 0, "the server kept stalled connections open"
    assert health["status"] == "ok"
    assert (peak - rss_before) < 50 * 1024, "memory grew by more than 50 MiB"


@pytest.mark.parametrize(
    "name,value",
    [
        ("HEADER_TIMEOUT_S", "nan"),
        ("MAX_CONNECTIONS", "0"),
        ("BODY_TIMEOUT_S", "inf"),
        ("MAX_INFLIGHT_BODY_BYTES", "1024"),
    ],
)
def test_limits_out_of_range_are_one_line_errors(
    name, value, monkeypatch, capsys, tmp_path
) -> None:
    monkeypatch.setenv("SIMKIOSK_SERVER_" + name, value)
    code = server_cli(
        ["init-db", "--db", f"sqlite:///{tmp_path / 's.db'}", "--home", str(tmp_path / "h")]
    )
    err = capsys.readouterr().err
    assert code == 2 and name in err and err.count("\n") == 1
