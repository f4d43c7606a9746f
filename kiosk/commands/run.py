"""``simkiosk run``: start the kiosk window on the configured devices."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.errors import InputError, KioskError
from kiosk.settings import Settings

# Where the camera's identity is read (hardware.camera_identity); tests point these at a fake tree.
SYS_ROOT = Path("/sys")
DEV_ROOT = Path("/dev")


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
    refused = camera_refusal(settings)
    if refused:
        raise KioskError(f"cannot start the kiosk: {refused}")
    install_crash_handlers(settings)
    if args.windowed and settings.kiosk.fullscreen:
        settings = dataclasses.replace(
            settings, kiosk=dataclasses.replace(settings.kiosk, fullscreen=False))
    return open_window(settings)


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
    check = check_camera_identity(d.camera, d.camera_source, production=True,
                                  usb_vendor=d.camera_usb_vendor,
                                  usb_product=d.camera_usb_product,
                                  usb_serial=d.camera_usb_serial, by_path=d.camera_by_path,
                                  sys_root=SYS_ROOT, dev_root=DEV_ROOT)
    if check.status != ERROR:
        return ""
    if check.info.get("virtual"):
        todo = "set devices.camera_source to the kiosk's physical camera"
    elif not check.info:  # no such V4L2 device here
        todo = ("set devices.camera_source to the physical camera's /dev/v4l/by-path link "
                "(`simkiosk diagnose` shows the cameras connected)")
    else:
        todo = ("set devices.camera_usb_vendor, devices.camera_usb_product and "
                "devices.camera_usb_serial (or devices.camera_by_path) to the kiosk's physical "
                "camera's; `simkiosk diagnose` shows the connected one's")
    return f"camera refused: {check.detail}; {todo}"


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
