"""Self-tests used by the diagnostics screen and ``simkiosk diagnose``. No Qt.

Each check returns a :class:`Check` with a status (ok / warn / error) and a plain detail line a
technician can act on. Nothing here ever reports personal data or key material.
"""

from __future__ import annotations

import importlib.util
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from hardware.base import DeviceError

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
    "face_recognition_models": ["models/dlib_face_recognition_resnet_model_v1.dat",
                                "models/shape_predictor_5_face_landmarks.dat"],
    "mediapipe": ["modules/face_landmark/face_landmark_with_attention.tflite",
                  "modules/face_detection/face_detection_short_range.tflite"],
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
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / ".write-probe"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        return Check("state_dir", ERROR, f"{home} is not writable: {exc.strerror}")
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
    return Check(name, OK if health.ok else ERROR, f"{health.device_id}: {health.detail}",
                 {"device_id": health.device_id, "ms": ms, **health.info})


def check_server(url: str, timeout_s: float, max_skew_s: float,
                 verify: str | bool = True) -> Check:
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
        info["clock_skew_s"] = round(skew, 1)
        if abs(skew) > max_skew_s:
            return Check("server", ERROR, f"clock differs from the server's by {skew:.0f} s", info)
    return Check("server", OK, f"{url} reachable in {rtt_ms:.0f} ms", info)


def check_camera_identity(kind: str, source: str, *, production: bool, usb_vendor: str = "",
                          usb_product: str = "", usb_serial: str = "", by_path: str = "",
                          sys_root: Path = Path("/sys"), dev_root: Path = Path("/dev")) -> Check:
    """Is the camera the configured physical one (not a virtual camera, not another webcam)?

    In production anything else is an error with the plain reason; on a development machine
    the simulated cameras are expected and only warned about."""
    from hardware.camera_identity import identify, refusal

    bad = ERROR if production else WARN
    if kind != "opencv":
        return Check("camera_identity", bad,
                     f"the camera is {kind!r}, a simulation: production needs the kiosk's "
                     "physical camera (camera = opencv)", {"kind": kind})
    try:
        ident = identify(source or "0", sys_root=sys_root, dev_root=dev_root)
    except DeviceError as exc:
        return Check("camera_identity", bad, str(exc))
    info = {"device": ident.device, "name": ident.name, "driver": ident.driver,
            "usb": f"{ident.usb_vendor}:{ident.usb_product}" if ident.usb_vendor else "",
            "by_path": list(ident.by_path), "virtual": ident.virtual}
    reason = refusal(ident, usb_vendor=usb_vendor, usb_product=usb_product,
                     usb_serial=usb_serial, by_path=by_path)
    if reason:
        return Check("camera_identity", ERROR if ident.virtual or production else WARN,
                     reason, info)
    return Check("camera_identity", OK, f"{ident.describe()} is the configured camera", info)
