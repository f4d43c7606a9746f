"""The outbox under the faults a technician's bad day brings, with real processes and files:
a proxy's HTML error, a clock that is off or steps back, a full disk, damaged files, a changed
or missing device key, an old outbox layout. Nothing lost, nothing silent, no traceback."""

from __future__ import annotations

import http.server
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.records import client as client_module
from kiosk.records import keys
from kiosk.records.client import ActivationClient, Unreachable
from kiosk.records.freeze import clock_refusal, freeze_reasons
from kiosk.records.outbox import SCHEMA_VERSION, Outbox, OutboxState, wal_damage
from kiosk.records.submission import (
    CLOCK_SKEW_KEY,
    BackgroundSender,
    SubmissionOutcome,
    send_record,
    submit_envelope,
)
from tests.records.fault_support import ROOT, cli_env, simkiosk
from tests.records.support import make_envelope, settings_for


class Stub:
    """A web server on 127.0.0.1 that answers every request with one fixed answer (a proxy's
    error page, or a bare JSON error)."""

    def __init__(self, status: int, content_type: str, body: bytes) -> None:
        answer = (status, content_type, body)

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(answer[0])
                self.send_header("Content-Type", answer[1])
                self.send_header("Content-Length", str(len(answer[2])))
                self.end_headers()
                self.wfile.write(answer[2])

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = False
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, name="stub-server", kwargs={"poll_interval": 0.05}
        )

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


HTML = b"<html><body><h1>403 Forbidden</h1>nginx</body></html>"


@pytest.mark.parametrize("status", [403, 404])
def test_a_proxys_html_error_is_retried_not_final(status, settings, device_key, server) -> None:
    keys.pin_server_key(settings, server.receipt_key.public_key())
    with Outbox(settings.outbox_path) as outbox:
        for _ in range(3):
            outbox.enqueue(make_envelope(settings, device_key))
    with Stub(status, "text/html; charset=utf-8", HTML) as proxy:
        run = simkiosk(settings.home, "outbox", "flush", "--json", "--server", proxy.url)
    assert run.returncode == 1, run.stdout  # records remain: not "done"
    result = json.loads(run.stdout)
    assert result["pending"] == 3 and result["rejected"] == 0
    assert "web page" in run.stderr and "Traceback" not in run.stderr
    assert f"HTTP {status}" in result["last_error"]
    status_run = simkiosk(settings.home, "outbox", "status")
    assert "last problem:" in status_run.stdout and "proxy" in status_run.stdout
    run = simkiosk(settings.home, "outbox", "flush", "--json", "--server", server.url)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["delivered"] == 3 and server.created == 3
    assert json.loads(run.stdout)["last_error"] is None  # cleared once delivered


def test_future_dated_waits_and_freezes(settings, device_key, server) -> None:
    keys.pin_server_key(settings, server.receipt_key.public_key())
    body = json.dumps({"error": {"code": "future_dated", "message": "created_at is ahead"}})
    with Outbox(settings.outbox_path) as outbox:
        rid = outbox.enqueue(make_envelope(settings, device_key))
        with (
            Stub(422, "application/json", body.encode()) as stub,
            ActivationClient(settings, server_url=stub.url) as client,
        ):
            result = send_record(settings, outbox, client, rid)
        # accepted once real time caught up with it
        assert result.outcome == SubmissionOutcome.QUEUED
        assert outbox.get(rid).refusal_code == "future_dated"
        assert any("dated in the future" in r for r in freeze_reasons(settings, outbox))


