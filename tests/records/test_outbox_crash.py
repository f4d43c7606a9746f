"""The outbox against real crashes: a child process that enqueues and sends in a loop is killed
with SIGKILL at chosen points (while enqueueing, while the request is in flight, between the
receipt and its bookkeeping, while resending), across several rounds and a server restart.

Afterwards every record the child reported as queued is still there, every row is whole (its
signature verifies), nothing is duplicated, and once flushed each record is delivered with a
verified receipt and activated exactly once on the server."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kiosk.records.client import ActivationClient, check_receipt
from kiosk.records.outbox import Outbox
from kiosk.records.submission import flush
from simcontract import signing
from tests.records.support import settings_for

WORKER = Path(__file__).with_name("outbox_crash_worker.py")
ROOT = Path(__file__).resolve().parents[2]

# One kill per round: (marker line to wait for, which occurrence, delay before the kill in ms,
# server slowness in s). The worker pauses 20 ms between "receipt" and marking it delivered.
ROUNDS = [
    ("enqueue-begin", 1, (0, 4), 0.0),
    ("enqueue-begin", 3, (0, 4), 0.0),
    ("queued", 2, (0, 4), 0.0),
    ("send-begin", 1, (0, 4), 0.05),  # request in flight: the record is left 'sending'
    ("resend-begin", 1, (0, 4), 0.05),  # ... and killed again while it is resent
    ("send-begin", 2, (0, 4), 0.0),
    ("receipt", 1, (0, 4), 0.0),  # activated on the server, not yet marked delivered
    ("resend-begin", 1, (0, 4), 0.0),  # the resend gets the same receipt (or is killed)
    ("receipt", 2, (19, 24), 0.0),  # while marking it delivered
    ("delivered", 1, (0, 4), 0.0),
    ("enqueue-begin", 2, (0, 4), 0.0),
    ("send-begin", 3, (0, 4), 0.05),
    ("receipt", 3, (15, 30), 0.0),
]


def run_and_kill(
    home: Path,
    url: str,
    marker: str,
    nth: int,
    delay_ms: tuple[int, int],
    rng: random.Random,
    queued: set[str],
) -> str:
    """Start a worker, SIGKILL it just after the nth ``marker`` line. Returns how it ended."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(home), url, "12"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    seen = 0
    ended = "finished before the kill point"
    try:
        for line in proc.stdout:
            word, *rest = line.split()
            if word == "queued":
                queued.add(rest[0])
            if word == marker:
                seen += 1
                if seen == nth:
                    time.sleep(rng.uniform(*delay_ms) / 1000)  # inside the step, not at its edge
                    proc.send_signal(signal.SIGKILL)
                    ended = f"killed after {marker} #{nth}"
                    break
    finally:
        proc.wait()
        proc.stdout.close()
    return ended


def test_records_survive_sigkill_at_every_step(simkiosk_home, device_key, server) -> None:
    rng = random.Random(6)
    home = simkiosk_home  # where the fixture made the device key
    queued: set[str] = set()
    kills = []
    for i, (marker, nth, delay_ms, slow) in enumerate(ROUNDS):
        server.mode, server.slow_s = ("slow", slow) if slow else ("ok", 0.0)
        if i == len(ROUNDS) // 2:  # the server restarts too (state kept, like its database)
            server.stop()
            server.start()
        kills.append(run_and_kill(home, server.url, marker, nth, delay_ms, rng, queued))
        # After each kill the outbox opens cleanly and holds everything that was queued.
        with Outbox(home / "outbox.sqlite3") as outbox:
            for rid in queued:
                entry = outbox.get(rid)
                assert entry is not None, f"record {rid} lost after {kills[-1]}"
                assert entry.state in ("pending", "delivered")
    assert all(k.startswith("killed") for k in kills), "; ".join(kills)
    assert len(queued) >= 10

    server.mode = "ok"
    settings = settings_for(home, server_url=server.url)
    with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
        flush(settings, outbox, client)
        assert outbox.status()["pending"] == 0 and outbox.status()["rejected"] == 0
    db = sqlite3.connect(settings.outbox_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT record_id, envelope, state, receipt FROM records").fetchall()
    finally:
        db.close()
    ids = [r[0] for r in rows]
    assert queued <= set(ids)
    assert len(ids) == len(set(ids))
    server_key = server.receipt_key.public_key()
    iccids = set()
    for rid, envelope_text, state, receipt_text in rows:
        envelope = json.loads(envelope_text)
        record = signing.open_envelope("record", envelope, device_key.public_key)  # whole
        assert record["record_id"] == rid and state == "delivered"
        receipt = check_receipt(json.loads(receipt_text), server_key, record)
        assert server.activations[rid][1] == receipt  # the server's one receipt for it
        iccids.add(record["sim"]["iccid"])
    # Exactly one activation per record, no activation without a stored record.
    assert set(server.activations) == set(ids) and server.created == len(ids)
    assert len(iccids) == len(ids)
