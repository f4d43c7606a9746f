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
              dg.check_models()]
    if devices:
        checks.append(dg.check_device("camera", lambda: camera_from_settings(settings),
                                      lambda cam: cam.read()))
        checks.append(dg.check_device("scanner", lambda: scanner_from_settings(settings),
                                      lambda sc: None))
        if settings.devices.chip != "off":
            checks.append(dg.check_chip_reader(settings.devices.chip, settings.devices.chip_reader))
    if server:
        r = settings.records
        checks.append(dg.check_server(r.server_url, r.connect_timeout_s, r.freeze_max_clock_skew_s,
                                      r.ca_bundle or True))
    return checks


def run(args: argparse.Namespace, settings: Settings) -> int:
    checks = run_checks(settings, devices=not args.no_devices, server=not args.no_server)
    ok = all(c.status != "error" for c in checks)
    if args.json:
        print(json.dumps({"ok": ok, "checks": [c.as_dict() for c in checks]}))
    else:
        for c in checks:
            print(f"{c.status.upper():5} {c.name:10} {c.detail}")
    return 0 if ok else 1
