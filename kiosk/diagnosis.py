"""The technician's full check run, shared by ``simkiosk diagnose`` and the diagnostics screen
(no Qt). The freeze state comes first: it is what a technician is called for.

:func:`run_all` returns :class:`hardware.diagnostics.Check` objects in screen order. Device
checks open their own device handles only when ``devices`` is true (``simkiosk diagnose``); in
the kiosk window the services hold the devices, and the screen tests them live instead.
"""

from __future__ import annotations

from typing import Any

from hardware import diagnostics as dg
from hardware.diagnostics import ERROR, OK, SKIP, WARN, Check
from hardware.registry import CameraKind, ChipReaderKind, ScannerKind
from kiosk import __version__
from kiosk.errors import KioskError
from kiosk.imaging.mesh import FaceBoxes
from kiosk.records.at_rest import open_outbox, protection
from kiosk.records.outbox import Outbox
from kiosk.settings import Settings, diagnostics_pin_problem

# Screen and report order; checks added later (e.g. a camera identity check) follow these.
ORDER = (
    "freeze",
    "camera",
    "scanner",
    "serial_reader",
    "barcode",
    "server",
    "tls",
    "clock",
    "outbox",
    "key",
    "versions",
    "models",
    "disk",
    "state_dir",
    "diagnostics_pin",
)


def check_freeze(settings: Settings, outbox: Outbox, skew_s: float | None) -> Check:
    from kiosk.records.freeze import freeze_reasons

    reasons = freeze_reasons(settings, outbox, clock_skew_s=skew_s)
    if reasons:
        return Check(
            "freeze",
            ERROR,
            f"FROZEN: {len(reasons)} reason(s); new customers wait",
            {"frozen": True, "reasons": reasons},
        )
    return Check(
        "freeze", OK, "not frozen: the kiosk takes customers", {"frozen": False, "reasons": []}
    )


def check_outbox(settings: Settings, outbox: Outbox) -> Check:
    r = settings.records
    st = outbox.status()
    pending, age = st["pending"], st["oldest_pending_age_s"]
    info = {
        k: st.get(k)
        for k in (
            "pending",
            "delivered",
            "rejected",
            "oldest_pending_age_s",
            "evidence_pending",
            "unreadable",
            "last_error",
        )
    }
    info["records_at_rest"] = protection(settings, outbox)  # sealed, plain (rig) or frozen
    problems = outbox.check()  # SQLite's quick check, the WAL, records that do not read
    if problems:
        return Check("outbox", ERROR, "; ".join(problems), info)
    if pending == 0:
        return Check(
            "outbox", OK, f"empty ({st['delivered']} delivered, {st['rejected']} rejected)", info
        )
    age_h = (age or 0) / 3600
    detail = f"{pending} pending, the oldest waiting {age_h:.1f} h"
    if st.get("last_error"):
        detail += f"; last problem: {st['last_error']}"
    if pending > r.freeze_max_pending or age_h > r.freeze_max_pending_age_h:
        return Check("outbox", ERROR, detail + " (over the freeze limit)", info)
    if pending > r.freeze_max_pending / 2 or age_h > r.freeze_max_pending_age_h / 2:
        return Check("outbox", WARN, detail, info)
    return Check("outbox", OK, detail, info)


def check_key(settings: Settings) -> Check:
    """The device key's id (its fingerprint, the same as `simkiosk keys show`), and whether the
    server's receipt key is pinned. Never the key itself."""
    from kiosk.records import keys

    try:
        key = keys.load_device_key(settings)
    except KioskError as exc:
        return Check("key", ERROR, str(exc))
    info: dict[str, Any] = {"key_id": key.key_id, "kiosk_id": key.kiosk_id}
    try:
        pinned = keys.configured_server_key(settings) is not None
    except KioskError:
        pinned = False
    info["server_key_pinned"] = pinned
    info["key_protection"], protection = keys.key_protection(settings)
    detail = (
        f"device key {key.key_id}; server receipt key "
        + ("pinned" if pinned else "not pinned yet (first contact pins it)")
        + f"; {protection}"
    )
    return Check("key", OK if pinned else WARN, detail, info)


