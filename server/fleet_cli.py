"""The fleet's ``simkiosk-server`` commands: ``enroll-token`` (mint a one-time provisioning
token) and ``kiosks`` (every registered kiosk with its state from the latest heartbeat).
Registered by :func:`server.cli.build_parser`; the web stack is imported only when they run."""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Callable
from datetime import UTC, datetime

from server.cli import _print, database
from server.config import ServerConfig
from simcontract.times import rfc3339


def cmd_enroll_token(args: argparse.Namespace, config: ServerConfig) -> int:
    from server import admin
    from server.keys import load_or_create_receipt_key

    lifetime = admin.parse_duration(args.expires)
    with database(config) as engine:
        token, expires = admin.mint_token(
            engine,
            load_or_create_receipt_key(config.home_path),
            args.kiosk_id,
            lifetime,
            minted_by=getpass.getuser(),
        )
    until = rfc3339(expires, "seconds")
    _print(
        args,
        {"kiosk_id": args.kiosk_id, "token": token, "expires_at": until},
        f"{token}\n(one-time enrolment token for kiosk {args.kiosk_id}, valid until {until}: "
        f"on the kiosk run  simkiosk provision --server URL --token TOKEN)",
    )
    return 0


def cmd_kiosks(args: argparse.Namespace, config: ServerConfig) -> int:
    from server import admin

    now = datetime.now(UTC)
    with database(config) as engine:
        states = [s.as_dict(now) for s in admin.fleet(engine, now=now)]
    if args.state:
        states = [s for s in states if s["state"] == args.state]
    if args.json:
        print(json.dumps({"count": len(states), "kiosks": states}))
        return 0
    for s in states:
        beat = s["heartbeat"] or {}
        seen = "never" if s["last_seen"] is None else f"{s['seconds_since']:.0f} s ago"
        outbox = beat.get("outbox") or {}
        print(
            f"{s['kiosk_id']:<20} {s['state']:<8} seen {seen:<14} "
            f"version {beat.get('version', '-'):<10} pending {outbox.get('pending', '-')}"
            + (f"  frozen: {'; '.join(beat['freeze_reasons'])[:120]}" if beat.get("frozen") else "")
        )
    print(f"{len(states)} kiosk(s)")
    return 0


def add_fleet_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    p = command(
        "enroll-token",
        "mint a one-time token that provisions one kiosk (simkiosk provision --token)",
        cmd_enroll_token,
    )
    p.add_argument("--kiosk-id", required=True, metavar="ID")
    p.add_argument(
        "--expires",
        default="1h",
        metavar="DURATION",
        help="how long the token is valid: 30m, 1h (default), 2d; at most 30d",
    )
    p = command(
        "kiosks",
        "list registered kiosks with the state of their latest heartbeat "
        "(ok, frozen, start_failed, missing, never, revoked)",
        cmd_kiosks,
    )
    from server.fleet_states import FleetState

    p.add_argument("--state", choices=list(FleetState), help="only kiosks in this state")
    from server.operator_cli import add_operator_command

    add_operator_command(command)
