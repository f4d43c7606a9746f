"""``simkiosk``: the kiosk's command line.

Every subcommand lives in ``kiosk/commands/<name>.py`` (dashes become underscores) and is imported
only when it runs, so ``simkiosk --help`` answers without loading OpenCV, MediaPipe, dlib or Qt.
A subcommand that is not built yet says so and exits non-zero; it never prints a fake result.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from types import ModuleType

from kiosk import __version__
from kiosk.errors import ConfigError, DeviceError, InputError, KioskError  # imports nothing
from kiosk.extras import EXIT_MISSING, MissingExtra  # imports no third-party module
from simcontract.errors import ContractError  # imports nothing

# name -> one-line help. The order is the order of `simkiosk --help`.
COMMANDS: dict[str, str] = {
    "run": "start the kiosk application (the window)",
    "demo": "start a local reference server and the kiosk with simulated devices",
    "diagnose": "check devices, models, state directory and server; report as text or JSON",
    "read-document": "read and verify an identity document from scanned images",
    "read-chip": "read and verify a passport's chip (BAC, passive authentication)",
    "match": "match a document portrait against live face images",
    "liveness": "evaluate a recorded video against a challenge sequence",
    "keys": "create or show the kiosk's device signing key",
    "outbox": "show or flush the queue of signed activation records",
    "records": "produce sample signed activation records",
    "clerks": "add, list or remove clerk accounts for assisted mode",
    "provision": "register this kiosk with the server using a one-time enrolment token",
    "heartbeat": "send one signed heartbeat to the server now (the fleet view)",
}

EXIT_UNAVAILABLE = 3

# The command line's edge of the exception tree (kiosk/errors.py), the only one: each branch's
# exit code and how its one line reads. The first row the error is an instance of wins, so the
# more specific rows come first. The line ends with the branch's advice (KioskError.advice) when
# the message does not already say what to do.
EXIT_CODES: tuple[tuple[type[Exception], int, str], ...] = (
    (MissingExtra, EXIT_MISSING, "{}"),  # an install extra is missing: names the pip command
    (InputError, 2, "{}"),  # the command's input: a file, an image, an argument
    (ConfigError, 2, "bad {}"),  # a setting: "bad setting kiosk.id: ..."
    (DeviceError, 4, "{}"),  # a device is missing, busy or failed
    (KioskError, 1, "{}"),  # everything else with a plain reason
    (ContractError, 1, "{}"),  # the record contract's branch (simcontract cannot import kiosk)
)


def exit_code(exc: Exception) -> int:
    """The exit code of an error of the tree: the first row of EXIT_CODES it belongs to."""
    return next(code for cls, code, _ in EXIT_CODES if isinstance(exc, cls))


def one_line(exc: Exception) -> str:
    """What the command line prints for an error of the tree: one line, with its advice."""
    template = next(form for cls, _, form in EXIT_CODES if isinstance(exc, cls))
    text = template.format(" ".join(str(exc).split()) or type(exc).__name__)
    advice = getattr(exc, "advice", "")
    return f"{text}; {advice}" if advice and advice not in text else text


def _module_name(command: str) -> str:
    return "kiosk.commands." + command.replace("-", "_")


def _load(command: str) -> ModuleType | None:
    try:
        return importlib.import_module(_module_name(command))
    except ModuleNotFoundError as exc:
        if exc.name == _module_name(command):
            return None
        raise


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="TOML", help="settings file (default: $SIMKIOSK_CONFIG)")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("-v", "--verbose", action="store_true", help="log to stderr as well")


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the selected subcommand's module is imported to define its options."""
    parser = argparse.ArgumentParser(
        prog="simkiosk",
        description="SIM enrollment kiosk",
        epilog="State lives under $SIMKIOSK_HOME; settings come from --config / $SIMKIOSK_CONFIG "
        "and SIMKIOSK_<SECTION>_<KEY> environment variables.",
    )
    parser.add_argument("--version", action="version", version=f"simkiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        _add_common(p)
        if name == selected:
            module = _load(name)
            if module is not None:
                module.add_arguments(p)
            else:
                p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _fail(args: argparse.Namespace | None, reason: str, code: int) -> int:
    if args is not None and getattr(args, "json", False):
        print(json.dumps({"error": reason}))
    print(f"simkiosk: {reason}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except ModuleNotFoundError as exc:
        # A module of an extra that is not installed (kiosk/extras.py): the line that says
        # which one, never a traceback. Any other missing module is a bug and shows as one.
        from kiosk.extras import missing_extra  # MissingExtra: its row in EXIT_CODES

        command = next((a for a in argv if a in COMMANDS), None)
        error = missing_extra(exc, f"`simkiosk {command}`" if command else "simkiosk")
        if error is None:
            raise
        return _fail(argparse.Namespace(json="--json" in argv), one_line(error), exit_code(error))


def _main(argv: list[str]) -> int:
    selected = next((a for a in argv if a in COMMANDS), None)
    parser = build_parser(selected)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    module = _load(args.command)
    if module is None:
        return _fail(
            args, f"'{args.command}' is not available yet in this version", EXIT_UNAVAILABLE
        )

    from kiosk.logs import setup_logging
    from kiosk.settings import load_settings

    try:
        settings = load_settings(args.config)
    except KioskError as exc:  # a SettingsError: "bad setting <key>: <reason>; <advice>"
        return _fail(args, one_line(exc), exit_code(exc))
    try:
        settings.ensure_dirs()
    except OSError as exc:
        return _fail(args, f"state directory {settings.home} is not writable: {exc}", 2)
    lg = settings.logging
    setup_logging(
        settings.log_dir,
        lg.level,
        max_bytes=lg.file_max_bytes,
        backups=lg.file_backups,
        ring_size=lg.ring_size,
        stderr=args.verbose,
    )
    try:
        return int(module.run(args, settings) or 0)
    except (KioskError, ContractError) as exc:  # the record contract's errors are the kiosk's
        return _fail(args, one_line(exc), exit_code(exc))
    except KeyboardInterrupt:
        return _fail(args, "interrupted", 130)
    except OSError as exc:  # a full disk, a file that went away: one line, not a traceback
        where = f" ({exc.filename})" if exc.filename else ""
        return _fail(args, f"storage error: {exc.strerror or exc}{where}", 1)


if __name__ == "__main__":
    raise SystemExit(main())
