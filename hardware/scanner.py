"""Document scanners: the protocol and the folder scanner (the simulated scanner).

A scan is one document: one image per side, and, for readers that decode the MRZ themselves
(serial MRZ readers), the MRZ text lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from hardware.base import DeviceError, DeviceHealth
from hardware.camera import IMAGE_SUFFIXES, _load_image


@dataclass
class Scan:
    images: list[np.ndarray] = field(default_factory=list)  # BGR uint8, one per side
    mrz_lines: list[str] | None = None  # set by readers that decode the MRZ themselves
    source: str = ""

    def wipe(self) -> None:
        """Overwrite and drop the pixels: a scan holds a person's document."""
        for img in self.images:
            img.fill(0)
        self.images.clear()
        self.mrz_lines = None


@runtime_checkable
class DocumentScanner(Protocol):
    @property
    def device_id(self) -> str: ...

    def open(self) -> None: ...

    def close(self) -> None: ...

    def scan(self, timeout_s: float = 30.0) -> Scan:
        """Acquire one document. Raises DeviceError with the reason when none comes."""

    def health(self) -> DeviceHealth: ...


class FolderScanner:
    """Returns documents from a folder, one per ``scan()``, in name order, cycling.

    A document is either one image file (one side) or a sub-folder whose images are its sides
    (e.g. ``front.png``, ``back.png``)."""

    def __init__(self, folder: str) -> None:
        if not folder:
            raise DeviceError("folder scanner needs a folder of document images")
        self._folder = Path(folder)
        self._documents: list[list[Path]] = []
        self._next = 0

    @property
    def device_id(self) -> str:
        return f"folder:{self._folder.name}"

    def open(self) -> None:
        if not self._folder.is_dir():
            raise DeviceError(f"scanner folder {self._folder} does not exist")
        docs: list[list[Path]] = []
        for entry in sorted(self._folder.iterdir()):
            if entry.is_dir():
                sides = sorted(p for p in entry.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
                if sides:
                    docs.append(sides)
            elif entry.suffix.lower() in IMAGE_SUFFIXES:
                docs.append([entry])
        if not docs:
            raise DeviceError(f"scanner folder {self._folder} holds no document images")
        self._documents, self._next = docs, 0

    def close(self) -> None:
        self._documents = []

    def scan(self, timeout_s: float = 30.0) -> Scan:
        if not self._documents:
            raise DeviceError("scanner is not open")
        sides = self._documents[self._next % len(self._documents)]
        self._next += 1
        return Scan(
            [_load_image(p) for p in sides],
            source=str(sides[0].parent if len(sides) > 1 else sides[0]),
        )

    def health(self) -> DeviceHealth:
        ok = bool(self._documents)
        return DeviceHealth(
            self.device_id,
            ok,
            f"{len(self._documents)} documents" if ok else "not open",
            {"folder": str(self._folder)},
        )
