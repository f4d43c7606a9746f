"""``simkiosk-server``: run the reference server and manage its kiosks and activations.

Options override SIMKIOSK_SERVER_* environment variables (--db: SIMKIOSK_SERVER_DB, --home:
SIMKIOSK_SERVER_HOME). Errors are one line on stderr with a non-zero exit (2: bad input).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import pwd
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from server.config import ServerConfig, load_config
from server.errors import ServerInputError, ServerOpError

if TYPE_CHECKING:
    from sqlalchemy import Engine


@contextlib.contextmanager
def database(config: ServerConfig) -> Iterator[Engine]:
    """The migrated database for one command, disposed of afterwards. A database that cannot be
    reached (now or in the middle of the command) is one ServerOpError line."""
    from sqlalchemy.exc import OperationalError

    from server.db import make_engine, migrate

    try:
        engine = make_engine(config.db, pool_size=2)
        try:
            migrate(engine)
            yield engine
        finally:
            engine.dispose()
    except OperationalError as exc:
        first = (str(exc.orig) or type(exc.orig).__name__).splitlines()[0]
        raise ServerOpError(f"database unavailable: {first}") from None


def operator() -> str:
    """Who runs the command: the Unix account of the process's real user id, from the system's
    user database. Not $LOGNAME/$USER (getpass.getuser), which anyone can set."""
    uid = os.getuid()
    try:
        return f"{pwd.getpwuid(uid).pw_name} (uid {uid})"
    except KeyError:
        return f"uid {uid}"


def days(text: str) -> float:
    """A finite number of days within 0..36500 (nan, inf or 1e9 would break the date
    arithmetic)."""
    try:
        value = float(text)
    except ValueError:
        raise ServerInputError(f"--older-than-days: not a number of days: {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= 36500:
        raise ServerInputError("--older-than-days must be a number of days within 0..36500")
    return value


def cmd_init_db(args: argparse.Namespace, config: ServerConfig) -> int:
    from server.db import schema_revision
    from server.keys import load_or_create_evidence_key, load_or_create_receipt_key

    with database(config) as engine:
        key = load_or_create_receipt_key(config.home_path)
        evidence_key = load_or_create_evidence_key(config.home_path)
        result = {
            "schema_revision": schema_revision(engine),
            "receipt_key_id": key.key_id,
            "evidence_key_id": evidence_key.key_id,
            "home": str(config.home_path),
        }
    _print(
        args,
        result,
        f"database at revision {result['schema_revision']}; "
        f"receipt key {key.key_id} and evidence key {evidence_key.key_id} "
        f"in {config.home_path}",
    )
    return 0


def cmd_serve(args: argparse.Namespace, config: ServerConfig) -> int:
    import uvicorn

    from server.keys import load_or_create_evidence_key, load_or_create_receipt_key
    from server.limits import uvicorn_settings

    with database(config):
        pass  # created or migrated before the workers start
    key = load_or_create_receipt_key(config.home_path)
    load_or_create_evidence_key(config.home_path)
    # uvicorn's worker processes build their app from the environment (server.app factory).
    os.environ["SIMKIOSK_SERVER_DB"] = config.db
    os.environ["SIMKIOSK_SERVER_HOME"] = str(config.home_path)
    print(
        f"simkiosk-server: starting on http://{args.host}:{args.port} with {args.workers} "
        f"worker(s); receipt key {key.key_id}",
        file=sys.stderr,
        flush=True,
    )
    # the limits on slow and unfinished requests (docs/server.md "Limits")
    uvicorn.run(
        "server.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
        access_log=False,
        server_header=False,
        **uvicorn_settings(config),
    )
    return 0


def _read_kiosk_key(args: argparse.Namespace) -> tuple[str, str]:
    if args.from_kiosk:
        path = Path(args.from_kiosk).expanduser() / "keys" / "device.json"
        try:
            device = json.loads(path.read_text("utf-8"))
            return str(device["kiosk_id"]), str(device["public_key_pem"])
        except OSError as exc:
            raise ServerInputError(f"cannot read {path}: {exc.strerror or exc}") from None
        except (ValueError, KeyError, TypeError):
            raise ServerInputError(
                f"{path} is not a kiosk device.json (needs kiosk_id and public_key_pem)"
            ) from None
    if not (args.kiosk_id and args.public_key):
        raise ServerInputError("give --from-kiosk HOME, or both --kiosk-id and --public-key")
    try:
        return args.kiosk_id, Path(args.public_key).read_text("utf-8")
    except OSError as exc:
        raise ServerInputError(f"cannot read {args.public_key}: {exc.strerror or exc}") from None


def cmd_register_kiosk(args: argparse.Namespace, config: ServerConfig) -> int:
    from server import admin

    kiosk_id, pem = _read_kiosk_key(args)
    with database(config) as engine:
        done = admin.register_kiosk(engine, kiosk_id, pem, replace=args.replace)
    _print(
        args,
        {"kiosk_id": done.kiosk_id, "key_id": done.key_id, "state": done.state},
        f"kiosk {done.kiosk_id}: {done.state} (key {done.key_id})",
    )
    return 0


def cmd_revoke_kiosk(args: argparse.Namespace, config: ServerConfig) -> int:
    from server import admin

    with database(config) as engine:
        state = admin.revoke_kiosk(engine, args.kiosk_id)
    _print(args, {"kiosk_id": args.kiosk_id, "state": state}, f"kiosk {args.kiosk_id}: {state}")
    return 0


def cmd_deactivate(args: argparse.Namespace, config: ServerConfig) -> int:
    from server import admin

    with database(config) as engine:
        admin.deactivate(engine, args.iccid)
    _print(args, {"iccid": args.iccid, "state": "deactivated"}, "SIM card deactivated")
    return 0


def cmd_activations(args: argparse.Namespace, config: ServerConfig) -> int:
    from server import admin

    with database(config) as engine:
        rows = admin.activations(engine)
    items = [
        {
            "record_id": r.record_id,
            "kiosk_id": r.kiosk_id,
            "iccid": r.iccid,
            # the listing is an overview: the person shows as the IIN's last four digits
            "iin": "*" * 8 + r.iin[-4:],
            "active": r.active,
            "created_at": r.created_at.isoformat(),
            "activated_at": r.activated_at.isoformat(),
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({"count": len(items), "activations": items}))
    else:
        for it in items:
            print(
                f"{it['activated_at']}  {it['record_id']}  {it['kiosk_id']:<16} "
                f"{it['iccid']:<20} {it['iin']}  {'active' if it['active'] else 'inactive'}"
            )
        print(f"{len(items)} activation(s)")
    return 0


def cmd_evidence(args: argparse.Namespace, config: ServerConfig) -> int:
    """Open a record's sealed evidence (server.admin.open_record_evidence: audited first)."""
    from server import admin
    from server.keys import load_evidence_key, load_receipt_key

    key = load_evidence_key(config.home_path)
    receipt_key = load_receipt_key(config.home_path)
    with database(config) as engine:
        try:
            opened = admin.open_record_evidence(
                engine,
                receipt_key,
                key,
                record_id=args.record_id,
                reason=args.reason,
                operator=operator(),
                out_dir=Path(args.out).expanduser(),
            )
        except OSError as exc:
            raise ServerOpError(f"cannot write into {args.out}: {exc.strerror or exc}") from None
    images = [
        {"name": o.name, "file": str(o.path), "sha256": o.sha256, "bytes": o.size} for o in opened
    ]
    _print(
        args,
        {"record_id": args.record_id, "out": str(Path(args.out).expanduser()), "images": images},
        f"{len(images)} image(s) of record {args.record_id}, each matching its digest in the "
        f"record, written to {args.out}: {', '.join(o.path.name for o in opened)}",
    )
    return 0


