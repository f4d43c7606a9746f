"""``simkiosk diagnose``: the technician's checks without a screen.

``--json`` prints ``{"ok", "frozen", "freeze_reasons", "checks": [{name, status, detail, info}]}``;
``ok`` is false when any check's status is ``error`` (statuses: ok, warn, error, skip).
"""

from __future__ import annotations

import argparse
import json

from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-devices", action="store_true", help="skip opening camera and scanner")
    p.add_argument("--no-server", action="store_true", help="skip the server reachability check")
    p.add_argument(
        "--serial-wait",
        type=float,
        default=0.0,
        metavar="S",
        help="wait this long for a line from the serial MRZ reader (swipe a document)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.diagnosis import run_all  # the same checks as the diagnostics screen's

    checks = run_all(
        settings,
        devices=not args.no_devices,
        server=not args.no_server,
        serial_wait_s=max(0.0, args.serial_wait),
    )
    ok = all(c.status != "error" for c in checks)
    freeze = next((c for c in checks if c.name == "freeze"), None)
    if args.json:
        print(
            json.dumps(
                {
                    "ok": ok,
                    "frozen": bool(freeze and freeze.info.get("frozen")),
                    "freeze_reasons": freeze.info.get("reasons", []) if freeze else [],
                    "checks": [c.as_dict() for c in checks],
                }
            )
        )
    else:
        for c in checks:
            print(f"{c.status.upper():5} {c.name:15} {c.detail}")
            if c.name == "freeze":
                for reason in c.info.get("reasons", []):
                    print(f"{'':21} - {reason}")
    return 0 if ok else 1
