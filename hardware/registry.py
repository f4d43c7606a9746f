"""Which class backs each device kind. Configuration picks the kind; nothing else changes.

Entries are import paths so that choosing a device imports only what it needs (no SANE library
for a folder scanner, no MediaPipe for a V4L2 camera).
"""

from __future__ import annotations

import importlib
from typing import Any

from hardware.base import DeviceError

CAMERAS: dict[str, str] = {
    "opencv": "hardware.camera:OpenCVCamera",
    "video": "hardware.camera:FileCamera",
    "virtual": "hardware.virtual_subject:VirtualSubjectCamera",
}

SCANNERS: dict[str, str] = {
    "folder": "hardware.scanner:FolderScanner",
    "sane": "hardware.sane_scanner:SaneScanner",
    "serial": "hardware.serial_reader:SerialMrzReader",
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
