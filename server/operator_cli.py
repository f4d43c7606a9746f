"""``simkiosk-server operator add|remove NAME``: the log-ins of the fleet web page. The password
is read from standard input (asked twice on a terminal; the first line otherwise), never from
the command line, where other users could see it in the process list."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from server.cli import _print, database
from server.config import ServerConfig
from server.errors import ServerInputError


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise ServerInputError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_operator(args: argparse.Namespace, config: ServerConfig) -> int:
    from server import admin

    with database(config) as engine:
        if args.action == "add":
            admin.add_operator(engine, args.name, _read_password(), replace=args.replace)
            done = "added" if not args.replace else "set"
        else:
            admin.remove_operator(engine, args.name)
            done = "removed"
    _print(
        args,
        {"operator": args.name, "done": done},
        f"operator {args.name} {done} (fleet web page: /fleet)",
    )
    return 0


def add_operator_command(command: Callable[..., argparse.ArgumentParser]) -> None:
    p = command(
        "operator",
        "add or remove a log-in of the fleet web page (/fleet); the "
        "password is read from standard input",
        cmd_operator,
    )
    p.add_argument("action", choices=["add", "remove"])
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--replace",
        action="store_true",
        help="add: set a new password for an existing operator (ends its sessions)",
    )
