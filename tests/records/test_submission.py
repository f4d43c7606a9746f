"""Store-then-send, the background sender, `outbox flush`, `records sample` and freeze rules."""

from __future__ import annotations

import json
import threading
import time

from kiosk.cli import main
from kiosk.records.client import ActivationClient
from kiosk.records.freeze import freeze_reasons
from kiosk.records.outbox import Outbox, OutboxState
from kiosk.records.submission import BackgroundSender, SubmissionOutcome, flush, submit_envelope
from simcontract import signing
from simcontract.checkdigits import iccid_problem
from tests.records.support import make_envelope


def wait_for(condition, what: str, limit_s: float = 30.0) -> None:
    """Wait for a state (not a timing assertion: the limit only stops a hung test)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def test_submit_outcomes_and_the_outbox_states(make_settings, device_key, server) -> None:
    settings = make_settings(server_url=server.url)
    with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
        env = make_envelope(settings, device_key)
        done = submit_envelope(settings, outbox, client, env)
        assert done.outcome == SubmissionOutcome.ACTIVATED and done.reason == ""
        assert done.receipt["record_id"] == env["record"]["record_id"]
        entry = outbox.get(done.record_id)
        assert entry.state == OutboxState.DELIVERED
        signing.open_envelope("receipt", entry.receipt, server.receipt_key.public_key())

        server.mode = "409"
        refused = submit_envelope(settings, outbox, client, make_envelope(settings, device_key))
        assert refused.outcome == SubmissionOutcome.REJECTED
        assert refused.reason.startswith("iccid_active")
        assert outbox.get(refused.record_id).state == OutboxState.REJECTED

        server.mode = "bad_signature"
        doubtful = submit_envelope(settings, outbox, client, make_envelope(settings, device_key))
        assert doubtful.outcome == SubmissionOutcome.QUEUED and "does not verify" in doubtful.reason
        assert outbox.get(doubtful.record_id).state == OutboxState.PENDING

        server.stop()
        offline = submit_envelope(settings, outbox, client, make_envelope(settings, device_key))
        assert offline.outcome == SubmissionOutcome.QUEUED and "unreachable" in offline.reason
        entry = outbox.get(offline.record_id)
        assert entry.state == OutboxState.PENDING and entry.attempts == 1
        # Submitting a delivered record again answers from the outbox, without the server.
        again = submit_envelope(settings, outbox, client, env)
        assert again.outcome == SubmissionOutcome.ACTIVATED and again.receipt == done.receipt
        assert outbox.status()["pending"] == 2


def test_background_sender_drains_the_outbox(make_settings, device_key, server) -> None:
    settings = make_settings(server_url=server.url)
    server.stop()  # the kiosk works offline for a while
    with Outbox(settings.outbox_path) as outbox:
        ids = [outbox.enqueue(make_envelope(settings, device_key)) for _ in range(6)]
        with BackgroundSender(settings, outbox) as sender:
            wait_for(lambda: outbox.get(ids[0]).attempts >= 1, "a failed attempt")
            assert outbox.status()["pending"] == 6
            server.start()
            sender.wake()
            wait_for(lambda: outbox.status()["pending"] == 0, "the outbox to drain")
            assert sender.running
        assert not sender.running
        assert outbox.status()["delivered"] == 6 and server.created == 6
        assert sorted(server.activations) == sorted(ids)


def test_background_sender_stops_during_retries(make_settings, device_key, server) -> None:
    # Long backoff: the sender is waiting between retries when it is told to stop.
    settings = make_settings(
        server_url=server.url, retries="5", retry_backoff_s="30", retry_backoff_max_s="60"
    )
    server.mode = "500"
    with Outbox(settings.outbox_path) as outbox:
        rid = outbox.enqueue(make_envelope(settings, device_key))
        sender = BackgroundSender(settings, outbox)
        sender.start()
        wait_for(lambda: server.posts >= 1, "the first attempt")
        sender.stop()
        assert not sender.running
        assert not [t for t in threading.enumerate() if t.name == "records-sender"]
        assert outbox.get(rid).state == OutboxState.PENDING
        assert server.posts == 1  # no retry after stop


def test_flush_and_the_cli(capsys, monkeypatch, make_settings, device_key, server) -> None:
    monkeypatch.setenv("SIMKIOSK_RECORDS_RETRY_BACKOFF_S", "0.01")  # for the CLI's own settings
    settings = make_settings(server_url=server.url)
    with Outbox(settings.outbox_path) as outbox:
        for _ in range(3):
            outbox.enqueue(make_envelope(settings, device_key))
    server.stop()
    assert main(["outbox", "flush", "--server", server.url, "--json"]) == 1
    out = capsys.readouterr()
    result = json.loads(out.out)
    assert result["pending"] == 3 and "3 record(s) and 0 sealed evidence" in out.err
    server.start()
    assert main(["outbox", "flush", "--server", server.url, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["pending"] == 0 and result["delivered"] == 3
    assert result["sent"]["activated"] == 3 and server.created == 3
    with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
        assert flush(settings, outbox, client) == {
            "activated": 0,
            "queued": 0,
            "rejected": 0,
            "evidence": 0,
        }


def test_records_sample_command(capsys, settings, device_key, server, monkeypatch) -> None:
    # the fake server offers no transport key: --enqueue stores plain only on an air-gapped rig
    monkeypatch.setenv("SIMKIOSK_RECORDS_SEAL_AT_REST", "false")
    assert main(["records", "sample", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["records", "sample", "--json", "--enqueue", "--iin", "900101401001"]) == 0
    second = json.loads(capsys.readouterr().out)
    for env in (first, second):
        signing.open_envelope("record", env, device_key.public_key)
        assert iccid_problem(env["record"]["sim"]["iccid"]) == ""
    assert first["record"]["sim"]["iccid"] != second["record"]["sim"]["iccid"]
    assert second["record"]["subscriber"]["iin"] == "900101401001"
    assert second["record"]["subscriber"]["birth_date"] == "1990-01-01"
    assert second["record"]["subscriber"]["sex"] == "F"
    with Outbox(settings.outbox_path) as outbox:
        assert outbox.pending_ids() == [second["record"]["record_id"]]
    assert main(["records", "sample", "--json", "--iin", "900101401002"]) == 2
    assert "not a valid IIN" in json.loads(capsys.readouterr().out)["error"]
    # The sample is what an integrator would POST: the server accepts it.
    with ActivationClient(settings, server_url=server.url) as client:
        assert client.submit(first)["receipt"]["record_id"] == first["record"]["record_id"]


def test_submit_record_builds_signs_stores_and_sends(make_settings, device_key, server) -> None:
    from kiosk.records.record import random_iccid
    from kiosk.records.submission import submit_record
    from tests.records.support import SUBSCRIBER, VERIFICATION

    settings = make_settings(server_url=server.url)
    iccid = random_iccid()
    with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
        done = submit_record(
            settings,
            device_key,
            outbox,
            client,
            subscriber=SUBSCRIBER,
            sim={"iccid": iccid, "msisdn": None},
            verification=VERIFICATION,
            evidence={"live_face": b"jpeg"},
            clerk_id=None,
        )
        assert done.outcome == SubmissionOutcome.ACTIVATED and done.receipt["iccid"] == iccid
        assert outbox.get(done.record_id).state == OutboxState.DELIVERED


def test_clock_skew_measurement(make_settings, server) -> None:
    from kiosk.records.freeze import measure_clock_skew

    with ActivationClient(make_settings(server_url=server.url)) as client:
        skew = measure_clock_skew(client)
        assert skew is not None and abs(skew) < 5
        server.stop()
        assert measure_clock_skew(client) is None


def test_freeze_rules(make_settings, device_key) -> None:
    settings = make_settings(freeze_max_pending="2", freeze_max_pending_age_h="0.1")
    now = [time.time()]
    with Outbox(settings.outbox_path, clock=lambda: now[0]) as outbox:
        assert freeze_reasons(settings, outbox) == []
        for _ in range(3):
            outbox.enqueue(make_envelope(settings, device_key))
        reasons = freeze_reasons(settings, outbox)
        assert len(reasons) == 1 and "3 activations are waiting" in reasons[0]
        now[0] += 0.2 * 3600
        reasons = freeze_reasons(settings, outbox)
        assert len(reasons) == 2 and "waiting 0.2 hours" in reasons[1]
        assert freeze_reasons(settings, outbox, clock_skew_s=10.0) == reasons
        skewed = freeze_reasons(settings, outbox, clock_skew_s=-400.0)
        assert "400 s behind the server's" in skewed[-1]
    disk = make_settings(freeze_min_free_disk_mb=str(10**7))  # 10 TB: more than this disk has
    with Outbox(disk.outbox_path) as outbox:
        reasons = freeze_reasons(disk, outbox)
        assert len(reasons) == 1 and "disk is nearly full" in reasons[0]


def test_sealed_evidence_is_stored_beside_the_envelope(make_settings, device_key, server) -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk.records.keys import SERVER_EVIDENCE_KEY_FILE, write_file_atomically
    from kiosk.records.record import random_iccid
    from kiosk.records.submission import submit_record
    from tests.records.support import SUBSCRIBER, VERIFICATION

    evidence_key = X25519PrivateKey.generate()
    settings = make_settings(server_url=server.url, evidence="sealed")
    write_file_atomically(
        settings.keys_dir / SERVER_EVIDENCE_KEY_FILE,
        signing.x25519_public_pem(evidence_key.public_key()).encode(),
        0o644,
    )
    face = b"\xff\xd8 the live face as JPEG"
    with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
        done = submit_record(
            settings,
            device_key,
            outbox,
            client,
            subscriber=SUBSCRIBER,
            sim={"iccid": random_iccid(), "msisdn": None},
            verification=VERIFICATION,
            evidence={"live_face": face},
            clerk_id=None,
        )
        assert done.outcome == SubmissionOutcome.ACTIVATED
        entry = outbox.get(done.record_id)
        ciphertext = outbox.sealed_evidence(done.record_id)
        files = [
            settings.outbox_path.with_name(settings.outbox_path.name + suffix)
            for suffix in ("", "-wal")
        ]
        raw = b"".join(f.read_bytes() for f in files if f.exists())
        assert ciphertext in raw  # stored, sealed
        assert face not in raw  # the plain image is nowhere in the outbox files
    assert face not in ciphertext and face not in json.dumps(entry.envelope).encode()
    sealed = entry.envelope["record"]["evidence"]["sealed"]
    plain = signing.unseal(sealed, ciphertext, evidence_key, record_id=done.record_id)
    assert signing.unpack_evidence(plain) == {"live_face": face}


def test_an_unregistered_kiosk_keeps_its_records_and_freezes(make_settings, device_key) -> None:
    """The server's "unknown kiosk" is about the kiosk, not the customer: the record waits (and
    the kiosk takes no new customers) until the kiosk is registered, then goes through."""
    from tests.records.fake_activation_server import FakeActivationServer

    with FakeActivationServer() as server:  # this kiosk's key is not registered there
        settings = make_settings(server_url=server.url)
        with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
            env = make_envelope(settings, device_key)
            first = submit_envelope(settings, outbox, client, env)
            assert first.outcome == SubmissionOutcome.QUEUED
            assert first.reason.startswith("unknown_kiosk")
            assert outbox.get(first.record_id).state == OutboxState.PENDING
            [reason] = freeze_reasons(settings, outbox)
            assert "does not accept this kiosk" in reason and "register" in reason
            assert flush(settings, outbox, client)["queued"] == 1

            server.register(device_key.public_key)  # the technician registers the kiosk
            assert flush(settings, outbox, client)["activated"] == 1
            assert outbox.get(first.record_id).state == OutboxState.DELIVERED
            assert freeze_reasons(settings, outbox) == []
