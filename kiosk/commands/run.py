"""``simkiosk run``: start the kiosk window on the configured devices."""

from __future__ import annotations

import argparse
import sys

from kiosk.errors import InputError, KioskError
from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--windowed", action="store_true",
                   help="ignore kiosk.fullscreen (a window, for a technician's desktop)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    import dataclasses

    from kiosk.settings import SettingsError, check_service_settings
    from kiosk.ui.early_init import install_crash_handlers, preflight

    try:
        check_service_settings(settings)
    except SettingsError as exc:
        raise InputError(f"bad {exc}") from None
    problems = preflight(settings)
    if problems:
        for line in problems[:-1]:
            print(f"simkiosk: {line}", file=sys.stderr)
        raise KioskError(f"cannot start the kiosk: {problems[-1]}")
    install_crash_handlers(settings)
    if args.windowed and settings.kiosk.fullscreen:
        settings = dataclasses.replace(
            settings, kiosk=dataclasses.replace(settings.kiosk, fullscreen=False))
    return open_window(settings)


def open_window(settings: Settings) -> int:
    """The kiosk window on the services of the configured devices (also used by the demo)."""
    # The first frame before anything heavy is imported or opened (see kiosk.ui.splash).
    from kiosk.ui.splash import show_splash

    splash = show_splash(fullscreen=settings.kiosk.fullscreen)

    from kiosk.commands.diagnose import run_checks
    from kiosk.services import build_services
    from kiosk.ui.app import run_app

    try:
        # The camera opens (and the clock is measured) in the background once the attract
        # screen shows: a virtual or USB camera can take seconds.
        services = build_services(settings, late=False)
    except BaseException:
        splash.close()
        raise
    # The diagnostics view shows the services' own camera and scanner, and reads their outbox:
    # a second handle on the same device would only ever read "busy".
    return run_app(settings, services, camera=services.camera,
                   checks=lambda: run_checks(settings, devices=False, outbox=services.outbox),
                   splash=splash,
                   late=services.open_late)
