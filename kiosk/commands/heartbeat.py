"""``simkiosk heartbeat [--server URL]``: send one signed heartbeat now and print it (the kiosk
application sends them by itself every ``records.heartbeat_s``); for a technician checking that
the fleet view sees this kiosk. Exits 1 with the reason when the server did not take it."""

from __future__ import annotations

import argparse
import json
import time

from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", metavar="URL", help="instead of records.server_url")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.records.client import ActivationClient
    from kiosk.records.freeze import measure_clock_skew
    from kiosk.records.heartbeat import build_heartbeat, send_heartbeat
    from kiosk.records.keys import load_device_key
    from kiosk.records.outbox import Outbox

    key = load_device_key(settings)
    with (
        ActivationClient(settings, server_url=args.server) as client,
        Outbox(settings.outbox_path) as outbox,
    ):
        beat = build_heartbeat(
            settings,
            outbox,
            uptime_s=time.monotonic() - _START,
            clock_skew_s=measure_clock_skew(client),
        )
        send_heartbeat(client, key, beat)
    print(
        json.dumps(beat)
        if args.json
        else f"heartbeat of kiosk {beat['kiosk_id']} sent to {client.base_url}: version "
        f"{beat['version']}, {beat['outbox']['pending']} pending, "
        + ("frozen" if beat["frozen"] else "not frozen")
    )
    return 0


_START = time.monotonic()
