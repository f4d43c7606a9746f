"""Heartbeats end to end: a provisioned kiosk's heartbeat thread against the real server, the
fleet listing (ok, frozen, missing), and the server refusing forged, replayed or malformed
heartbeats."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from kiosk.records.heartbeat import HeartbeatSender, build_heartbeat, send_heartbeat
from kiosk.records.keys import load_device_key
from kiosk.records.outbox import Outbox
from kiosk.settings import Settings, load_settings
from simcontract import signing
from tests.fleet.support import Fleet, kiosk

KIOSK = "kiosk-shymkent-03"


@pytest.fixture
def settings(fleet: Fleet, monkeypatch: pytest.MonkeyPatch, capsys) -> Settings:
    """A kiosk provisioned with the fleet's server, talking to it."""
    monkeypatch.setenv("SIMKIOSK_KIOSK_ID", KIOSK)
    monkeypatch.setenv("SIMKIOSK_RECORDS_SERVER_URL", fleet.url)
    monkeypatch.setenv("SIMKIOSK_RECORDS_RETRIES", "0")
    assert (
        kiosk(capsys, "provision", "--server", fleet.url, "--token", fleet.token(capsys, KIOSK))[0]
        == 0
    )
    settings = load_settings()
    settings.ensure_dirs()
    return settings


def _listing(fleet: Fleet, capsys, *args: str) -> list[dict]:
    code, out, err = fleet.server(capsys, "kiosks", *args)
    assert code == 0, err
    return out["kiosks"]


def _wait_for_heartbeat(fleet: Fleet, capsys) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        (entry,) = _listing(fleet, capsys)
        if entry["heartbeat"] is not None:
            return entry
        time.sleep(0.1)
    raise AssertionError("no heartbeat reached the server")


def test_the_heartbeat_thread_reports_the_kiosk_to_the_fleet(
    fleet: Fleet, settings: Settings, capsys
) -> None:
    assert _listing(fleet, capsys)[0]["state"] == "never"
    (settings.crash_dir / "crash-20261130-101500.txt").write_text("Traceback ...\n")
    with Outbox(settings.outbox_path) as outbox:
        sender = HeartbeatSender(settings, outbox, load_device_key(settings))
        sender.start()
        try:
            entry = _wait_for_heartbeat(fleet, capsys)
        finally:
            sender.stop()
    beat = entry["heartbeat"]
    assert entry["state"] == "ok"
    assert beat["kiosk_id"] == KIOSK and beat["version"]
    assert beat["interval_s"] == 300 and beat["frozen"] is False
    assert beat["outbox"] == {"pending": 0, "oldest_pending_age_s": None, "evidence_pending": 0}
    assert beat["clock_skew_s"] is not None and abs(beat["clock_skew_s"]) < 60
    assert beat["last_crash_at"] is not None and beat["last_crash_at"].endswith("Z")


def test_a_frozen_kiosk_is_listed_with_its_reasons(
    fleet: Fleet, settings: Settings, monkeypatch, capsys
) -> None:
    # more free disk than any test machine has: the disk rule freezes the kiosk
    monkeypatch.setenv("SIMKIOSK_RECORDS_FREEZE_MIN_FREE_DISK_MB", str(10**7))
    frozen_settings = load_settings()
    with Outbox(frozen_settings.outbox_path) as outbox:
        sender = HeartbeatSender(frozen_settings, outbox, load_device_key(frozen_settings))
        try:
            assert sender.beat_once(), sender.last_error
        finally:
            sender.stop()
    (entry,) = _listing(fleet, capsys, "--state", "frozen")
    assert entry["kiosk_id"] == KIOSK
    assert any("disk is nearly full" in r for r in entry["heartbeat"]["freeze_reasons"])


