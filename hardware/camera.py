"""Cameras: the protocol, an OpenCV (V4L2) camera and a file camera that plays a video or an
image sequence at a set frame rate (the simulated camera of the demo and the tests)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from hardware.base import DeviceError, DeviceHealth

if TYPE_CHECKING:
    import cv2  # imported where a camera opens: the module loads without OpenCV

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"}


@dataclass(frozen=True)
class Frame:
    image: np.ndarray  # BGR, uint8, HxWx3
    timestamp_ms: float  # from the start of the stream (device time, not wall time)
    index: int


@runtime_checkable
class Camera(Protocol):
    @property
    def device_id(self) -> str: ...

    def open(self) -> None: ...

    def close(self) -> None: ...

    def read(self) -> Frame | None:
        """The next frame; blocks at most about one frame interval. None: the stream ended."""

    def health(self) -> DeviceHealth: ...


def frames(camera: Camera) -> Iterator[Frame]:
    """Iterate a camera's frames until its stream ends."""
    while (frame := camera.read()) is not None:
        yield frame


class OpenCVCamera:
    """A real camera through OpenCV (V4L2 on Linux): an index like ``0`` or a device path."""

    def __init__(
        self, source: str = "0", width: int = 640, height: int = 480, fps: float = 30.0
    ) -> None:
        self._source = source or "0"
        self._size = (width, height)
        self._fps = fps
        self._cap: cv2.VideoCapture | None = None
        self._index = 0
        self._t0 = 0.0

    @property
    def device_id(self) -> str:
        return f"opencv:{self._source}"

    def open(self) -> None:
        import cv2

        src: int | str = int(self._source) if self._source.isdigit() else self._source
        cap = cv2.VideoCapture(src, cv2.CAP_V4L2) if isinstance(src, int) else cv2.VideoCapture(src)
        if not cap.isOpened():
            cap.release()
            raise DeviceError(f"camera {self._source!r} cannot be opened (missing, or busy)")
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
        cap.set(cv2.CAP_PROP_FPS, self._fps)
        # Keep at most one frame buffered: liveness must see what happens now, not a backlog.
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self._cap, self._index, self._t0 = cap, 0, time.monotonic()

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def read(self) -> Frame | None:
        if self._cap is None:
            raise DeviceError("camera is not open")
        ok, image = self._cap.read()
        if not ok or image is None:
            return None
        frame = Frame(image, (time.monotonic() - self._t0) * 1000.0, self._index)
        self._index += 1
        return frame

    def health(self) -> DeviceHealth:
        if self._cap is None:
            return DeviceHealth(self.device_id, False, "not open")
        return DeviceHealth(
            self.device_id, True, "streaming", {"frames": self._index, "size": list(self._size)}
        )


def _load_image(path: Path) -> np.ndarray:
    import cv2

    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise DeviceError(f"{path} is not a readable image")
    return image


class FileCamera:
    """Plays a video file, an image, or a folder of images as a camera.

    ``realtime=True`` paces frames at ``fps`` like a webcam would; ``False`` delivers them as
    fast as they are read (tests, batch evaluation). Timestamps are always ``index / fps`` so a
    recording is judged on its own clock either way. ``loop`` restarts at the end.
    """

    def __init__(
        self, source: str, fps: float = 30.0, *, realtime: bool = True, loop: bool = False
    ) -> None:
        if not source:
            raise DeviceError("file camera needs a video file, an image or a folder of images")
        self._path = Path(source)
        self._fps = fps
        self._realtime = realtime
        self._loop = loop
        self._cap: cv2.VideoCapture | None = None
        self._images: list[Path] = []
        self._pos = 0
        self._index = 0
        self._next_due = 0.0

    @property
    def device_id(self) -> str:
        return f"file:{self._path.name}"

    def open(self) -> None:
        import cv2

        if not self._path.exists():
            raise DeviceError(f"camera source {self._path} does not exist")
        if self._path.is_dir():
            self._images = sorted(
                p for p in self._path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES
            )
            if not self._images:
                raise DeviceError(f"camera folder {self._path} holds no images")
        elif self._path.suffix.lower() in IMAGE_SUFFIXES:
            self._images = [self._path]
        else:
            cap = cv2.VideoCapture(str(self._path))
            if not cap.isOpened():
                cap.release()
                raise DeviceError(f"{self._path} is not a readable video")
            self._cap = cap
        self._pos = self._index = 0
        self._next_due = time.monotonic()

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
        self._images = []

    def _next_image(self) -> np.ndarray | None:
        if self._cap is not None:
            ok, image = self._cap.read()
            if not ok and self._loop and self._index > 0:
                import cv2

                self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, image = self._cap.read()
            return image if ok else None
        if not self._images:
            raise DeviceError("camera is not open")
        if self._pos >= len(self._images):
            if not self._loop:
                return None
            self._pos = 0
        image = _load_image(self._images[self._pos])
        self._pos += 1
        return image

    def read(self) -> Frame | None:
        if self._realtime:
            delay = self._next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_due = max(self._next_due + 1.0 / self._fps, time.monotonic() - 0.5)
        image = self._next_image()
        if image is None:
            return None
        frame = Frame(image, self._index * 1000.0 / self._fps, self._index)
        self._index += 1
        return frame

    def health(self) -> DeviceHealth:
        is_open = self._cap is not None or bool(self._images)
        return DeviceHealth(
            self.device_id,
            is_open,
            "playing" if is_open else "not open",
            {"frames": self._index, "fps": self._fps},
        )
