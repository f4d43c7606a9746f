"""``simkiosk clerks add|list|remove``: clerk accounts for assisted mode."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from kiosk.errors import InputError
from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["add", "list", "remove"])
    p.add_argument("clerk_id", nargs="?")
    p.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.clerks import ClerkRegistry

    reg = ClerkRegistry(settings.clerks_path)
    if args.action == "list":
        ids = reg.ids()
        print(json.dumps({"clerks": ids}) if args.json else "\n".join(ids))
        return 0
    if not args.clerk_id:
        raise InputError(f"clerks {args.action} needs a clerk id")
    if args.action == "remove":
        if not reg.remove(args.clerk_id):
            raise InputError(f"no clerk {args.clerk_id!r}")
        print(json.dumps({"removed": args.clerk_id}) if args.json else "removed")
        return 0
    pin = sys.stdin.readline().strip() if args.pin_stdin else getpass.getpass("PIN: ")
    # a clerk's PIN opens assisted sessions and approves reviews: no defaults
    reg.add(args.clerk_id, pin, refuse_default_pins=True)
    print(json.dumps({"added": args.clerk_id}) if args.json else "added")
    return 0
