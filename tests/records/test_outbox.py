"""The outbox's states, recovery and status (in-process; the kill -9 tests are separate)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.errors import KioskError
from kiosk.records.outbox import Outbox, OutboxState
from tests.records.support import make_envelope

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_states_and_status(settings, device_key) -> None:
    clock = Clock()
    with Outbox(settings.outbox_path, clock=clock) as outbox:
        assert outbox.journal_mode() == "wal"
        a_record = make_envelope(settings, device_key)
        outbox.enqueue(a_record)  # writes the -wal file
        for suffix in ("", "-wal", "-shm"):
            path = settings.outbox_path.with_name(settings.outbox_path.name + suffix)
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert outbox.claim(a_record["record"]["record_id"])
        outbox.mark_rejected(a_record["record"]["record_id"], "test", "not counted below")
        assert outbox.status() == {
            "pending": 0,
            "delivered": 0,
            "rejected": 1,
            "oldest_pending_age_s": None,
            "evidence_pending": 0,
            "sending": 0,
            "unreadable": 0,
            "last_error": None,
        }
        a, b, c = (make_envelope(settings, device_key) for _ in range(3))
        ids = [outbox.enqueue(a)]
        clock.t += 10
        ids += [outbox.enqueue(b), outbox.enqueue(c)]
        clock.t += 5
        assert outbox.pending_ids() == ids
        assert outbox.status() == {
            "pending": 3,
            "delivered": 0,
            "rejected": 1,
            "oldest_pending_age_s": 15.0,
            "evidence_pending": 0,
            "sending": 0,
            "unreadable": 0,
            "last_error": None,
        }
        assert outbox.claim(ids[0]) and not outbox.claim(ids[0])
        assert outbox.status()["pending"] == 3  # being sent still counts as not delivered
        outbox.mark_delivered(
            ids[0], {"receipt": {"record_id": ids[0]}, "key_id": "k", "signature": "s"}
        )
        assert outbox.claim(ids[1])
        outbox.mark_rejected(ids[1], "iccid_active", "already active")
        assert outbox.claim(ids[2])
        outbox.release(ids[2], "server unreachable", retry_in_s=30)
        assert outbox.pending_ids(due_only=True) == []
        clock.t += 31
        assert outbox.pending_ids(due_only=True) == [ids[2]]
        entry = outbox.get(ids[2])
        assert entry.attempts == 1 and entry.last_error == "server unreachable"
        assert entry.envelope == c
        assert outbox.get(ids[0]).receipt["receipt"]["record_id"] == ids[0]
        assert outbox.get(ids[1]).reject_code == "iccid_active"
        assert outbox.status() == {
            "pending": 1,
            "delivered": 1,
            "rejected": 2,
            "oldest_pending_age_s": 36.0,
            "evidence_pending": 0,
            "sending": 0,
            "unreadable": 0,
            "last_error": "server unreachable",
        }
        # a finished record stays as another sender finished it (the server's word is final)
        outbox.mark_rejected(ids[0], "late", "a second sender's answer")
        assert outbox.get(ids[0]).state == OutboxState.DELIVERED
        with pytest.raises(KioskError, match="no record"):
            outbox.mark_delivered("no-such-record", {})


def test_enqueue_is_idempotent_and_refuses_conflicts(settings, device_key) -> None:
    with Outbox(settings.outbox_path) as outbox:
        env = make_envelope(settings, device_key)
        rid = outbox.enqueue(env)
        assert outbox.enqueue(env) == rid and outbox.status()["pending"] == 1
        other = make_envelope(settings, device_key, record_id=rid)
        with pytest.raises(KioskError, match="different record"):
            outbox.enqueue(other)
        with pytest.raises(KioskError, match="signed record envelope"):
            outbox.enqueue({"record": {}, "key_id": "x"})


CLAIMER = """
import sys
from pathlib import Path
from kiosk.records.outbox import Outbox
outbox = Outbox(Path(sys.argv[1]))
print(outbox.claim(sys.argv[2]), flush=True)
sys.stdin.readline()
"""


def test_claims_of_live_processes_stay_and_of_dead_ones_come_back(settings, device_key) -> None:
    with Outbox(settings.outbox_path) as outbox:
        rid = outbox.enqueue(make_envelope(settings, device_key))
    child = subprocess.Popen(
        [sys.executable, "-c", CLAIMER, str(settings.outbox_path), rid],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout.readline().strip() == "True"
        with Outbox(settings.outbox_path) as reopened:  # what `outbox status` does
            # a live sender's claim is left alone
            assert reopened.get(rid).state == OutboxState.SENDING
            assert not reopened.claim(rid) and reopened.recover() == 0
            assert reopened.status()["sending"] == 1
    finally:
        child.send_signal(signal.SIGKILL)  # dies holding the claim: no release, no mark
        child.wait()
        child.stdin.close()
        child.stdout.close()
    with Outbox(settings.outbox_path) as reopened:
        assert reopened.get(rid).state == OutboxState.PENDING
        assert reopened.claim(rid)


def test_a_claim_whose_lease_ran_out_comes_back(settings, device_key) -> None:
    clock = Clock(time.time())
    with Outbox(settings.outbox_path, clock=clock) as outbox:
        rid = outbox.enqueue(make_envelope(settings, device_key))
        assert outbox.claim(rid, lease_s=30)
        clock.t += 20
        assert outbox.recover() == 0
        clock.t += 20  # a sender that hangs must not hold the customer's record for ever
        assert outbox.recover() == 1 and outbox.get(rid).state == OutboxState.PENDING


def test_enqueued_record_is_on_disk_before_enqueue_returns(settings, device_key) -> None:
    with Outbox(settings.outbox_path) as outbox:
        rid = outbox.enqueue(make_envelope(settings, device_key), b"sealed-bytes")
        # A second, independent connection (another process would see the same) reads it.
        other = sqlite3.connect(settings.outbox_path)
        try:
            row = other.execute(
                "SELECT state, sealed_evidence FROM records WHERE record_id = ?", (rid,)
            ).fetchone()
        finally:
            other.close()
        assert row == ("pending", b"sealed-bytes")
        assert outbox.sealed_evidence(rid) == b"sealed-bytes"
        assert outbox.get(rid).has_sealed_evidence


def test_outbox_command_status(capsys, settings, device_key) -> None:
    from kiosk.cli import main

    with Outbox(settings.outbox_path) as outbox:
        outbox.enqueue(make_envelope(settings, device_key))
    assert main(["outbox", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["pending"] == 1 and status["delivered"] == 0 and status["rejected"] == 0
    assert status["oldest_pending_age_s"] >= 0


def test_an_outbox_from_before_the_evidence_columns_is_upgraded(settings, device_key) -> None:
    old_schema = """CREATE TABLE records (record_id TEXT PRIMARY KEY, envelope TEXT NOT NULL,
        sealed_evidence BLOB, state TEXT NOT NULL, enqueued_at REAL NOT NULL,
        updated_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL DEFAULT 0, last_error TEXT, receipt TEXT,
        reject_code TEXT, reject_message TEXT)"""
    envelope = make_envelope(settings, device_key)
    rid = envelope["record"]["record_id"]
    db = sqlite3.connect(settings.outbox_path)
    with db:
        db.execute(old_schema)
        db.execute(
            "INSERT INTO records (record_id, envelope, sealed_evidence, state, enqueued_at,"
            " updated_at, receipt) VALUES (?, ?, ?, 'delivered', 1, 1, '{}')",
            (rid, json.dumps(envelope), b"sealed"),
        )
    db.close()
    with Outbox(settings.outbox_path) as outbox:
        assert outbox.get(rid).envelope == envelope
        assert outbox.evidence_due_ids() == [rid]
        outbox.mark_evidence_sent(rid)
        assert outbox.status()["evidence_pending"] == 0
    with Outbox(settings.outbox_path) as reopened:  # a second open finds the columns there
        assert reopened.sealed_evidence(rid) is None
