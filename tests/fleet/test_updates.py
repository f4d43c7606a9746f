"""Updates between customers: the kiosk's side of the update files (kiosk/updates.py), the root
updater (packaging/debian/simkiosk/simkiosk-update) run as a real process against stand-ins of
apt-get, apt-cache, dpkg-query and systemctl that act on files, and a start that failed after an
update shown on the fleet page."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.updates import UPDATING_REASON, UpdateGate
from simcontract import signing
from tests.fleet.support import Fleet

REPO = Path(__file__).resolve().parents[2]
UPDATER = REPO / "packaging" / "debian" / "simkiosk" / "simkiosk-update"

# -- the kiosk's side ------------------------------------------------------------------------


def test_gate_asks_only_when_idle_and_an_update_is_pending(tmp_path: Path) -> None:
    gate = UpdateGate(tmp_path)
    assert not gate.offer(idle=True)  # nothing pending
    gate.dir.mkdir()
    gate.pending_path.write_text("1.5.0\n")
    assert not gate.offer(idle=False)  # a customer's session is in progress
    assert not gate.requested_path.exists() and gate.reasons() == []
    assert gate.offer(idle=True)
    assert gate.requested_path.read_text().splitlines()[0] == "1.5.0"
    assert gate.blocks_sessions() and gate.reasons() == [UPDATING_REASON]
    assert not gate.offer(idle=True)  # asked once


def test_gate_result_is_checked_and_recovers(tmp_path: Path) -> None:
    gate = UpdateGate(tmp_path)
    gate.dir.mkdir()
    assert gate.result() is None
    gate.result_path.write_text("{not json")
    assert gate.result() is None
    gate.result_path.write_text(json.dumps({"result": "exploded", "version": "1"}))
    assert gate.result() is None
    failed = {
        "result": "start_failed",
        "version": "1.5.0",
        "previous_version": "1.4.0",
        "at": "2026-11-30T10:00:00Z",
        "detail": "x" * 900,
    }
    gate.result_path.write_text(json.dumps(failed))
    assert gate.result()["detail"] == "x" * 500
    gate.note_running("1.4.0")  # another version came up: the failure of 1.5.0 stands
    assert gate.result()["result"] == "start_failed"
    gate.note_running("1.5.0")
    assert gate.result()["result"] == "recovered"


# -- the updater, a real process with stand-ins for apt and systemd ---------------------------

FAKES = {
    "dpkg-query": 'cat "$STATE/installed"',
    "apt-cache": 'echo "simkiosk:"; echo "  Installed: $(cat "$STATE/installed")"; '
    'echo "  Candidate: $(cat "$STATE/candidate")"',
    "apt-get": 'echo "apt-get $*" >> "$STATE/calls"\n'
    'case " $* " in *" install "*)\n'
    '  if [ -e "$STATE/apt_fails" ]; then\n'
    '    echo "E: Sub-process dpkg failed"; exit 100\n'
    "  fi\n"
    '  cp "$STATE/candidate" "$STATE/installed";; esac',
    "systemctl": 'echo "systemctl $*" >> "$STATE/calls"\n'
    'case "$1" in\n'
    '  restart) [ ! -e "$STATE/start_fails" ];;\n'
    '  is-failed) [ -e "$STATE/unit_failed" ] || exit 1; '
    'case "$2" in --quiet) ;; *) echo failed;; esac;;\n'
    "esac",
    "heartbeat": 'echo "heartbeat $(cat "$SIMKIOSK_HOME/update/result.json")" >> "$STATE/calls"',
}


class Updater:
    def __init__(self, tmp_path: Path) -> None:
        self.state = tmp_path / "state"
        self.bin = tmp_path / "bin"
        self.home = tmp_path / "home"
        for d in (self.state, self.bin, self.home):
            d.mkdir()
        for name, body in FAKES.items():
            path = self.bin / name
            path.write_text(f"#!/bin/sh\n{body}\n")
            path.chmod(0o755)
        self.gate = UpdateGate(self.home)
        self.set(installed="1.4.0", candidate="1.5.0")

    def set(self, **files: str) -> None:
        for name, text in files.items():
            (self.state / name).write_text(text)

    def calls(self) -> list[str]:
        path = self.state / "calls"
        return path.read_text().splitlines() if path.exists() else []

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        full = {
            "PATH": f"{self.bin}:/usr/bin:/bin",
            "STATE": str(self.state),
            "SIMKIOSK_HOME": str(self.home),
            "SIMKIOSK_APT_LIST": str(self.state / "list"),
            "SIMKIOSK_UPDATE_LOCK": str(self.state / "lock"),
            "SIMKIOSK_HEARTBEAT": str(self.bin / "heartbeat"),
            "PYTHON": os.environ.get("PYTHON_FOR_TESTS", "python3"),
            **env,
        }
        return subprocess.run(
            ["sh", str(UPDATER), *args],
            env=full,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


@pytest.fixture
def updater(tmp_path: Path) -> Updater:
    return Updater(tmp_path)


def test_check_announces_a_newer_version_and_installs_nothing(updater: Updater) -> None:
    done = updater.run("check")
    assert done.returncode == 0, done.stderr
    assert updater.gate.pending() == "1.5.0"
    assert not any(" install " in c or "restart" in c for c in updater.calls())
    # apt only ever looks at the operator's list
    assert all(
        f"Dir::Etc::sourcelist={updater.state / 'list'}" in c
        for c in updater.calls()
        if c.startswith("apt-get")
    )
    updater.set(candidate="1.4.0")  # withdrawn from the repository
    assert updater.run("check").returncode == 0
    assert updater.gate.pending() is None


def test_install_waits_for_the_kiosks_request(updater: Updater) -> None:
    assert updater.run("check").returncode == 0
    done = updater.run("install")  # the path unit fired without a request (e.g. by hand)
    assert done.returncode == 0 and "no update requested" in done.stdout
    assert (updater.state / "installed").read_text() == "1.4.0"


def test_requested_update_is_installed_and_the_kiosk_restarted(updater: Updater) -> None:
    assert updater.run("check").returncode == 0
    assert updater.gate.offer(idle=True)  # the kiosk, between customers
    done = updater.run("install")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "systemctl restart simkiosk.service" in updater.calls()
    assert updater.gate.result() == {
        "result": "installed",
        "version": "1.5.0",
        "previous_version": "1.4.0",
        "at": updater.gate.result()["at"],
        "detail": "",
    }
    assert not updater.gate.blocks_sessions() and updater.gate.pending() is None


def test_failed_start_after_the_update_is_recorded_and_reported(updater: Updater) -> None:
    assert updater.run("check").returncode == 0
    assert updater.gate.offer(idle=True)
    updater.set(start_fails="")
    done = updater.run("install")
    assert done.returncode == 1
    result = updater.gate.result()
    assert (result["result"], result["version"], result["previous_version"]) == (
        "start_failed",
        "1.5.0",
        "1.4.0",
    )
    assert any(c.startswith("heartbeat ") and "start_failed" in c for c in updater.calls())
    assert not updater.gate.blocks_sessions()  # never left closed


def test_failed_install_reopens_the_kiosk(updater: Updater) -> None:
    assert updater.run("check").returncode == 0
    assert updater.gate.offer(idle=True)
    updater.set(apt_fails="")
    assert updater.run("install").returncode == 1
    assert updater.gate.result()["result"] == "install_failed"
    assert "dpkg failed" in updater.gate.result()["detail"]
    assert not any("restart" in c for c in updater.calls())
    assert not updater.gate.blocks_sessions() and updater.gate.pending() is None


def test_a_failed_kiosk_is_updated_without_waiting(updater: Updater) -> None:
    updater.set(unit_failed="")  # no customer on a kiosk that is down: a fix goes in at once
    assert updater.run("check").returncode == 0
    assert updater.gate.result()["result"] == "installed"
    assert (updater.state / "installed").read_text() == "1.5.0"


def test_unit_failure_is_recorded_with_the_update_it_followed(updater: Updater) -> None:
    assert updater.run("check").returncode == 0
    assert updater.gate.offer(idle=True)
    assert updater.run("install").returncode == 0  # installed and restarted ...
    done = updater.run(
        "report-failed",
        MONITOR_SERVICE_RESULT="exit-code",
        MONITOR_EXIT_CODE="exited",
        MONITOR_EXIT_STATUS="1",
    )
    assert done.returncode == 0, done.stderr
    result = updater.gate.result()  # ... then crashed until systemd gave up
    assert (result["result"], result["version"], result["previous_version"]) == (
        "start_failed",
        "1.5.0",
        "1.4.0",
    )
    assert "exit-code" in result["detail"]


# -- the fleet page ---------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def test_fleet_page_shows_a_start_failed_after_an_update(
    fleet: Fleet, capsys, monkeypatch, tmp_path: Path
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert fleet.server(capsys, "operator", "add", "alice")[0] == 0
    key = Ed25519PrivateKey.generate()
    pem = tmp_path / "k.pem"
    pem.write_text(signing.public_key_pem(key.public_key()))
    kiosk_id = "kiosk-shymkent-03"
    assert (
        fleet.server(capsys, "register-kiosk", "--kiosk-id", kiosk_id, "--public-key", str(pem))[0]
        == 0
    )
    gate = UpdateGate(tmp_path / "kiosk-home")
    gate.dir.mkdir(parents=True)
    gate.result_path.write_text(
        json.dumps(
            {
                "result": "start_failed",
                "version": "1.5.0",
                "previous_version": "1.4.0",
                "at": "2026-11-30T10:00:00Z",
                "detail": "simkiosk.service failed: exit-code",
            }
        )
    )
    beat = {
        "kiosk_id": kiosk_id,
        "sent_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "interval_s": 300,
        "version": "1.5.0",
        "uptime_s": 1.0,
        "outbox": {"pending": 0, "oldest_pending_age_s": None, "evidence_pending": 0},
        "frozen": False,
        "freeze_reasons": [],
        "clock_skew_s": None,
        "last_crash_at": None,
        "update": gate.result(),
    }
    resp = requests.post(
        fleet.url + "/v1/heartbeats", timeout=10, json=signing.make_envelope("heartbeat", beat, key)
    )
    assert resp.status_code == 204, resp.text
    code, listing, _err = fleet.server(capsys, "kiosks", "--state", "start_failed")
    assert code == 0
    assert [k["kiosk_id"] for k in listing["kiosks"]] == [kiosk_id]

    session = requests.Session()
    login = session.post(
        fleet.url + "/fleet/login", timeout=30, data={"name": "alice", "password": PASSWORD}
    )
    assert login.status_code == 200
    page = session.get(fleet.url + "/fleet", params={"state": "start_failed"}, timeout=30).text
    assert f">{kiosk_id}</a>" in page and "start_failed: 1.5.0 (from 1.4.0)" in page
    assert "1 kiosk(s)" in page
    detail = session.get(f"{fleet.url}/fleet/kiosks/{kiosk_id}", timeout=30).text
    assert "simkiosk.service failed: exit-code" in detail
    # a malformed update report is refused, not stored
    beat = dict(
        beat,
        sent_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        update={"result": "exploded", "version": "1"},
    )
    resp = requests.post(
        fleet.url + "/v1/heartbeats", timeout=10, json=signing.make_envelope("heartbeat", beat, key)
    )
    assert resp.status_code == 422 and "update" in resp.json()["error"]["message"]


def test_the_kiosks_own_heartbeats_report_a_failed_start_then_its_recovery(
    fleet: Fleet, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from kiosk.records.heartbeat import HeartbeatSender, running_version
    from kiosk.records.keys import load_device_key
    from kiosk.records.outbox import Outbox
    from kiosk.settings import load_settings
    from tests.fleet.support import kiosk

    kiosk_id = "kiosk-taraz-05"
    monkeypatch.setenv("SIMKIOSK_KIOSK_ID", kiosk_id)
    monkeypatch.setenv("SIMKIOSK_RECORDS_RETRIES", "0")
    assert (
        kiosk(capsys, "provision", "--server", fleet.url, "--token", fleet.token(capsys, kiosk_id))[
            0
        ]
        == 0
    )
    settings = load_settings()
    gate = UpdateGate(settings.home)
    gate.dir.mkdir(exist_ok=True)
    version = running_version()
    gate.result_path.write_text(
        json.dumps(
            {
                "result": "start_failed",
                "version": version,
                "previous_version": "0.0.9",
                "at": "2026-11-30T10:00:00Z",
                "detail": "simkiosk.service did not start",
            }
        )
    )
    # what the updater runs after a failed start: one heartbeat, without the application
    code, out, err = kiosk(capsys, "heartbeat", "--server", fleet.url, "--json")
    assert code == 0, err
    assert json.loads(out)["update"]["result"] == "start_failed"
    states = fleet.server(capsys, "kiosks")[1]["kiosks"]
    assert [s["state"] for s in states] == ["start_failed"]
    # the application comes up (its heartbeat thread starts): the failure is over
    with Outbox(settings.outbox_path) as outbox:
        sender = HeartbeatSender(settings, outbox, load_device_key(settings), server_url=fleet.url)
        sender.start()
        sender.stop()
    assert gate.result()["result"] == "recovered"
    code, out, err = kiosk(capsys, "heartbeat", "--server", fleet.url, "--json")
    assert code == 0, err
    assert [s["state"] for s in fleet.server(capsys, "kiosks")[1]["kiosks"]] == ["ok"]
