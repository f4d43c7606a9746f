"""The composition root: the one place that puts a running kiosk together.

The command line loads and checks the settings (every command needs them); from there on this
module builds the rest, in this order::

    settings ──► ready_to_serve  (what a kiosk in service needs: a PIN, no demo secrets)
             ──► preflight       (a display, Qt, the state directory, the models)
             ──► check_devices   (configured devices that cannot work: the demo's documents)
             ──► build_services  (kiosk.devices: camera and scanner; outbox, client, key, clerks)
             ──► run_app         (the window, with technician_checks for its diagnostics screen)

``simkiosk run`` (:func:`run_kiosk`) and ``simkiosk demo`` (:func:`open_window`, or
:func:`run_headless` without a window, after it has made its server, documents and demo settings)
both start here; the commands only read arguments and print.
Failures are errors of the tree (kiosk/errors.py): the command line turns them into one line.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import ConfigError, DeviceError, KioskError
from kiosk.settings import Settings, SettingsError, check_service_settings

if TYPE_CHECKING:
    from kiosk.diagnosis import Check
    from kiosk.records.outbox import Outbox

# Where the camera's identity is read (hardware.camera_identity); tests point these at a fake tree.
SYS_ROOT = Path("/sys")
DEV_ROOT = Path("/dev")

__all__ = [
    "camera_refusal",
    "check_devices",
    "open_window",
    "ready_to_serve",
    "run_headless",
    "run_kiosk",
    "technician_checks",
]


def ready_to_serve(settings: Settings) -> None:
    """What only a kiosk that serves customers needs beyond :func:`~kiosk.settings.load_settings`'
    checks: a diagnostics PIN that is not a default, none of the demo's published secrets.
    Raises an error naming what to configure. The demo is exempt."""
    if settings.demo:
        return
    check_service_settings(settings)
    _no_demo_clerk(settings)


def _no_demo_clerk(settings: Settings) -> None:
    """`simkiosk demo` adds a clerk whose PIN is in the source: never in a kiosk in service."""
    from kiosk.clerks import ClerkRegistry
    from kiosk.demo.headless import DEMO_CLERK

    clerk_id = DEMO_CLERK[0]
    if settings.clerks_path.exists() and clerk_id in ClerkRegistry(settings.clerks_path).ids():
        raise ConfigError(
            f"clerk registry: the demo's clerk {clerk_id!r} (its PIN is published) is registered",
            advice=f"remove it with `simkiosk clerks remove {clerk_id}` before serving customers",
        )


def check_devices(settings: Settings) -> None:
    """Configured devices that cannot work, found before anything opens. The default scanner
    reads the demo's rendered documents; on a fresh home there are none (the scanner would only
    fail later, opening, with less to say about what to configure)."""
    folder = settings.demo_dir / "documents"
    if settings.devices.scanner == "demo" and not folder.is_dir():
        raise SettingsError(
            "devices.scanner",
            f"is 'demo', but the demo's documents ({folder}) do not exist",
            advice="set devices.scanner (and devices.scanner_source) to this kiosk's scanner, "
            "or run `simkiosk demo` once to render the demo documents",
        )


def camera_refusal(settings: Settings) -> str:
    """'' when the kiosk may start on its camera; otherwise one plain line: what is wrong and
    what to configure.

    Production with a physical camera (``devices.camera = "opencv"``) accepts only the
    configured one (USB vendor/product id and serial, or a /dev/v4l/by-path link) and never a
    virtual camera (v4l2loopback and the like), which would let any video stand in for the
    customer. The kiosk refuses to start rather than open a window that cannot serve anyone:
    the technician reads the reason in the console or the service's journal. The demo and
    the simulated cameras (virtual, video) are not checked."""
    from hardware.diagnostics import ERROR, check_camera_identity

    d = settings.devices
    if settings.demo or d.camera != "opencv":
        return ""
    check = check_camera_identity(
        d.camera,
        d.camera_source,
        production=True,
        usb_vendor=d.camera_usb_vendor,
        usb_product=d.camera_usb_product,
        usb_serial=d.camera_usb_serial,
        by_path=d.camera_by_path,
        sys_root=SYS_ROOT,
        dev_root=DEV_ROOT,
    )
    if check.status != ERROR:
        return ""
    if check.info.get("virtual"):
        todo = "set devices.camera_source to the kiosk's physical camera"
    elif not check.info:  # no such V4L2 device here
        todo = (
            "set devices.camera_source to the physical camera's /dev/v4l/by-path link "
            "(`simkiosk diagnose` shows the cameras connected)"
        )
    else:
        todo = (
            "set devices.camera_usb_vendor, devices.camera_usb_product and "
            "devices.camera_usb_serial (or devices.camera_by_path) to the kiosk's physical "
            "camera's; `simkiosk diagnose` shows the connected one's"
        )
    return f"camera refused: {check.detail}; {todo}"


def technician_checks(settings: Settings, outbox: Outbox) -> Callable[[], list[Check]]:
    """The diagnostics screen's checks (kiosk.diagnosis.run_all, the same as `simkiosk
    diagnose`): on the services' own outbox, without reopening the devices the services hold (a
    second handle on a camera only ever reads "busy")."""
    from kiosk.diagnosis import run_all

    return lambda: run_all(settings, devices=False, outbox=outbox)


def run_kiosk(settings: Settings, *, windowed: bool = False) -> int:
    """``simkiosk run``: check that the kiosk may serve, that a window can open, then open it."""
    from kiosk.ui.early_init import (
        arm_fatal_evidence,
        disarm_fatal_evidence,
        install_crash_handlers,
        preflight,
    )

    ready_to_serve(settings)
    problems = preflight(settings)
    if problems:
        for line in problems[:-1]:
            print(f"simkiosk: {line}", file=sys.stderr)
        raise KioskError(f"cannot start the kiosk: {problems[-1]}")
    refused = camera_refusal(settings)
    if refused:  # the message says what to configure: no generic device advice after it
        raise DeviceError(f"cannot start the kiosk: {refused}", advice="")
    install_crash_handlers(settings)
    if windowed and settings.kiosk.fullscreen:
        settings = dataclasses.replace(
            settings, kiosk=dataclasses.replace(settings.kiosk, fullscreen=False)
        )
    # a frozen interface is ended by the systemd watchdog's SIGABRT: its stacks are the evidence
    arm_fatal_evidence(settings)
    try:
        return open_window(settings)
    finally:
        disarm_fatal_evidence()


def open_window(settings: Settings) -> int:
    """The kiosk window on the services of the configured devices, until it closes."""
    check_devices(settings)
    # The first frame before anything heavy is imported or opened (see kiosk.ui.splash).
    from kiosk.ui.splash import show_splash

    splash = show_splash(fullscreen=settings.kiosk.fullscreen)

    from kiosk.services import build_services
    from kiosk.ui.app import run_app

    try:
        # The camera opens (and the clock is measured) in the background once the attract
        # screen shows: a virtual or USB camera can take seconds.
        services = build_services(settings, late=False)
    except BaseException:
        splash.close()
        raise
    # The diagnostics view shows the services' own camera and scanner, and reads their outbox.
    return run_app(
        settings,
        services,
        camera=services.camera,
        checks=technician_checks(settings, services.outbox),
        splash=splash,
        late=services.open_late,
    )


def run_headless(
    settings: Settings,
    sessions: int,
    on_session: Callable[[dict[str, Any]], None] = lambda _s: None,
) -> list[dict[str, Any]]:
    """``simkiosk demo --headless``: ``sessions`` complete enrollments on the same services and
    no window (kiosk.demo.headless plays the customer); each summary also goes to
    ``on_session`` as it ends."""
    from kiosk.demo.headless import run_session
    from kiosk.services import build_services

    check_devices(settings)
    services = build_services(settings)
    summaries: list[dict[str, Any]] = []
    try:
        for _ in range(sessions):
            summaries.append(run_session(settings, services))
            on_session(summaries[-1])
    finally:
        services.close()
    return summaries
