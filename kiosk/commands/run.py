"""``simkiosk run``: start the kiosk window on the configured devices (kiosk.app builds it)."""

from __future__ import annotations

import argparse

from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--windowed",
        action="store_true",
        help="ignore kiosk.fullscreen (a window, for a technician's desktop)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.app import run_kiosk

    return run_kiosk(settings, windowed=args.windowed)
