"""``simkiosk diagnose``: the technician's checks without a screen."""

from __future__ import annotations

import argparse
import json

from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-devices", action="store_true", help="skip opening camera and scanner")
    p.add_argument("--no-server", action="store_true", help="skip the server reachability check")


def run_checks(settings: Settings, *, devices: bool = True, server: bool = True) -> list:
    from hardware import diagnostics as dg
    from kiosk.devices import camera_from_settings, scanner_from_settings

    checks = [dg.check_state_dir(settings.home),
              dg.check_disk(settings.home, settings.records.freeze_min_free_disk_mb),
              dg.check_models(), check_outbox(settings), check_device_key(settings)]
    if devices:
        checks.append(dg.check_device("camera", lambda: camera_from_settings(settings),
                                      lambda cam: cam.read()))
        checks.append(dg.check_device("scanner", lambda: scanner_from_settings(settings),
                                      lambda sc: None))
    if server:
        r = settings.records
        checks.append(dg.check_server(r.server_url, r.connect_timeout_s, r.freeze_max_clock_skew_s,
                                      r.ca_bundle or True))
    return checks


def check_outbox(settings: Settings):
    """The outbox opens, passes SQLite's quick check, and every stored record reads."""
    from hardware import diagnostics as dg
    from kiosk.errors import KioskError
    from kiosk.records.outbox import Outbox

    try:
        with Outbox(settings.outbox_path) as outbox:
            problems = outbox.check()
            status = outbox.status()
    except KioskError as exc:
        return dg.Check("outbox", dg.ERROR, str(exc))
    if problems:
        return dg.Check("outbox", dg.ERROR, "; ".join(problems), status)
    detail = f"{status['pending']} pending, {status['delivered']} delivered"
    if status["last_error"]:
        detail += f"; last problem: {status['last_error']}"
    return dg.Check("outbox", dg.OK, detail, status)


def check_device_key(settings: Settings):
    """The device key loads and matches the public key recorded beside it."""
    from hardware import diagnostics as dg
    from kiosk.errors import KioskError
    from kiosk.records.keys import DEVICE_INFO_FILE, DEVICE_KEY_FILE, load_device_key

    if not any((settings.keys_dir / name).exists() for name in (DEVICE_KEY_FILE,
                                                                DEVICE_INFO_FILE)):
        return dg.Check("device key", dg.WARN, "no device key yet (made on the first start)")
    try:
        key = load_device_key(settings)
    except KioskError as exc:
        return dg.Check("device key", dg.ERROR, str(exc))
    return dg.Check("device key", dg.OK, f"key {key.key_id}", {"key_id": key.key_id})


def run(args: argparse.Namespace, settings: Settings) -> int:
    checks = run_checks(settings, devices=not args.no_devices, server=not args.no_server)
    ok = all(c.status != "error" for c in checks)
    if args.json:
        print(json.dumps({"ok": ok, "checks": [c.as_dict() for c in checks]}))
    else:
        for c in checks:
            print(f"{c.status.upper():5} {c.name:10} {c.detail}")
    return 0 if ok else 1