def test_a_clock_off_on_any_answer_freezes_before_the_next_record(
    settings, make_settings, device_key, server, monkeypatch
) -> None:
    settings = make_settings(server_url=server.url)
    with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
        first = submit_envelope(settings, outbox, client, make_envelope(settings, device_key))
        assert first.outcome == SubmissionOutcome.ACTIVATED
        assert clock_refusal(settings, outbox) is None and freeze_reasons(settings, outbox) == []
        # the kiosk's clock steps an hour ahead (as the client sees the time)
        monkeypatch.setattr(
            client_module,
            "time",
            SimpleNamespace(time=lambda: time.time() + 3600, monotonic=time.monotonic),
        )
        second = submit_envelope(settings, outbox, client, make_envelope(settings, device_key))
        assert second.outcome == SubmissionOutcome.ACTIVATED
        reasons = freeze_reasons(settings, outbox)
        assert any(
            "clock is 3600 s ahead" in r
            or "clock is 3599 s ahead" in r
            or "clock is 3601 s ahead" in r
            for r in reasons
        ), reasons
        assert "no record is signed" in (clock_refusal(settings, outbox) or "")


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_retry_times_survive_the_wall_clock_stepping_back(settings, device_key) -> None:
    clock = Clock(2_000_000_000.0)
    with Outbox(settings.outbox_path, clock=clock) as outbox:
        rid = outbox.enqueue(make_envelope(settings, device_key))
        assert outbox.claim(rid)
        outbox.release(rid, "server unreachable", retry_in_s=30)
        assert outbox.pending_ids(due_only=True) == []
        clock.t -= 86400  # NTP sets the clock back a day
        assert outbox.pending_ids(due_only=True) == [rid]  # not held back a day
        assert outbox.next_attempt_at() is not None and outbox.next_attempt_at() <= clock.t


