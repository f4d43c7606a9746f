"""``simkiosk outbox status`` / ``flush [--server URL]`` / ``purge [--older-than-h H]``: the queue
of signed activation records. ``flush`` makes one bounded attempt per pending record and exits 1,
naming the count, when any is still pending. ``purge`` empties finished records now (the
background sender does it on its own after ``records.keep_finished_h``)."""

from __future__ import annotations

import argparse
import json
import sys

from kiosk.errors import InputError
from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["status", "flush", "purge"])
    p.add_argument(
        "--server", metavar="URL", help="flush: send to this server instead of records.server_url"
    )
    p.add_argument(
        "--older-than-h",
        type=float,
        metavar="H",
        help="purge: records finished at least H hours ago (default records.keep_finished_h)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.records.at_rest import open_outbox

    with open_outbox(settings) as outbox:
        if args.action == "status":
            status = outbox.status()
            if args.json:
                print(json.dumps(status))
            else:
                age = status["oldest_pending_age_s"]
                print(
                    f"pending {status['pending']}  delivered {status['delivered']}  "
                    f"rejected {status['rejected']}"
                    + (f"  oldest pending {age:.0f} s" if age is not None else "")
                    + (
                        f"  evidence still due {status['evidence_pending']}"
                        if status["evidence_pending"]
                        else ""
                    )
                    + (f"  being sent now {status['sending']}" if status["sending"] else "")
                    + (
                        f"  unreadable (set aside) {status['unreadable']}"
                        if status["unreadable"]
                        else ""
                    )
                )
                if status["last_error"]:
                    print(f"last problem: {status['last_error']}")
            return 0
        if args.action == "purge":
            hours = (
                settings.records.keep_finished_h if args.older_than_h is None else args.older_than_h
            )
            if hours < 0:
                raise InputError("--older-than-h must not be negative")
            purged = outbox.purge_finished(hours * 3600)
            print(
                json.dumps({"purged": purged})
                if args.json
                else f"emptied {purged} finished record(s)"
            )
            return 0
        return _flush(args, settings, outbox)


def _flush(args: argparse.Namespace, settings: Settings, outbox) -> int:
    from kiosk.records.client import ActivationClient
    from kiosk.records.submission import flush

    with ActivationClient(settings, server_url=args.server) as client:
        sent = flush(settings, outbox, client)
    status = outbox.status()
    result = {**status, "sent": sent}
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"activated {sent['activated']}  rejected {sent['rejected']}  "
            f"still pending {status['pending']}  evidence sent {sent['evidence']}  "
            f"evidence still due {status['evidence_pending']}"
        )
    if status["pending"] or status["evidence_pending"]:
        # Not raised as KioskError: with --json, stdout must hold only the object above.
        print(
            f"simkiosk: {status['pending']} record(s) and {status['evidence_pending']} sealed "
            "evidence upload(s) still pending"
            + (f"; last problem: {status['last_error']}" if status["last_error"] else "")
            + (
                f"; {status['unreadable']} unreadable record(s) set aside for a technician"
                if status["unreadable"]
                else ""
            ),
            file=sys.stderr,
        )
        return 1
    return 0
