"""Finished records give up their personal data: emptied in the outbox and overwritten in its
files after ``records.keep_finished_h``, by the background sender or ``simkiosk outbox purge``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.records.outbox import Outbox, OutboxState
from kiosk.records.submission import BackgroundSender
from tests.records.support import SUBSCRIBER, make_envelope

SEALED = b"SEALED-EVIDENCE-" + bytes(range(32))


class Clock:
    def __init__(self, t: float = 2_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def _on_disk(path: Path) -> bytes:
    """Every byte of the outbox's files, as a thief with the disk would read them."""
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def _finish(
    outbox: Outbox, envelope: dict, state: str = "delivered", sealed: bytes | None = None
) -> str:
    rid = outbox.enqueue(envelope, sealed)
    assert outbox.claim(rid)
    if state == "delivered":
        outbox.mark_delivered(rid, {"record_id": rid, "status": "activated"})
    else:
        outbox.mark_rejected(rid, "sim_limit", "the person has too many SIM cards")
    return rid


def test_purge_empties_only_old_finished_records_and_leaves_no_trace_in_the_files(
    settings, device_key
) -> None:
    clock = Clock()
    with Outbox(settings.outbox_path, clock=clock) as outbox:
        old = make_envelope(settings, device_key)
        old_rejected = make_envelope(settings, device_key)
        rid_old = _finish(outbox, old)
        # a rejected record's evidence never goes up: it goes with the record's contents
        rid_rejected = _finish(outbox, old_rejected, "rejected", SEALED)
        clock.t += 7200
        fresh = _finish(outbox, make_envelope(settings, device_key), sealed=SEALED)

        assert outbox.purge_finished(3600) == 2
        for rid in (rid_old, rid_rejected):
            entry = outbox.get(rid)
            assert entry.envelope == {} and not entry.has_sealed_evidence
        assert outbox.get(rid_old).receipt == {"record_id": rid_old, "status": "activated"}
        assert outbox.get(rid_rejected).reject_code == "sim_limit"
        assert outbox.get(fresh).envelope["record"]["record_id"] == fresh
        assert outbox.status()["delivered"] == 2 and outbox.status()["rejected"] == 1
        assert outbox.purge_finished(3600) == 0  # already empty: nothing to do twice

        disk = _on_disk(settings.outbox_path)
        for gone in (old, old_rejected):
            assert gone["signature"].encode() not in disk
        assert fresh.encode() in disk
        assert disk.count(SEALED) == 1  # the fresh record's evidence, not the purged one's


def test_purged_files_hold_no_personal_data(settings, device_key) -> None:
    clock = Clock()
    with Outbox(settings.outbox_path, clock=clock) as outbox:
        _finish(outbox, make_envelope(settings, device_key))
        assert SUBSCRIBER["iin"].encode() in _on_disk(settings.outbox_path)
        assert outbox.purge_finished(0) == 1
    disk = _on_disk(settings.outbox_path)
    for value in (
        SUBSCRIBER["iin"],
        SUBSCRIBER["document"]["number"],
        SUBSCRIBER["given_names"],
        SUBSCRIBER["surname"],
    ):
        assert value.encode() not in disk, f"{value!r} is still in the outbox files"


def test_evidence_still_to_go_up_holds_its_record_back(settings, device_key) -> None:
    clock = Clock()
    with Outbox(settings.outbox_path, clock=clock) as outbox:
        rid = _finish(outbox, make_envelope(settings, device_key), sealed=SEALED)
        assert outbox.evidence_due_ids() == [rid] and outbox.status()["evidence_pending"] == 1
        clock.t += 10 * 86400
        assert outbox.purge_finished(0) == 0
        assert outbox.get(rid).envelope and SEALED in _on_disk(settings.outbox_path)
        outbox.mark_evidence_sent(rid)
        assert outbox.evidence_due_ids() == [] and outbox.status()["evidence_pending"] == 0
        assert SEALED not in _on_disk(settings.outbox_path)  # the server has it now
        assert outbox.purge_finished(0) == 1


def test_pending_records_are_never_purged(settings, device_key) -> None:
    clock = Clock()
    with Outbox(settings.outbox_path, clock=clock) as outbox:
        rid = outbox.enqueue(make_envelope(settings, device_key))
        sending = outbox.enqueue(make_envelope(settings, device_key))
        assert outbox.claim(sending)
        clock.t += 10 * 365 * 86400
        assert outbox.purge_finished(0) == 0
        assert outbox.get(rid).envelope and outbox.get(sending).envelope


def test_a_purged_record_enqueued_again_stays_finished(settings, device_key) -> None:
    with Outbox(settings.outbox_path) as outbox:
        envelope = make_envelope(settings, device_key)
        rid = _finish(outbox, envelope)
        outbox.purge_finished(0)
        assert outbox.enqueue(envelope) == rid
        assert outbox.get(rid).state == OutboxState.DELIVERED and outbox.status()["pending"] == 0


def test_the_background_sender_purges_after_the_retention(
    make_settings, device_key, server
) -> None:
    settings = make_settings(server_url=server.url, keep_finished_h=0)
    with Outbox(settings.outbox_path) as outbox:
        rid = outbox.enqueue(make_envelope(settings, device_key))
        with BackgroundSender(settings, outbox):
            deadline = time.monotonic() + 30  # only stops a hung test; not a timing assertion
            while (entry := outbox.get(rid)).envelope:
                assert time.monotonic() < deadline, f"record never purged: {entry.state}"
                time.sleep(0.02)
        assert entry.state == OutboxState.DELIVERED and entry.receipt["receipt"]["record_id"] == rid


def test_outbox_purge_command(capsys, settings, device_key) -> None:
    with Outbox(settings.outbox_path) as outbox:
        _finish(outbox, make_envelope(settings, device_key))
    # the default retention (a week) keeps a record finished a moment ago
    assert main(["outbox", "purge", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"purged": 0}
    assert main(["outbox", "purge", "--older-than-h", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"purged": 1}
    assert main(["outbox", "purge", "--older-than-h", "-1"]) != 0
    assert "--older-than-h" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["-1", "week"])
def test_bad_retention_setting_names_the_key(capsys, monkeypatch, value) -> None:
    monkeypatch.setenv("SIMKIOSK_RECORDS_KEEP_FINISHED_H", value)
    assert main(["outbox", "status"]) != 0
    assert "keep_finished_h" in capsys.readouterr().err