def check_pin(settings: Settings) -> Check:
    problem = diagnostics_pin_problem(settings.kiosk.diagnostics_pin)
    if problem is None:
        return Check("diagnostics_pin", OK, "set")
    if settings.demo:
        return Check("diagnostics_pin", OK, "the demo's PIN (allowed in the demo only)")
    return Check("diagnostics_pin", ERROR, f"kiosk.diagnostics_pin {problem}")


def run_all(
    settings: Settings,
    *,
    devices: bool = True,
    server: bool = True,
    outbox: Outbox | None = None,
    serial_wait_s: float = 0.0,
    extra_versions: dict[str, str] | None = None,
) -> list[Check]:
    """Every check, freeze first. ``outbox``: the kiosk's open outbox (else one is opened)."""
    checks: list[Check] = []
    if devices:
        from kiosk.devices import camera_from_settings, scanner_from_settings

        d = settings.devices
        faces = FaceBoxes()
        try:
            checks.append(dg.check_camera(camera_from_settings(settings), faces=faces))
        except KioskError as exc:  # DeviceError included (kiosk/errors.py)
            checks.append(Check("camera", ERROR, str(exc)))
        finally:
            faces.close()
        # a physical camera: is it the configured one, and not virtual?
        if d.camera == CameraKind.OPENCV:
            checks.append(
                dg.check_camera_identity(
                    d.camera,
                    d.camera_source,
                    production=not settings.demo,
                    usb_vendor=d.camera_usb_vendor,
                    usb_product=d.camera_usb_product,
                    usb_serial=d.camera_usb_serial,
                    by_path=d.camera_by_path,
                )
            )
        if d.scanner == ScannerKind.SERIAL:
            checks.append(dg.check_serial_reader(d.scanner_source, d.serial_baud, serial_wait_s))
        else:
            try:
                checks.append(dg.try_scan(scanner_from_settings(settings))[0])
            except KioskError as exc:  # DeviceError included (kiosk/errors.py)
                checks.append(Check("scanner", ERROR, str(exc)))
            checks.append(dg.check_serial_reader("", 0, 0))
        checks.append(
            Check(
                "barcode",
                SKIP,
                "a keyboard-wedge reader types into the kiosk's "
                "window: test it on the diagnostics screen",
            )
        )
        if d.chip != ChipReaderKind.OFF:
            checks.append(dg.check_chip_reader(d.chip, d.chip_reader))
    skew: float | None = None
    if server:
        r = settings.records
        srv = dg.check_server(r.server_url, r.connect_timeout_s, r.ca_bundle or True)
        skew = srv.info.get("clock_skew_s")
        checks += [srv, dg.check_tls(r.server_url, r.ca_bundle, r.connect_timeout_s)]
        if srv.status != ERROR:
            checks.append(dg.check_clock(skew, r.freeze_max_clock_skew_s))
        else:
            checks.append(Check("clock", SKIP, "not measured: the server is unreachable"))
    own = outbox is None
    try:
        box = open_outbox(settings) if outbox is None else outbox
    except KioskError as exc:
        checks.insert(0, Check("freeze", ERROR, f"unknown: {exc}"))
        checks.append(Check("outbox", ERROR, str(exc)))
    else:
        try:
            checks.insert(0, check_freeze(settings, box, skew))
            checks.append(check_outbox(settings, box))
        finally:
            if own:
                box.close()
    checks += [
        check_key(settings),
        dg.check_versions(__version__, extra_versions),
        dg.check_models(),
        dg.check_disk(settings.home, settings.records.freeze_min_free_disk_mb),
        dg.check_state_dir(settings.home),
        check_pin(settings),
    ]
    return checks


__all__ = ["ERROR", "OK", "ORDER", "SKIP", "WARN", "Check", "run_all"]
