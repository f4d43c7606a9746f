"""``simkiosk provision --server URL --token TOKEN``: register this kiosk with the server in one
step (see kiosk/records/provision.py). Creates the device key when there is none; pins the
server's receipt and evidence keys. A refused token exits 1 with the server's reason."""

from __future__ import annotations

import argparse
import json

from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--server",
        metavar="URL",
        required=True,
        help="the server, https://... (records.server_url is not changed)",
    )
    p.add_argument(
        "--token", required=True, help="the one-time token from simkiosk-server enroll-token"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.records.provision import provision

    done = provision(settings, args.server, args.token)
    if args.json:
        print(json.dumps(done.as_dict()))
    else:
        print(
            f"kiosk {done.kiosk_id} provisioned ({done.state}) with key {done.key_id} at "
            f"{done.server_url}; pinned receipt key {done.receipt_key_id} and evidence key "
            f"{done.evidence_key_id}"
        )
    return 0
