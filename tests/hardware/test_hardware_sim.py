from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware.base import DeviceError
from hardware.camera import Camera, FileCamera, frames
from hardware.registry import CAMERAS, resolve
from hardware.scanner import DocumentScanner, FolderScanner


def _write_video(path: Path, n: int) -> None:
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for i in range(n):
        img = np.full((48, 64, 3), i * 10, np.uint8)
        w.write(img)
    w.release()


def test_file_camera_plays_video_with_stream_clock(tmp_path: Path) -> None:
    _write_video(tmp_path / "v.avi", 7)
    cam = FileCamera(str(tmp_path / "v.avi"), fps=10, realtime=False)
    assert isinstance(cam, Camera)
    cam.open()
    got = list(frames(cam))
    cam.close()
    assert len(got) == 7
    assert [f.timestamp_ms for f in got[:3]] == [0.0, 100.0, 200.0]
    assert got[3].image.shape == (48, 64, 3)


def test_file_camera_image_folder_loops(tmp_path: Path) -> None:
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"{i}.png"), np.full((8, 8, 3), i, np.uint8))
    cam = FileCamera(str(tmp_path), fps=30, realtime=False, loop=True)
    cam.open()
    values = [int(cam.read().image[0, 0, 0]) for _ in range(7)]
    assert values == [0, 1, 2, 0, 1, 2, 0]
    assert cam.health().ok
    cam.close()


def test_file_camera_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(DeviceError, match="does not exist"):
        FileCamera(str(tmp_path / "none.mp4")).open()
    (tmp_path / "junk.mp4").write_bytes(b"not a video")
    with pytest.raises(DeviceError, match="not a readable video"):
        FileCamera(str(tmp_path / "junk.mp4")).open()


def test_folder_scanner_groups_sides_and_cycles(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    cv2.imwrite(str(tmp_path / "a" / "back.png"), np.zeros((10, 10, 3), np.uint8))
    cv2.imwrite(str(tmp_path / "a" / "front.png"), np.zeros((10, 10, 3), np.uint8))
    cv2.imwrite(str(tmp_path / "b.png"), np.ones((10, 10, 3), np.uint8))
    sc = FolderScanner(str(tmp_path))
    assert isinstance(sc, DocumentScanner)
    sc.open()
    first, second, third = sc.scan(), sc.scan(), sc.scan()
    assert len(first.images) == 2 and len(second.images) == 1 and len(third.images) == 2
    second.wipe()
    assert second.images == []
    sc.close()


def test_empty_scanner_folder(tmp_path: Path) -> None:
    with pytest.raises(DeviceError, match="holds no document images"):
        FolderScanner(str(tmp_path)).open()


def test_unknown_device_kind() -> None:
    with pytest.raises(DeviceError, match="unknown camera kind"):
        resolve(CAMERAS, "holographic", "camera")
