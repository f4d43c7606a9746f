"""A SANE flatbed or sheet-fed scanner, driven through the ``scanimage`` command (sane-utils).

Why a subprocess and not a binding: a SANE backend that hangs on a USB hiccup or a network
scanner that never answers can be killed (timeout) without taking the kiosk process with it, a
crashing backend cannot crash the kiosk, and ``scanimage`` is in every distribution. One
``scan()`` is one page: the image comes back as PNM on stdout and is decoded in memory (a
document image is never written to disk).

Errors become :class:`DeviceError` with scanimage's own reason ("Document feeder jammed",
"open of device ... failed", a timeout), in one line.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np

from hardware.base import DeviceError, DeviceHealth
from hardware.scanner import Scan

# Time allowed to open a device and list its options (USB and network backends can be slow).
OPEN_TIMEOUT_S = 20.0


def _reason(stderr: str, fallback: str) -> str:
    """scanimage's error line, without the program prefix (its own follow-up chatter about
    signals and aborting is skipped: the first real error is the reason)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    chatter = ("received signal", "trying to stop scanner", "aborting", "Output format is not set")
    errors = [ln for ln in lines if not any(c in ln for c in chatter)]
    errors = [ln for ln in errors if ln.startswith("scanimage:")] or errors
    if not errors:
        return fallback
    text = re.sub(r"^scanimage:\s*", "", errors[0])
    if "open of device" in text and "Invalid argument" in text:
        text += " (no such SANE device; see `scanimage -L`)"
    return text


class SaneScanner:
    """Any SANE device by name (``scanimage -L`` lists them, e.g. ``genesys:libusb:001:004``)."""

    def __init__(
        self, device: str, dpi: int = 300, *, mode: str = "Color", program: str = "scanimage"
    ) -> None:
        if not device:
            raise DeviceError("SANE scanner needs a device name (scanimage -L lists them)")
        self._device = device
        self._dpi = dpi
        self._mode = mode
        self._program = program
        self._options: str | None = None
        self._last_error = ""

    @property
    def device_id(self) -> str:
        return f"sane:{self._device}"

    def _run(self, args: list[str], timeout_s: float, what: str) -> subprocess.CompletedProcess:
        exe = shutil.which(self._program)
        if exe is None:
            raise DeviceError(f"{self._program} not found (install the sane-utils package)")
        try:
            proc = subprocess.run(
                [exe, "-d", self._device, *args],
                capture_output=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:  # subprocess.run has killed and reaped the child
            self._last_error = f"{what} did not finish within {timeout_s:g} s"
            raise DeviceError(f"{self.device_id}: {self._last_error}") from None
        if proc.returncode != 0:
            self._last_error = _reason(
                proc.stderr.decode(errors="replace"), f"{what} failed (exit {proc.returncode})"
            )
            raise DeviceError(f"{self.device_id}: {self._last_error}")
        return proc

    def open(self) -> None:
        """Check the device answers and learn which options it has (mode, resolution)."""
        proc = self._run(["-A"], OPEN_TIMEOUT_S, "listing the device options")
        self._options = proc.stdout.decode(errors="replace")
        self._last_error = ""

    def close(self) -> None:
        self._options = None

    def _has(self, option: str) -> bool:
        return (
            self._options is not None
            and re.search(rf"^\s*--{option}\b", self._options, re.MULTILINE) is not None
        )

    def scan(self, timeout_s: float = 30.0) -> Scan:
        if self._options is None:
            raise DeviceError(f"{self.device_id}: scanner is not open")
        args = ["--format=pnm"]
        if self._has("mode"):
            args.append(f"--mode={self._mode}")
        if self._has("resolution"):
            args.append(f"--resolution={self._dpi}")
        proc = self._run(args, timeout_s, "the scan")
        image = decode_pnm(proc.stdout)
        if image is None:
            # scanimage can exit 0 after a failed read (e.g. when it catches a signal while
            # aborting), so its stderr, not only its exit code, says what went wrong.
            self._last_error = _reason(
                proc.stderr.decode(errors="replace"), "the scanner returned no readable image"
            )
            raise DeviceError(f"{self.device_id}: {self._last_error}")
        self._last_error = ""
        return Scan([image], source=self.device_id)

    def health(self) -> DeviceHealth:
        ok = self._options is not None and not self._last_error
        detail = self._last_error or ("ready" if self._options is not None else "not open")
        return DeviceHealth(
            self.device_id,
            ok,
            detail,
            {"device": self._device, "dpi": self._dpi, "mode": self._mode},
        )


def decode_pnm(data: bytes) -> np.ndarray | None:
    """A PNM (P5 gray / P6 colour, 8 bit) as BGR uint8; None when it is not one."""
    import cv2

    if not data:
        return None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return image