def _mount_tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("a small tmpfs cannot be mounted here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    yield from _mount_tmpfs(tmp_path / "small-disk", "2m")


@pytest.fixture
def kiosk_disk(tmp_path: Path) -> Iterator[Path]:
    yield from _mount_tmpfs(tmp_path / "kiosk-disk", "40m")


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk to the last byte
        while os.write(fd, b"\0" * 65536):
            pass
    except OSError:
        pass
    try:
        while os.write(fd, b"\0" * 512):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_still_drains_through_the_reserve(kiosk_disk, server) -> None:
    home = kiosk_disk / "home"
    settings = settings_for(home, server_url=server.url)
    settings.ensure_dirs()
    key = keys.init_device_key(settings)
    server.register(key.public_key)
    with Outbox(settings.outbox_path) as outbox:
        for _ in range(20):
            outbox.enqueue(make_envelope(settings, key))
        assert not outbox.reserve_used()
    filler = _fill(kiosk_disk)
    run = simkiosk(home, "records", "sample", "--enqueue", "--json")
    assert run.returncode == 1 and "disk is full" in json.loads(run.stdout)["error"]
    run = simkiosk(home, "outbox", "flush", "--json", "--server", server.url)
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["delivered"] == 20 and server.created == 20
    with Outbox(settings.outbox_path) as outbox:
        assert outbox.reserve_used()  # spent: the technician must free space
    filler.unlink()
    with Outbox(settings.outbox_path) as outbox:
        assert not outbox.reserve_used()  # set aside again once there is room


def test_a_full_disk_is_one_line_and_a_json_error(small_disk) -> None:
    home = small_disk / "home"
    assert simkiosk(home, "records", "sample", "--enqueue", "--json").returncode == 0
    filler = _fill(small_disk)
    run = simkiosk(home, "records", "sample", "--enqueue", "--json")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert "disk is full" in json.loads(run.stdout)["error"]
    status = simkiosk(home, "outbox", "status", "--json")
    assert "Traceback" not in status.stderr
    diag = simkiosk(home, "diagnose", "--json", "--no-devices", "--no-server")
    assert "Traceback" not in diag.stderr and not json.loads(diag.stdout)["ok"]
    assert not (home / ".write-probe").exists()  # the probe is not left on the full disk
    filler.unlink()
    status = simkiosk(home, "outbox", "status", "--json")
    assert status.returncode == 0 and json.loads(status.stdout)["pending"] == 1


def _filled_outbox(settings, device_key, n: int) -> list[str]:
    with Outbox(settings.outbox_path) as outbox:
        return [outbox.enqueue(make_envelope(settings, device_key)) for _ in range(n)]


@pytest.mark.parametrize("damage", ["deleted", "emptied"])
def test_a_lost_outbox_is_reported_not_recreated(damage, settings, device_key) -> None:
    _filled_outbox(settings, device_key, 3)
    for suffix in ("-wal", "-shm"):
        settings.outbox_path.with_name(settings.outbox_path.name + suffix).unlink(missing_ok=True)
    if damage == "deleted":
        settings.outbox_path.unlink()
    else:
        settings.outbox_path.write_bytes(b"")
    run = simkiosk(settings.home, "outbox", "status", "--json")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "records may be lost" in json.loads(run.stdout)["error"]
    assert not settings.outbox_path.exists() or settings.outbox_path.stat().st_size == 0


def test_an_unreadable_record_is_set_aside_and_the_rest_flow(settings, device_key, server) -> None:
    ids = _filled_outbox(settings, device_key, 4)
    db = sqlite3.connect(settings.outbox_path)
    with db:
        db.execute(
            "UPDATE records SET envelope = '{\"record\": {broken' WHERE record_id = ?", (ids[1],)
        )
    db.close()
    run = simkiosk(settings.home, "outbox", "flush", "--json", "--server", server.url)
    assert "Traceback" not in run.stderr
    assert run.returncode == 1 and "unreadable" in run.stderr
    result = json.loads(run.stdout)
    assert result["delivered"] == 3 and result["unreadable"] == 1 and server.created == 3
    diag = simkiosk(settings.home, "diagnose", "--json", "--no-devices", "--no-server")
    report = json.loads(diag.stdout)
    assert not report["ok"]
    outbox_check = next(c for c in report["checks"] if c["name"] == "outbox")
    assert outbox_check["status"] == "error" and "unreadable" in outbox_check["detail"]


def test_a_damaged_database_file_is_one_line(settings, device_key) -> None:
    _filled_outbox(settings, device_key, 2)
    with open(settings.outbox_path, "r+b") as fh:
        fh.write(b"this is not sqlite any more")
    for args in (("outbox", "status", "--json"), ("records", "sample", "--enqueue", "--json")):
        run = simkiosk(settings.home, *args)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        assert "damaged" in json.loads(run.stdout)["error"]
    diag = simkiosk(settings.home, "diagnose", "--json", "--no-devices", "--no-server")
    assert not json.loads(diag.stdout)["ok"]


def test_a_changed_or_missing_device_key_stops_and_is_never_regenerated(
    settings, device_key
) -> None:
    path = settings.keys_dir / keys.DEVICE_KEY_FILE
    info = (settings.keys_dir / keys.DEVICE_INFO_FILE).read_text()
    pem = path.read_text().splitlines()
    body = pem[1]
    i = 40  # one base64 character inside the 32 secret bytes: another valid key
    pem[1] = body[:i] + ("A" if body[i] != "A" else "B") + body[i + 1 :]
    path.write_text("\n".join(pem) + "\n")
    run = simkiosk(settings.home, "records", "sample", "--enqueue", "--json")
    assert run.returncode == 1 and "does not match" in json.loads(run.stdout)["error"]
    assert (settings.keys_dir / keys.DEVICE_INFO_FILE).read_text() == info  # not rewritten
    diag = simkiosk(settings.home, "diagnose", "--json", "--no-devices", "--no-server")
    assert not json.loads(diag.stdout)["ok"]
    path.unlink()
    run = simkiosk(settings.home, "records", "sample", "--enqueue", "--json")
    assert run.returncode == 1 and "missing" in json.loads(run.stdout)["error"]
    assert not path.exists()  # not silently replaced by a new key


def test_a_dropped_connection_in_plain_words(make_settings, device_key, server) -> None:
    settings = make_settings(server_url=server.url, retries="0")
    keys.pin_server_key(settings, server.receipt_key.public_key())
    server.mode = "drop"
    with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
        result = submit_envelope(settings, outbox, client, make_envelope(settings, device_key))
    assert result.outcome == SubmissionOutcome.QUEUED
    assert "closed the connection without answering" in result.reason, result.reason
    assert "RemoteDisconnected" not in result.reason and "(('" not in result.reason


V0 = """CREATE TABLE records (record_id TEXT PRIMARY KEY, envelope TEXT NOT NULL,
    sealed_evidence BLOB, state TEXT NOT NULL CHECK (state IN ('pending', 'sending',
    'delivered', 'rejected')), enqueued_at REAL NOT NULL, updated_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at REAL NOT NULL DEFAULT 0,
    last_error TEXT, receipt TEXT, reject_code TEXT, reject_message TEXT)"""


@pytest.mark.parametrize("layout", [0, 1])
def test_earlier_layouts_migrate(layout, settings, device_key) -> None:
    envelope = make_envelope(settings, device_key)
    rid = envelope["record"]["record_id"]
    db = sqlite3.connect(settings.outbox_path)
    with db:
        db.execute(V0)
        if layout == 1:
            db.execute("ALTER TABLE records ADD COLUMN evidence_sent_at REAL")
            db.execute("ALTER TABLE records ADD COLUMN evidence_error TEXT")
        db.execute(
            "INSERT INTO records (record_id, envelope, state, enqueued_at, updated_at, "
            "last_error) VALUES (?, ?, 'sending', 1, 1, ?)",
            (rid, json.dumps(envelope), "unknown_kiosk: no kiosk with this key"),
        )
    db.close()
    with Outbox(settings.outbox_path) as outbox:
        assert outbox.schema_version() == SCHEMA_VERSION
        entry = outbox.get(rid)  # a claim of the old layout has no owner: taken back
        assert entry.state == OutboxState.PENDING and entry.envelope == envelope
        assert entry.refusal_code == "unknown_kiosk"
        assert any("does not accept this kiosk" in r for r in freeze_reasons(settings, outbox))
    with Outbox(settings.outbox_path) as outbox:  # opening again changes nothing
        assert outbox.schema_version() == SCHEMA_VERSION
        assert outbox.get(rid).state == OutboxState.PENDING


FILLER = """
import os
import sys
from pathlib import Path
from tests.records.support import settings_for, make_envelope
from kiosk.records.keys import load_device_key
from kiosk.records.outbox import Outbox
settings = settings_for(Path(sys.argv[1]))
key = load_device_key(settings)
outbox = Outbox(settings.outbox_path)
for _ in range(30):
    outbox.enqueue(make_envelope(settings, key))
os._exit(0)  # as a power cut would: no checkpoint, the records live in the WAL
"""


def test_damage_to_the_wal_is_reported_not_silently_dropped(settings, device_key) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FILLER, str(settings.home)],
        cwd=ROOT,
        env=cli_env(settings.home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wal = settings.outbox_path.with_name(settings.outbox_path.name + "-wal")
    assert wal_damage(settings.outbox_path) is None  # a whole log checks out
    data = bytearray(wal.read_bytes())
    data[32 + 24 + 3 * 4096 + 100] ^= 0xFF  # one byte in an early frame's page
    wal.write_bytes(bytes(data))
    run = simkiosk(settings.home, "outbox", "status", "--json")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "write-ahead log" in json.loads(run.stdout)["error"]
    assert wal.read_bytes() == bytes(data)  # left as it was, for the technician


def test_the_sender_checks_the_clock_while_there_is_nothing_to_send(
    make_settings, device_key, server, monkeypatch
) -> None:
    settings = make_settings(server_url=server.url)
    monkeypatch.setattr(
        client_module,
        "time",
        SimpleNamespace(time=lambda: time.time() - 7200, monotonic=time.monotonic),
    )  # two hours behind
    with Outbox(settings.outbox_path) as outbox:
        with BackgroundSender(settings, outbox):
            deadline = time.monotonic() + 60
            while outbox.meta(CLOCK_SKEW_KEY) is None and time.monotonic() < deadline:
                time.sleep(0.05)
        reasons = freeze_reasons(settings, outbox)
        assert any("s behind the server's" in r for r in reasons), reasons


def test_a_proxys_page_on_evidence_upload_is_not_the_servers_refusal(settings) -> None:
    with (
        Stub(403, "text/html", HTML) as proxy,
        ActivationClient(settings, server_url=proxy.url) as client,
        pytest.raises(Unreachable, match="web page"),
    ):  # stays due, is not dropped
        client.upload_evidence("a-record", b"sealed", retries=0)
