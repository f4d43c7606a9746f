"""Which class backs each device kind. Configuration picks the kind; nothing else changes.

Entries are import paths so that choosing a device imports only what it needs (no SANE library
for a folder scanner, no MediaPipe for a V4L2 camera).
"""

from __future__ import annotations

import enum
import importlib
from typing import Any

from hardware.base import DeviceError


class CameraKind(enum.StrEnum):
    """``devices.camera``: which class films the customer."""

    VIRTUAL = "virtual"  # the simulated subject (a photo warped by the challenges)
    OPENCV = "opencv"  # a V4L2 camera
    VIDEO = "video"  # a video file or a folder of images


class ScannerKind(enum.StrEnum):
    """``devices.scanner``: where document images (or MRZ lines) come from."""

    DEMO = "demo"  # a folder scanner over the demo's rendered documents (kiosk/devices.py)
    FOLDER = "folder"
    SANE = "sane"
    SERIAL = "serial"  # a serial MRZ reader: lines, no image


class ChipReaderKind(enum.StrEnum):
    """``devices.chip``: the passport chip reader (kiosk/chip_step.py builds it)."""

    OFF = "off"
    SIMULATED = "simulated"  # a card-side ePassport of the demo's test state
    PCSC = "pcsc"  # a contactless reader through pcscd


CAMERAS: dict[str, str] = {
    CameraKind.OPENCV: "hardware.camera:OpenCVCamera",
    CameraKind.VIDEO: "hardware.camera:FileCamera",
    CameraKind.VIRTUAL: "hardware.virtual_subject:VirtualSubjectCamera",
}

SCANNERS: dict[str, str] = {
    ScannerKind.FOLDER: "hardware.scanner:FolderScanner",
    ScannerKind.SANE: "hardware.sane_scanner:SaneScanner",
    ScannerKind.SERIAL: "hardware.serial_reader:SerialMrzReader",
}


def resolve(table: dict[str, str], kind: str, what: str) -> type:
    """The class registered for ``kind``; a clear DeviceError when unknown or not built."""
    try:
        target = table[kind]
    except KeyError:
        raise DeviceError(f"unknown {what} kind {kind!r}; known: {', '.join(table)}") from None
    module_name, _, cls_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise DeviceError(f"{what} kind {kind!r} is not available in this version") from None
        raise
    return getattr(module, cls_name)


def create(table: dict[str, str], kind: str, what: str, *args: Any, **kwargs: Any) -> Any:
    return resolve(table, kind, what)(*args, **kwargs)
