"""Which physical camera a V4L2 device is, read from sysfs; and frame timing no sensor produces.

A liveness check is only as good as its camera: a virtual camera (v4l2loopback, akvcam, OBS's
virtual camera) lets any video stand in for the customer. In production only the configured
physical camera is accepted, identified by its USB vendor/product id and serial number, or by
its V4L2 bus path (``/dev/v4l/by-path/…``), never by ``/dev/videoN`` alone (the numbering
changes with plug order).

What sysfs says about ``/dev/videoN`` (Linux):

- ``/sys/class/video4linux/videoN/name``: the card name ("HD Pro Webcam C920"; v4l2loopback's
  is the label it was loaded with, "Dummy video device (0x0000)" by default);
- ``/sys/class/video4linux/videoN`` links into ``/sys/devices/...``: a USB camera sits under its
  bus (``.../usb1/1-2/1-2:1.0/video4linux/videoN``), a loopback device under
  ``/sys/devices/virtual/`` (or a platform device whose driver is ``v4l2loopback``);
- the USB device directory (an ancestor holding ``idVendor``, ``idProduct`` and ``serial``).

No ioctl is needed: VIDIOC_QUERYCAP's driver string ("v4l2 loopback", "uvcvideo") is taken when
the caller has it, else the sysfs driver link stands in.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from hardware.base import DeviceError

# Card or driver names of virtual cameras (lower case, substrings).
VIRTUAL_NAMES = (
    "v4l2 loopback",
    "v4l2loopback",
    "loopback",
    "dummy video device",
    "akvcam",
    "obs virtual",
    "virtual camera",
    "virtualcam",
    "droidcam",
    "manycam",
)


@dataclass(frozen=True)
class CameraIdentity:
    device: str  # /dev/videoN
    name: str  # card name from sysfs
    driver: str  # driver (QUERYCAP string when given, else the sysfs driver link's name)
    bus_path: str  # /sys/devices/... the node resolves to
    usb_vendor: str = ""  # 4 hex digits, lower case
    usb_product: str = ""
    usb_serial: str = ""
    by_path: tuple[str, ...] = ()  # /dev/v4l/by-path links to this node

    @property
    def virtual(self) -> bool:
        text = f"{self.name} {self.driver}".lower()
        return "/devices/virtual/" in self.bus_path + "/" or any(v in text for v in VIRTUAL_NAMES)

    def describe(self) -> str:
        usb = f"USB {self.usb_vendor}:{self.usb_product}" if self.usb_vendor else "not USB"
        serial = f" serial {self.usb_serial}" if self.usb_serial else ""
        return f'{self.device} "{self.name}" ({self.driver or "driver unknown"}, {usb}{serial})'


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def identify(
    device: str,
    *,
    sys_root: Path = Path("/sys"),
    dev_root: Path = Path("/dev"),
    querycap_driver: str = "",
) -> CameraIdentity:
    """Identity of ``/dev/videoN`` (or ``N``, or a by-path link). DeviceError when sysfs has no
    such video device."""
    node = device
    if node.isdigit():
        node = f"/dev/video{node}"
    p = Path(node)
    if not p.name.startswith("video"):  # a by-path/by-id link: follow it to videoN
        try:
            target = (p.parent / p.readlink()) if p.is_symlink() else p
        except OSError as exc:
            raise DeviceError(f"camera {device!r}: {exc.strerror or exc}") from None
        p = Path(str(target))
    m = re.fullmatch(r"video(\d+)", p.name)
    if not m:
        raise DeviceError(f"camera {device!r} is not a V4L2 video device")
    name = p.name
    cls = sys_root / "class" / "video4linux" / name
    if not cls.exists():
        raise DeviceError(f"camera {device!r}: no {cls} (not a V4L2 device on this machine)")
    real = cls.resolve()
    rel = str(real)
    root = str(sys_root.resolve())
    bus_path = rel[len(root) :] if rel.startswith(root) else rel
    driver = querycap_driver
    if not driver:
        link = cls / "device" / "driver"
        try:
            driver = link.resolve().name if link.exists() else ""
        except OSError:
            driver = ""
    vendor = product = serial = ""
    for anc in [real, *real.parents]:
        if (anc / "idVendor").is_file():
            vendor, product = _read(anc / "idVendor").lower(), _read(anc / "idProduct").lower()
            serial = _read(anc / "serial")
            break
        if str(anc) == root:
            break
    links = []
    by_path = dev_root / "v4l" / "by-path"
    if by_path.is_dir():
        for link in sorted(by_path.iterdir()):
            try:
                if link.is_symlink() and Path(link.readlink()).name == name:
                    links.append(str(link))
            except OSError:
                continue
    return CameraIdentity(
        f"/dev/{name}", _read(cls / "name"), driver, bus_path, vendor, product, serial, tuple(links)
    )


def refusal(
    ident: CameraIdentity,
    *,
    usb_vendor: str = "",
    usb_product: str = "",
    usb_serial: str = "",
    by_path: str = "",
) -> str:
    """'' when this is the configured physical camera; otherwise the plain reason it is not."""
    if ident.virtual:
        return (
            f"{ident.describe()} is a virtual camera (a video loopback, not a sensor): "
            "liveness needs the kiosk's physical camera"
        )
    if not (usb_vendor or usb_product or usb_serial or by_path):
        return (
            "no camera identity configured (USB vendor/product id and serial, or a "
            "/dev/v4l/by-path link): any camera would be accepted"
        )
    if by_path and by_path not in ident.by_path:
        return f"{ident.describe()} is not the configured camera at {by_path}"
    wanted = [
        (usb_vendor.lower(), ident.usb_vendor, "vendor id"),
        (usb_product.lower(), ident.usb_product, "product id"),
        (usb_serial, ident.usb_serial, "serial number"),
    ]
    for want, have, what in wanted:
        if want and want != have:
            return (
                f"{ident.describe()} is not the configured camera ({what} "
                f"{have or 'none'}, configured {want})"
            )
    return ""


# -- frame timing ---------------------------------------------------------------------------------


def timing_anomaly(timestamps_ms: list[float], nominal_fps: float | None = None) -> str:
    """'' when the intervals look like a real sensor's; otherwise what is wrong.

    A sensor's frame intervals jitter (USB transfer, exposure changes): over a few dozen frames
    their spread is rarely under ~20 microseconds. A file or a generator played out by software
    often stamps frames at exactly 1/fps; intervals of zero or going backwards, or far faster
    than the nominal rate, come from no camera at all. Needs 30+ frames to judge."""
    if len(timestamps_ms) < 30:
        return ""
    iv = [b - a for a, b in itertools.pairwise(timestamps_ms)]
    if any(d <= 0 for d in iv):
        return "frame timestamps repeat or go backwards"
    mean = sum(iv) / len(iv)
    if nominal_fps and mean < 0.5 * 1000.0 / nominal_fps:
        return f"frames arrive at {1000.0 / mean:.0f} fps, far above the camera's {nominal_fps:g}"
    spread = max(iv) - min(iv)
    if spread < 0.02:
        return f"frame intervals are perfectly regular ({mean:.3f} ms): no sensor is that exact"
    return ""
