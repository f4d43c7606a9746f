"""Sealed evidence, kiosk to server, against the reference server in its own process: the kiosk
learns the server's evidence key, seals, gets the record activated, and puts the ciphertext on
the server afterwards; the server can open it, the kiosk keeps no copy. Faults are real: the
server is stopped, the outbox's bytes are damaged on disk."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.demo.server import LocalServer
from kiosk.records.client import ActivationClient
from kiosk.records.freeze import freeze_reasons
from kiosk.records.keys import ensure_device_key
from kiosk.records.outbox import Outbox
from kiosk.records.record import build_record, random_iccid, sign_record
from kiosk.records.submission import SubmissionOutcome, flush, submit_envelope
from tests.records.support import SUBSCRIBER, VERIFICATION, settings_for

# Stand-ins for the JPEG/PNG bytes the session hands over (the sealing does not look inside).
IMAGES = {
    "live_face": b"\xff\xd8\xff\xe0 live face " + bytes(range(256)) * 8,
    "document_portrait": b"\x89PNG\r\n\x1a\n portrait " + bytes(range(255, -1, -1)) * 8,
}


@pytest.fixture
def kiosk(simkiosk_home: Path):
    settings = settings_for(simkiosk_home, evidence="sealed")
    settings.ensure_dirs()
    return settings, ensure_device_key(settings)


def _sealed_envelope(settings, key) -> dict:
    record = build_record(
        settings=settings,
        key=key,
        subscriber=SUBSCRIBER,
        sim={"iccid": random_iccid(), "msisdn": None},
        verification=VERIFICATION,
        evidence=dict(IMAGES),
        clerk_id=None,
    )
    assert record.sealed_evidence, "sealed mode produced no ciphertext"
    return sign_record(record, key)


def _activate_sealed(settings, key, outbox: Outbox, client: ActivationClient) -> tuple[dict, str]:
    """A record with sealed evidence, activated; its evidence is now due for upload."""
    assert client.learn_evidence_key()
    envelope = _sealed_envelope(settings, key)
    done = submit_envelope(
        settings, outbox, client, envelope, sealed_evidence=envelope.sealed_evidence
    )
    assert done.outcome == SubmissionOutcome.ACTIVATED, done.reason
    return envelope, done.record_id


def _open_on_server(server: LocalServer, record_id: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "evidence",
            record_id,
            "--db",
            server.db_url,
            "--home",
            str(server.folder),
            "--out",
            str(out),
            "--reason",
            "dispute 42: match questioned",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_sealed_evidence_reaches_the_server_and_leaves_the_kiosk(kiosk, tmp_path) -> None:
    settings, key = kiosk
    with LocalServer(settings.home) as server:
        settings = settings_for(settings.home, evidence="sealed", server_url=server.url)
        with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
            assert freeze_reasons(settings, outbox)  # cannot seal yet: no key learnt
            assert client.learn_evidence_key()
            assert freeze_reasons(settings, outbox) == []
            envelope, rid = _activate_sealed(settings, key, outbox, client)
            assert outbox.evidence_due_ids() == [rid]
            assert flush(settings, outbox, client)["evidence"] == 1
            assert outbox.evidence_due_ids() == [] and outbox.sealed_evidence(rid) is None
            assert outbox.status()["evidence_pending"] == 0
            # a resend of what the server already holds is not an error
            assert client.upload_evidence(rid, envelope.sealed_evidence)
        opened = _open_on_server(server, rid, tmp_path / "opened")
    assert opened.returncode == 0, opened.stderr
    written = {p.stem: p.read_bytes() for p in (tmp_path / "opened").iterdir()}
    assert written == IMAGES


def test_server_down_keeps_the_evidence_until_it_is_back(kiosk) -> None:
    settings, key = kiosk
    server = LocalServer(settings.home)
    with server:
        settings = settings_for(settings.home, evidence="sealed", server_url=server.url)
        with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
            _, rid = _activate_sealed(settings, key, outbox, client)
    # the server is stopped for real: the evidence waits
    with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
        assert flush(settings, outbox, client)["evidence"] == 0
        assert outbox.evidence_due_ids() == [rid]
        assert outbox.purge_finished(0) == 0  # the record is not emptied while evidence waits
        with server:
            assert flush(settings, outbox, client)["evidence"] == 1
        assert outbox.evidence_due_ids() == [] and outbox.purge_finished(0) == 1


def test_damaged_evidence_is_refused_and_dropped(kiosk, caplog) -> None:
    settings, key = kiosk
    with LocalServer(settings.home) as server:
        settings = settings_for(settings.home, evidence="sealed", server_url=server.url)
        with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
            envelope, rid = _activate_sealed(settings, key, outbox, client)
            damaged = bytearray(envelope.sealed_evidence)
            damaged[10] ^= 0xFF
            db = sqlite3.connect(settings.outbox_path)
            with db:
                db.execute(
                    "UPDATE records SET sealed_evidence = ? WHERE record_id = ?",
                    (bytes(damaged), rid),
                )
            db.close()
            assert flush(settings, outbox, client)["evidence"] == 1
            assert outbox.evidence_due_ids() == [] and outbox.sealed_evidence(rid) is None
    status = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "outbox", "status", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "SIMKIOSK_HOME": str(settings.home)},
    )
    assert json.loads(status.stdout)["evidence_pending"] == 0
    assert "evidence_mismatch" in caplog.text
