"""Several processes on one outbox, as a technician's bad day brings them: the kiosk's sender
and customers' submissions, two ``outbox flush`` at once and ``outbox status`` in a loop, against
a slow server. No customer is told "failed", no flush aborts, nothing is lost or duplicated.

And the lock loss: a second Outbox on the same file in one process must not drop SQLite's POSIX
locks (which let another process delete the live WAL: committed records vanished)."""

from __future__ import annotations

import subprocess
import sys
import threading

from kiosk.records.client import ActivationClient
from kiosk.records.outbox import Outbox
from kiosk.records.submission import BackgroundSender, submit_envelope
from tests.records.fault_support import ROOT, cli_env, simkiosk, simkiosk_bg
from tests.records.support import make_envelope


def test_sender_two_flushes_and_status_in_a_loop(
    settings, make_settings, device_key, server
) -> None:
    settings = make_settings(server_url=server.url, read_timeout_s="3", sender_poll_s="0.05")
    with Outbox(settings.outbox_path) as outbox:
        for _ in range(4):
            outbox.enqueue(make_envelope(settings, device_key))
    server.mode, server.slow_s = "slow", 0.4
    stop = threading.Event()
    status_runs: list[subprocess.CompletedProcess[str]] = []

    def status_loop() -> None:
        while not stop.is_set():
            status_runs.append(simkiosk(settings.home, "outbox", "status", "--json"))

    looper = threading.Thread(target=status_loop, name="status-loop")
    looper.start()
    outcomes = []
    flushes = [
        simkiosk_bg(
            settings.home, "outbox", "flush", "--json", "--server", server.url, read_timeout_s="3"
        )
        for _ in range(2)
    ]
    try:
        with (
            Outbox(settings.outbox_path) as outbox,
            BackgroundSender(settings, outbox),
            ActivationClient(settings) as client,
        ):
            for _ in range(2):  # customers at the submit step while all of that goes on
                outcomes.append(
                    submit_envelope(settings, outbox, client, make_envelope(settings, device_key))
                )
            flushed = [(*p.communicate(timeout=120), p.returncode) for p in flushes]
    finally:
        stop.set()
        looper.join()
        for p in flushes:
            if p.poll() is None:
                p.kill()
                p.communicate()
    assert [o.outcome for o in outcomes] == ["activated", "activated"], outcomes
    for _out, err, rc in flushed:
        assert "not being sent" not in err and "Traceback" not in err, err
        assert rc in (0, 1), err  # 1: records another process was still sending
    assert status_runs and all(r.returncode == 0 for r in status_runs), status_runs[-1].stderr
    server.mode = "ok"
    final = simkiosk(settings.home, "outbox", "flush", "--json", "--server", server.url)
    assert final.returncode == 0, final.stderr
    with Outbox(settings.outbox_path) as outbox:
        assert outbox.counts() == {"pending": 0, "sending": 0, "delivered": 6, "rejected": 0}
    assert server.created == 6  # one activation per record, none twice


HOLDER = """
import sys
from pathlib import Path
from tests.records.support import settings_for, make_envelope
from kiosk.records.keys import load_device_key
from kiosk.records.outbox import Outbox
settings = settings_for(Path(sys.argv[1]))
key = load_device_key(settings)
first = Outbox(settings.outbox_path)
first.enqueue(make_envelope(settings, key))
second = Outbox(settings.outbox_path)  # a second Outbox on the same file, same process
print("ready", flush=True)
sys.stdin.readline()
for _ in range(10):
    first.enqueue(make_envelope(settings, key))
print("done", flush=True)
sys.stdin.readline()
"""


def test_a_second_outbox_in_one_process_keeps_sqlites_locks(settings, device_key) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(settings.home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=cli_env(settings.home),
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "ready"
        # Another process opens and closes the outbox. With the holder's locks dropped it
        # believed itself the last user and deleted the WAL the holder was still writing.
        assert simkiosk(settings.home, "outbox", "status").returncode == 0
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "done"  # 11 records committed (FULL sync)
    finally:
        holder.kill()  # a crash right after: committed records must survive it
        holder.wait()
        holder.stdin.close()
        holder.stdout.close()
    with Outbox(settings.outbox_path) as outbox:
        assert outbox.counts()["pending"] == 11


def test_outboxes_on_one_file_share_one_connection(settings) -> None:
    first = Outbox(settings.outbox_path)
    second = Outbox(settings.outbox_path.parent / "." / settings.outbox_path.name)
    assert second._db is first._db
    first.close()
    assert second.status()["pending"] == 0  # still open: the last one closes it
    second.close()
    second.close()  # idempotent