def test_a_kiosk_silent_for_two_intervals_is_missing(
    fleet: Fleet, settings: Settings, capsys
) -> None:
    with Outbox(settings.outbox_path) as outbox:
        sender = HeartbeatSender(settings, outbox, load_device_key(settings))
        try:
            assert sender.beat_once(), sender.last_error
        finally:
            sender.stop()
    assert _listing(fleet, capsys)[0]["state"] == "ok"
    db = sqlite3.connect(fleet.db_url.removeprefix("sqlite:///"))
    try:
        # one interval and a half ago: still fine; two and a bit: missing
        for ago, state in ((450, "ok"), (601, "missing")):
            with db:
                db.execute(
                    "UPDATE heartbeats SET received_at = ?",
                    ((datetime.now(UTC) - timedelta(seconds=ago)).isoformat(),),
                )
            assert _listing(fleet, capsys)[0]["state"] == state
    finally:
        db.close()
    assert [k["kiosk_id"] for k in _listing(fleet, capsys, "--state", "missing")] == [KIOSK]
    from server.cli import main as server_cli

    capsys.readouterr()
    assert server_cli(["kiosks", "--db", fleet.db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == [KIOSK, "missing"] and lines[-1] == "1 kiosk(s)"


def test_forged_replayed_and_malformed_heartbeats_are_refused(
    fleet: Fleet, settings: Settings, capsys
) -> None:
    key = load_device_key(settings)
    with Outbox(settings.outbox_path) as outbox:
        beat = build_heartbeat(settings, outbox, uptime_s=5.0, clock_skew_s=0.1)
    url = fleet.url + "/v1/heartbeats"

    def post(envelope: dict) -> tuple[int, str]:
        resp = requests.post(url, json=envelope, timeout=10)
        return resp.status_code, resp.json()["error"]["code"] if resp.content else ""

    good = signing.make_envelope("heartbeat", beat, key.private_key)
    forged = {**good, "heartbeat": {**beat, "frozen": True}}
    assert post(forged) == (403, "bad_signature")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    assert post(signing.make_envelope("heartbeat", beat, Ed25519PrivateKey.generate())) == (
        403,
        "key_mismatch",
    )
    stranger = {**beat, "kiosk_id": "kiosk-unknown"}
    assert post(signing.make_envelope("heartbeat", stranger, key.private_key)) == (
        403,
        "unknown_kiosk",
    )
    extra = {**beat, "iin": "900101401001"}  # no personal data has a place in a heartbeat
    assert post(signing.make_envelope("heartbeat", extra, key.private_key)) == (
        422,
        "schema_invalid",
    )
    assert post({"hello": 1}) == (400, "malformed")
    assert _listing(fleet, capsys)[0]["heartbeat"] is None  # nothing refused was kept

    assert post(good) == (204, "")
    assert post(good) == (409, "heartbeat_stale")  # a replay cannot hide a later state
    kept = _listing(fleet, capsys)[0]["heartbeat"]
    assert kept == json.loads(json.dumps(beat))


def test_a_revoked_kiosk_cannot_send_heartbeats(fleet: Fleet, settings: Settings, capsys) -> None:
    from kiosk.records.client import ActivationClient
    from kiosk.records.heartbeat import HeartbeatRefused

    assert fleet.server(capsys, "revoke-kiosk", KIOSK)[0] == 0
    with Outbox(settings.outbox_path) as outbox:
        beat = build_heartbeat(settings, outbox, uptime_s=1.0, clock_skew_s=None)
    with (
        ActivationClient(settings) as client,
        pytest.raises(HeartbeatRefused, match="kiosk_revoked"),
    ):
        send_heartbeat(client, load_device_key(settings), beat)
    assert _listing(fleet, capsys)[0]["state"] == "revoked"


def test_the_heartbeat_command_sends_one_now(fleet: Fleet, settings: Settings, capsys) -> None:
    code, out, err = kiosk(capsys, "heartbeat", "--json")
    assert code == 0, err
    assert json.loads(out)["kiosk_id"] == KIOSK
    assert _listing(fleet, capsys)[0]["state"] == "ok"
    assert fleet.server(capsys, "revoke-kiosk", KIOSK)[0] == 0
    code, out, err = kiosk(capsys, "heartbeat")
    assert code == 1 and "kiosk_revoked" in err and out == ""
