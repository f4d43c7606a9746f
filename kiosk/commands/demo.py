"""``simkiosk demo``: a local reference server and the kiosk on simulated devices.

With ``--headless`` it runs N complete enrollments with no window (the virtual subject answers
the liveness prompts, the folder scanner gives rendered documents) and reports each outcome.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from hardware.registry import ScannerKind
from kiosk.errors import InputError
from kiosk.settings import KioskMode, Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--headless", action="store_true", help="no window: run --sessions enrollments")
    p.add_argument(
        "--sessions",
        type=int,
        default=1,
        metavar="N",
        help="how many enrollments to run headless (default 1)",
    )
    p.add_argument(
        "--server", metavar="URL", help="use this server instead of starting a local one"
    )
    p.add_argument(
        "--documents",
        type=int,
        default=4,
        metavar="N",
        help="how many synthetic people to render demo documents for (default 4)",
    )


def demo_settings(settings: Settings, server_url: str) -> Settings:
    """The settings with the demo's devices (unless configured otherwise) and server, marked as
    the demo: the only kiosk allowed a well-known diagnostics PIN (the demo's, when none is
    configured)."""
    from kiosk.settings import DEMO_DIAGNOSTICS_PIN

    records = dataclasses.replace(settings.records, server_url=server_url)
    kiosk = settings.kiosk
    if not kiosk.diagnostics_pin:
        kiosk = dataclasses.replace(kiosk, diagnostics_pin=DEMO_DIAGNOSTICS_PIN)
    return dataclasses.replace(settings, records=records, kiosk=kiosk, demo=True)


def _ensure_demo_clerk(settings: Settings) -> None:
    from kiosk.clerks import ClerkRegistry
    from kiosk.demo.headless import DEMO_CLERK

    registry = ClerkRegistry(settings.clerks_path)
    if DEMO_CLERK[0] not in registry.ids():
        registry.add(*DEMO_CLERK)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.sessions < 1:
        raise InputError("--sessions must be at least 1")
    if args.documents < 1:
        raise InputError("--documents must be at least 1")
    from kiosk.extras import require

    require("demo", "the demo")  # kiosk, server and the simulated devices, before any of them
    from kiosk.demo.media import ensure_demo_documents
    from kiosk.demo.server import LocalServer
    from kiosk.records.keys import ensure_device_key

    ensure_device_key(settings)
    if settings.devices.scanner == ScannerKind.DEMO:
        ensure_demo_documents(settings.demo_dir / "documents", args.documents)
    if settings.kiosk.mode == KioskMode.ASSISTED:
        _ensure_demo_clerk(settings)
    server = None if args.server else LocalServer(settings.home)
    try:
        url = args.server if server is None else server.start()
        settings = demo_settings(settings, url)
        if args.headless:
            return _headless(args, settings)
        return _window(settings)
    finally:
        if server is not None:
            server.stop()


def _headless(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.app import run_headless

    def show(summary: dict[str, Any]) -> None:
        if not args.json:
            print(
                f"{summary['outcome']:>16}  {summary['wall_seconds']:6.1f} s  {summary['reason']}",
                file=sys.stdout,
                flush=True,
            )

    sessions = run_headless(settings, args.sessions, show)
    if args.json:
        print(json.dumps({"server": settings.records.server_url, "sessions": sessions}))
    return 0


def _window(settings: Settings) -> int:
    from kiosk.app import open_window

    return open_window(settings)
