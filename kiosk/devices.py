"""Settings -> device objects. The only place that maps configuration onto ``hardware``."""

from __future__ import annotations

from hardware import registry
from hardware.camera import Camera
from hardware.scanner import DocumentScanner
from kiosk.extras import require
from kiosk.settings import Settings


def camera_from_settings(settings: Settings) -> Camera:
    d = settings.devices
    if d.camera == "opencv":
        return registry.create(registry.CAMERAS, "opencv", "camera", d.camera_source,
                               d.camera_width, d.camera_height, d.camera_fps)
    if d.camera == "video":
        return registry.create(registry.CAMERAS, "video", "camera", d.camera_source,
                               d.camera_fps, loop=True)
    if d.camera == "virtual":
        # The simulated subject (the default camera) warps a photograph with SciPy; without a
        # photo of its own it films scikit-image's astronaut: both come with simkiosk[demo].
        require("demo", 'the virtual camera (devices.camera = "virtual")',
                ("scipy",) if d.camera_source else ("scipy", "skimage"))
    return registry.create(registry.CAMERAS, d.camera, "camera", d.camera_source or None,
                           fps=d.camera_fps, size=(d.camera_width, d.camera_height))


def scanner_from_settings(settings: Settings) -> DocumentScanner:
    d = settings.devices
    if d.scanner == "demo":
        # Rendered demo documents of synthetic people (made by `simkiosk demo`).
        return registry.create(registry.SCANNERS, "folder", "scanner",
                               str(settings.demo_dir / "documents"))
    if d.scanner == "folder":
        return registry.create(registry.SCANNERS, "folder", "scanner", d.scanner_source)
    if d.scanner == "serial":
        return registry.create(registry.SCANNERS, "serial", "scanner", d.scanner_source,
                               baudrate=d.serial_baud)
    return registry.create(registry.SCANNERS, d.scanner, "scanner", d.scanner_source,
                           dpi=d.scanner_dpi)