def cmd_purge_evidence(args: argparse.Namespace, config: ServerConfig) -> int:
    """Delete stored evidence older than the operator's retention period (run it daily)."""
    from server import admin
    from server.keys import load_receipt_key

    args.older_than_days = days(args.older_than_days)
    with database(config) as engine:
        purged = admin.purge_evidence(
            engine,
            load_receipt_key(config.home_path),
            older_than_days=args.older_than_days,
            operator=operator(),
        )
    _print(
        args,
        {"purged": purged, "older_than_days": args.older_than_days},
        f"deleted {purged} sealed evidence item(s) older than {args.older_than_days:g} days",
    )
    return 0


def cmd_openapi(args: argparse.Namespace, config: ServerConfig) -> int:
    print(openapi_json())
    return 0


def openapi_json() -> str:
    """The OpenAPI document exactly as committed in docs/openapi.json."""
    from server.app import create_app

    return json.dumps(create_app().openapi(), indent=2, sort_keys=True, ensure_ascii=False)


def _print(args: argparse.Namespace, obj: dict[str, Any], text: str) -> None:
    print(json.dumps(obj) if getattr(args, "json", False) else text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="simkiosk-server", description="simkiosk reference activation server"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, help_text: str, func: Any, *, db: bool = True, json_out: bool = True
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        if db:
            p.add_argument(
                "--db",
                metavar="URL",
                help="sqlite:///server.db or postgresql+psycopg://... "
                "(default: $SIMKIOSK_SERVER_DB)",
            )
            p.add_argument(
                "--home",
                metavar="DIR",
                help="holds the receipt and evidence keys (default: $SIMKIOSK_SERVER_HOME)",
            )
        if json_out:
            p.add_argument("--json", action="store_true", help="print one JSON object")
        return p

    p = command("serve", "run the HTTP server (uvicorn)", cmd_serve, json_out=False)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (one per core; they share the database)",
    )
    command("init-db", "create or migrate the database and the receipt key", cmd_init_db)
    p = command("register-kiosk", "register a kiosk's public key", cmd_register_kiosk)
    p.add_argument(
        "--from-kiosk", metavar="SIMKIOSK_HOME", help="read HOME/keys/device.json of a kiosk"
    )
    p.add_argument("--kiosk-id")
    p.add_argument("--public-key", metavar="PEMFILE")
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the key of a kiosk registered with another key or revoked",
    )
    p = command("revoke-kiosk", "refuse every further record from a kiosk", cmd_revoke_kiosk)
    p.add_argument("kiosk_id", metavar="KIOSK_ID")
    p = command(
        "deactivate", "deactivate an active SIM (frees a slot of its owner)", cmd_deactivate
    )
    p.add_argument("iccid", metavar="ICCID")
    command("activations", "list activations", cmd_activations)
    p = command(
        "evidence",
        "decrypt a record's sealed evidence images into a directory (for "
        "authorised dispute handling; the images are biometric data)",
        cmd_evidence,
    )
    p.add_argument("record_id", metavar="RECORD_ID")
    p.add_argument(
        "--out",
        metavar="DIR",
        required=True,
        help="where to write the images (created 0700; files 0600)",
    )
    p.add_argument(
        "--reason",
        required=True,
        help="why the evidence is opened (a case number): kept in the audit table "
        "with the operating-system user",
    )
    p = command(
        "purge-evidence",
        "delete sealed evidence older than the retention period "
        "(the activations and their digests stay)",
        cmd_purge_evidence,
    )
    p.add_argument("--older-than-days", required=True, metavar="DAYS")
    command("openapi", "print the OpenAPI document", cmd_openapi, db=False, json_out=False)
    from server.fleet_cli import add_fleet_commands  # enroll-token, kiosks

    add_fleet_commands(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config()
        if getattr(args, "db", None) is not None or getattr(args, "home", None) is not None:
            config = config.with_overrides(db=args.db, home=args.home)
        if args.command == "serve" and not (1 <= args.workers <= 64 and 0 <= args.port <= 65535):
            raise ServerInputError("--workers must be 1..64 and --port 0..65535")
        return args.func(args, config)
    except ServerOpError as exc:  # the server's error tree (server.errors): one line, its code
        return _fail(str(exc), exc.exit_code)
    except ModuleNotFoundError as exc:
        # simkiosk[server] is not installed (server/extras.py): the line that says so, never a
        # traceback. Any other missing module is a bug and shows as one.
        from server.extras import missing_extra

        error = missing_extra(exc, f"`simkiosk-server {args.command}`")
        if error is None:
            raise
        return _fail(str(error), error.exit_code)


def _fail(message: str, exit_code: int) -> int:
    print(f"simkiosk-server: error: {message}", file=sys.stderr)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
