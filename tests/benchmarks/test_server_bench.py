"""Activation server throughput and latency on loopback, against a bare FastAPI endpoint.

Run: make bench, or
  PYTHONPATH=$PWD .venv/bin/python -m pytest -q -s tests/benchmarks/test_server_bench.py

Every request is a distinct pre-signed record (a new person and SIM each, so all are accepted
with 201), sent by a light asyncio HTTP/1.1 client over CONNECTIONS keep-alive connections. The
peer is a bare FastAPI JSON POST endpoint on one uvicorn worker, measured in the same run, so the
figures and ratios are comparable on whatever machine runs them. The client shares the CPU with
the server; on a 2-core machine it takes a noticeable share.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from server.cli import main as server_cli
from tests.server.support import (
    REPO,
    PostgresCluster,
    SigningKiosk,
    free_port,
    new_iccid,
    new_iin,
    postgres_bin,
    running_server,
)

CONNECTIONS = 32
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "4000"))
PACED_REQUESTS = 1500
WARMUP = 300
GOAL_RATE, GOAL_P99_MS = 300.0, 50.0


@dataclass
class Figures:
    name: str
    rate: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int]
    # CPU time per request of the server processes (with the database's), and of the client:
    # unlike rates, these hardly depend on what else the shared machine is doing
    server_cpu_ms: float
    client_cpu_ms: float

    @property
    def idle_capacity(self) -> float:
        """Requests/s the measured CPU cost allows on this machine's cores if nothing else ran
        (client included, as in the measurement)."""
        return (os.cpu_count() or 1) * 1000 / (self.server_cpu_ms + self.client_cpu_ms)

    def line(self, reference: Figures | None = None) -> str:
        text = (
            f"{self.name:<44} {self.rate:6.0f}/s  p50 {self.p50_ms:6.1f} ms  "
            f"p99 {self.p99_ms:6.1f} ms  cpu {self.server_cpu_ms:4.2f}+"
            f"{self.client_cpu_ms:4.2f} ms/req (idle capacity {self.idle_capacity:5.0f}/s)"
        )
        if reference is not None:
            text += f"  = {self.rate / reference.rate:.2f} x bare rate"
        return text


def http_request(path: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
    )
    await reader.readexactly(length)
    return int(lines[0].split()[1])


async def _load(
    port: int, requests_: list[bytes], rate: float | None
) -> tuple[float, list[float], dict[int, int]]:
    """Closed loop (rate None): every connection sends its next request as soon as the answer
    arrives. Open loop: requests are due at a fixed rate and latency counts from when each was
    due, so queueing in the client counts too (no coordinated omission)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
    started = time.perf_counter()

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (item := await queue.get()) is not None:
                due, request = item
                if rate is None:
                    due = time.perf_counter()
                status = await _exchange(reader, writer, request)
                latencies.append(time.perf_counter() - due)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    workers = [asyncio.create_task(connection()) for _ in range(CONNECTIONS)]
    if rate is None:
        for request in requests_:
            queue.put_nowait((0.0, request))
    else:
        for i, request in enumerate(requests_):
            due = started + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            queue.put_nowait((due, request))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return time.perf_counter() - started, latencies, statuses


