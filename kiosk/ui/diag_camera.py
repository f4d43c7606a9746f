"""The live camera test on the technician's devices tab: frames read on the camera lane, the face
found on every few frames, the latest frame handed to the GUI (never more than one waiting), and
the frame rate, resolution and device id shown and recorded in the camera row."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import SignalInstance, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from hardware.camera import Camera
from kiosk.imaging.mesh import FaceBoxes
from kiosk.ui.diag_base import DiagPart
from kiosk.ui.flow import frame_to_qimage
from kiosk.ui.tasks import Lane
from kiosk.ui.widgets import CameraView

FACE_EVERY_N_FRAMES = 2  # face detection on every 2nd camera frame (~2 ms each)
CAMERA_MAX_PX = 240  # the camera view leaves room for the other devices at 1280x800


class CameraTest(DiagPart):
    """Start, stop and show the live camera; the devices tab builds its widgets."""

    _camera_frame: SignalInstance  # QImage, fps, face box (emitted on the camera lane)
    _camera_stop: threading.Event | None
    _frame_pending: bool
    camera_view: CameraView
    fps_label: QLabel

    @property
    def camera_running(self) -> bool:
        return self._camera_stop is not None

    def toggle_camera(self) -> None:
        if self.camera_running:
            self.stop_camera()
        else:
            self.start_camera()

    def start_camera(self) -> None:
        camera = self.camera
        if camera is None or self.camera_running:
            return
        stop = threading.Event()
        self._camera_stop = stop
        self.fps_label.setText(self._tr("diag_camera_starting"))
        self.tasks.run(
            lambda: self._camera_loop(camera, stop),
            lane=Lane.CAMERA,
            label="diagnostics camera",
            on_success=lambda why: self._camera_ended(stop, self._tr(why)),
            on_failure=lambda exc: self._camera_failed(stop, exc),
        )

    def stop_camera(self) -> None:
        if self._camera_stop is not None:
            self._camera_stop.set()
            self._camera_stop = None

    def _camera_loop(self, camera: Camera, stop: threading.Event) -> str:
        """Camera lane: read frames until stopped; find the face on every few frames; hand the
        latest frame to the GUI. The kiosk's own camera (already open) is left open. Returns the
        text key of why it ended."""
        own = not camera.health().ok
        if own:
            camera.open()
        faces = FaceBoxes()
        stamps: list[float] = []
        box = None
        try:
            n = 0
            while not stop.is_set():
                frame = camera.read()
                if frame is None:
                    return "diag_stream_ended"
                now = time.monotonic()
                stamps = [t for t in stamps if now - t < 1.0] + [now]
                if n % FACE_EVERY_N_FRAMES == 0:
                    found = faces(frame.image)
                    box = max(found, key=lambda b: b[2] * b[3]) if found else None
                n += 1
                if not self._frame_pending:
                    self._frame_pending = True
                    self._camera_frame.emit(frame_to_qimage(frame.image), float(len(stamps)), box)
        finally:
            faces.close()
            if own:
                camera.close()
        return "diag_camera_off"

    @Slot(object, float, object)
    def _on_camera_frame(self, image: QImage, fps: float, box: Any) -> None:
        self._frame_pending = False
        if not self.camera_running:
            return
        self.camera_view.set_frame(image, box)
        device = self.camera.device_id if self.camera else ""
        face = self._tr("diag_face_found") if box else self._tr("diag_no_face")
        detail = f"{device}: {fps:.0f} fps, {image.width()}x{image.height()}, {face}"
        self.fps_label.setText(detail)
        if self.camera_view.frames_shown % 15 == 1:  # the row follows, without churning
            self._record(
                {
                    "name": "camera",
                    "status": "ok" if fps >= 5 else "warn",
                    "detail": detail,
                    "info": {
                        "device_id": device,
                        "fps": round(fps, 1),
                        "resolution": f"{image.width()}x{image.height()}",
                        "face": bool(box),
                    },
                }
            )

    def _camera_failed(self, stop: threading.Event, exc: BaseException) -> None:
        self._record(
            {
                "name": "camera",
                "status": "error",
                "detail": str(exc),
                "info": {"device_id": self.camera.device_id if self.camera else ""},
            }
        )
        self._camera_ended(stop, self._tr("diag_camera_error", error=exc))

    def _camera_ended(self, stop: threading.Event, why: str) -> None:
        if self._camera_stop is stop:  # ended by itself (stream end, device error)
            self._camera_stop = None
        if self._camera_stop is None:
            self.camera_view.clear()
            self.fps_label.setText(why)
