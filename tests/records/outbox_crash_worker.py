"""Child process for the kill -9 tests: enqueues and sends records in a loop, printing a marker
line (flushed) before and after every step, so the parent can SIGKILL it at a chosen point:

    enqueue-begin / queued <id> / send-begin <id> / receipt <id> / delivered <id>
    resend-begin <id> / resent <id> <outcome>

``queued <id>`` is printed only after ``Outbox.enqueue`` returned: from then on the record must
survive anything. Usage: python outbox_crash_worker.py HOME SERVER_URL COUNT
"""

from __future__ import annotations

import sys
import time

from kiosk.records.client import ActivationClient, BadReceipt, Unreachable
from kiosk.records.keys import load_device_key
from kiosk.records.outbox import Outbox
from kiosk.records.record import build_record, random_iccid, sign_record
from kiosk.records.submission import send_record
from kiosk.settings import load_settings
from tests.records.support import SUBSCRIBER, VERIFICATION  # the parent puts the repo on PYTHONPATH


def say(*parts: str) -> None:
    print(*parts, flush=True)


def main() -> int:
    home, url, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    settings = load_settings(
        env={
            "SIMKIOSK_HOME": home,
            "SIMKIOSK_RECORDS_SERVER_URL": url,
            "SIMKIOSK_RECORDS_RETRIES": "1",
            "SIMKIOSK_RECORDS_RETRY_BACKOFF_S": "0.01",
            "SIMKIOSK_RECORDS_CONNECT_TIMEOUT_S": "1",
            "SIMKIOSK_RECORDS_READ_TIMEOUT_S": "2",
        }
    )
    key = load_device_key(settings)
    outbox = Outbox(settings.outbox_path)  # puts records a killed worker left 'sending' back
    client = ActivationClient(settings)
    say("ready")
    for rid in outbox.pending_ids():
        say("resend-begin", rid)
        say("resent", rid, send_record(settings, outbox, client, rid).outcome)
    for i in range(count):
        say("enqueue-begin")
        record = build_record(
            settings=settings,
            key=key,
            subscriber=SUBSCRIBER,
            sim={"iccid": random_iccid(), "msisdn": None},
            verification=VERIFICATION,
            evidence={"live_face": b"x" * 64},
            clerk_id=None,
        )
        envelope = sign_record(record, key)
        rid = outbox.enqueue(envelope)
        say("queued", rid)
        if i % 2:  # the library's path
            say("send-begin", rid)
            say("resent", rid, send_record(settings, outbox, client, rid).outcome)
            continue
        # The same steps spelled out, so the parent can kill between receipt and bookkeeping.
        if not outbox.claim(rid):
            continue
        say("send-begin", rid)
        try:
            receipt = client.submit(envelope)
        except (Unreachable, BadReceipt) as exc:
            outbox.release(rid, str(exc))
            say("released", rid)
            continue
        say("receipt", rid)
        time.sleep(0.02)  # a slow disk: gives the parent a window between receipt and bookkeeping
        outbox.mark_delivered(rid, receipt)
        say("delivered", rid)
    say("done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