def _cpu_seconds(roots: list[int]) -> float:
    """User+system CPU of the given processes and all their descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    wanted = set(roots)
    grew = True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in wanted} - wanted
        grew = bool(children)
        wanted |= children
    return sum(times.get(pid, 0.0) for pid in wanted)


def measure(
    name: str, port: int, requests_: list[bytes], roots: list[int], rate: float | None = None
) -> Figures:
    asyncio.run(_load(port, requests_[:WARMUP], None))
    server_cpu, client_cpu = _cpu_seconds(roots), time.process_time()
    elapsed, latencies, statuses = asyncio.run(_load(port, requests_[WARMUP:], rate))
    server_cpu, client_cpu = _cpu_seconds(roots) - server_cpu, time.process_time() - client_cpu
    cuts = statistics.quantiles(latencies, n=100)
    label = f"{name}, {'saturated' if rate is None else f'offered {rate:.0f}/s'}"
    n = len(latencies)
    figures = Figures(
        label,
        n / elapsed,
        cuts[49] * 1000,
        cuts[98] * 1000,
        statuses,
        server_cpu / n * 1000,
        client_cpu / n * 1000,
    )
    print(figures.line(), flush=True)
    return figures


def signed_bodies(kiosk: SigningKiosk, count: int) -> list[bytes]:
    return [
        http_request(
            "/v1/activations", json.dumps(kiosk.envelope(iin=new_iin(), iccid=new_iccid())).encode()
        )
        for _ in range(count)
    ]


def bench_server(
    name: str, db_url: str, tmp: Path, kiosk: SigningKiosk, workers: int, db_roots: list[int]
) -> list[Figures]:
    """Saturation throughput, then latency at the goal's offered rate (fresh records each)."""
    home = kiosk.write_home(tmp / f"kiosk-{name}")
    assert server_cli(["register-kiosk", "--db", db_url, "--from-kiosk", str(home)]) == 0
    results = []
    with running_server(db_url, tmp / f"home-{name}", workers=workers) as server:
        for rate, count in ((None, REQUESTS), (GOAL_RATE, PACED_REQUESTS)):
            assert server.proc is not None
            results.append(
                measure(
                    name,
                    server.port,
                    signed_bodies(kiosk, count + WARMUP),
                    [server.proc.pid, *db_roots],
                    rate,
                )
            )
    for figures in results:
        assert set(figures.statuses) == {201}, figures.statuses
    return results


def bench_bare(bodies: list[bytes]) -> Figures:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bare_fastapi_app:app",
            "--app-dir",
            str(Path(__file__).parent),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                requests.post(f"http://127.0.0.1:{port}/echo", json={}, timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        return measure("bare FastAPI JSON POST, 1 worker", port, bodies, [proc.pid])
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_activation_throughput(tmp_path: Path) -> None:
    kiosk = SigningKiosk("bench-kiosk")
    print(
        f"\nserver benchmark: {CONNECTIONS} connections, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f} at the start"
    )
    one_record = signed_bodies(kiosk, 1)[0].split(b"\r\n\r\n", 1)[1]
    bare = bench_bare([http_request("/echo", one_record)] * (REQUESTS + WARMUP))
    results = bench_server(
        "SQLite, 1 worker", f"sqlite:///{tmp_path / 'bench.db'}", tmp_path, kiosk, 1, []
    )
    if postgres_bin() is None:
        pytest.skip("PostgreSQL binaries missing; SQLite figures printed above")
    cluster = PostgresCluster(durable=True)
    try:
        for workers in (1, 2):
            results += bench_server(
                f"PostgreSQL, {workers} worker(s)",
                cluster.create_database(),
                tmp_path,
                kiosk,
                workers,
                [cluster.postmaster_pid()],
            )
    finally:
        cluster.stop()
    print(f"\nsummary (same run, same machine; load average now {os.getloadavg()[0]:.2f}):")
    print(bare.line())
    for figures in results:
        print(figures.line(bare))
    saturated = max(
        (f for f in results if "PostgreSQL" in f.name and "saturated" in f.name),
        key=lambda f: f.rate,
    )
    paced = min(
        (f for f in results if "PostgreSQL" in f.name and "offered" in f.name),
        key=lambda f: f.p99_ms,
    )
    print(
        f"goal >= {GOAL_RATE:.0f}/s with PostgreSQL: {saturated.rate:.0f}/s "
        f"({saturated.name}) -> {'met' if saturated.rate >= GOAL_RATE else 'MISSED'}"
    )
    print(
        f"goal p99 < {GOAL_P99_MS:.0f} ms at {GOAL_RATE:.0f}/s: {paced.p99_ms:.1f} ms "
        f"({paced.name}) -> {'met' if paced.p99_ms < GOAL_P99_MS else 'MISSED'}"
    )
    print(
        f"aim: a quarter of the bare rate: {saturated.rate / bare.rate:.2f} measured, "
        f"{saturated.idle_capacity / bare.idle_capacity:.2f} by CPU cost per request"
    )
