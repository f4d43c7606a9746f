"""Settings -> device objects. The only place that maps configuration onto ``hardware``."""

from __future__ import annotations

from hardware import registry
from hardware.camera import Camera
from hardware.registry import CameraKind, ScannerKind
from hardware.scanner import DocumentScanner
from kiosk.extras import require
from kiosk.settings import Settings


def camera_from_settings(settings: Settings) -> Camera:
    d = settings.devices
    if d.camera == CameraKind.OPENCV:
        return registry.create(
            registry.CAMERAS,
            CameraKind.OPENCV,
            "camera",
            d.camera_source,
            d.camera_width,
            d.camera_height,
            d.camera_fps,
        )
    if d.camera == CameraKind.VIDEO:
        return registry.create(
            registry.CAMERAS, CameraKind.VIDEO, "camera", d.camera_source, d.camera_fps, loop=True
        )
    if d.camera == CameraKind.VIRTUAL:
        # The simulated subject (the default camera) warps a photograph with SciPy; without a
        # photo of its own it films scikit-image's astronaut: both come with simkiosk[demo].
        require(
            "demo",
            'the virtual camera (devices.camera = "virtual")',
            ("scipy",) if d.camera_source else ("scipy", "skimage"),
        )
    return registry.create(
        registry.CAMERAS,
        d.camera,
        "camera",
        d.camera_source or None,
        fps=d.camera_fps,
        size=(d.camera_width, d.camera_height),
    )


def scanner_from_settings(settings: Settings) -> DocumentScanner:
    d = settings.devices
    if d.scanner == ScannerKind.DEMO:
        # Rendered demo documents of synthetic people (made by `simkiosk demo`).
        return registry.create(
            registry.SCANNERS, ScannerKind.FOLDER, "scanner", str(settings.demo_dir / "documents")
        )
    if d.scanner == ScannerKind.FOLDER:
        return registry.create(registry.SCANNERS, ScannerKind.FOLDER, "scanner", d.scanner_source)
    if d.scanner == ScannerKind.SERIAL:
        return registry.create(
            registry.SCANNERS,
            ScannerKind.SERIAL,
            "scanner",
            d.scanner_source,
            baudrate=d.serial_baud,
        )
    return registry.create(
        registry.SCANNERS, d.scanner, "scanner", d.scanner_source, dpi=d.scanner_dpi
    )
