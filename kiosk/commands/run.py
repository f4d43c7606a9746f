"""``simkiosk run``: start the kiosk window on the configured devices."""

from __future__ import annotations

import argparse
import sys

from kiosk.errors import KioskError
from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--windowed", action="store_true",
                   help="ignore kiosk.fullscreen (a window, for a technician's desktop)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    import dataclasses

    from kiosk.ui.early_init import install_crash_handlers, preflight

    problems = preflight(settings)
    if problems:
        for line in problems[:-1]:
            print(f"simkiosk: {line}", file=sys.stderr)
        raise KioskError(f"cannot start the kiosk: {problems[-1]}")
    install_crash_handlers(settings)
    if args.windowed and settings.kiosk.fullscreen:
        settings = dataclasses.replace(
            settings, kiosk=dataclasses.replace(settings.kiosk, fullscreen=False))
    try:
        from kiosk.services import build_services
    except ModuleNotFoundError as exc:
        if exc.name == "kiosk.services":
            raise KioskError("the enrollment services are not available in this version") from None
        raise

    from kiosk.commands.diagnose import run_checks
    from kiosk.devices import camera_from_settings
    from kiosk.ui.app import run_app

    services = build_services(settings)
    try:
        camera = camera_from_settings(settings)
    except Exception as exc:  # the kiosk still runs; the technician screen says why
        print(f"simkiosk: no camera for the diagnostics view: {exc}", file=sys.stderr)
        camera = None
    return run_app(settings, services, camera=camera, checks=lambda: run_checks(settings))
