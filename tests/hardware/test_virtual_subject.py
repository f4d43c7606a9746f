"""The virtual subject camera: a Camera, deterministic per seed, reacting to cues on its stream
clock, and clear errors for bad set-ups. Measured through the real face mesh."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from hardware import registry
from hardware.base import DeviceError
from hardware.camera import Camera
from hardware.virtual_subject import VirtualSubjectCamera
from kiosk.biometrics.mesh import FaceMeasures, FaceMesh
from kiosk.imaging.moves import ChallengeKind


def _frames(
    cam: VirtualSubjectCamera, n: int, cue_at: int | None = None, kind: str = ChallengeKind.BLINK
):
    out = []
    for i in range(n):
        if i == cue_at:
            cam.cue(kind)
        out.append(cam.read())
    return out


def test_registry_builds_it_and_it_is_a_camera():
    cam = registry.create(registry.CAMERAS, "virtual", "camera", None, fps=25.0, size=(320, 240))
    assert isinstance(cam, Camera)
    with pytest.raises(DeviceError, match="not open"):
        cam.read()
    assert not cam.health().ok


def test_same_seed_same_frames_and_timestamps_on_the_stream_clock():
    a = VirtualSubjectCamera(None, fps=30.0, realtime=False, seed=7)
    b = VirtualSubjectCamera(None, fps=30.0, realtime=False, seed=7)
    c = VirtualSubjectCamera(None, fps=30.0, realtime=False, seed=8)
    for cam in (a, b, c):
        cam.open()
    fa, fb, fc = (_frames(cam, 30, cue_at=3) for cam in (a, b, c))
    assert [f.timestamp_ms for f in fa] == pytest.approx([i * 1000 / 30 for i in range(30)])
    assert all(np.array_equal(x.image, y.image) for x, y in zip(fa, fb, strict=True))
    assert not np.array_equal(fa[-1].image, fc[-1].image)
    assert fa[0].image.shape == (480, 640, 3)
    assert a.health().ok and a.health().info["frames"] == 30
    for cam in (a, b, c):
        cam.close()


@pytest.mark.parametrize(
    ("kind", "check"),
    [
        (ChallengeKind.BLINK, lambda base, m: m.ear < 0.7 * base.ear),
        (
            ChallengeKind.TURN_LEFT,
            lambda base, m: m.yaw > base.yaw + 12 and m.parallax_s > base.parallax_s + 0.2,
        ),
        (ChallengeKind.TURN_RIGHT, lambda base, m: m.yaw < base.yaw - 12),
        (ChallengeKind.SMILE, lambda base, m: m.mouth_width > 1.12 * base.mouth_width),
        (ChallengeKind.NOD, lambda base, m: m.pitch > base.pitch + 9),
    ],
)
def test_genuine_subject_performs_the_cue_after_a_delay_then_returns(kind, check):
    cam = VirtualSubjectCamera(None, realtime=False, seed=3)
    cam.open()
    frames = _frames(cam, 75, cue_at=10, kind=kind)  # 2.5 s; cue at 333 ms
    cam.close()
    with FaceMesh(max_faces=1) as mesh:
        measures = [FaceMeasures.of(mesh.process(f.image)[0]) for f in frames]
    base = measures[5]
    hits = [i for i, m in enumerate(measures) if check(base, m)]
    assert hits, f"{kind} never seen"
    # Not before a human could react (>= 300 ms after the cue), and over by the end.
    assert hits[0] >= 10 + 9
    assert not check(base, measures[-1])


def test_ignoring_subject_never_moves_much():
    cam = VirtualSubjectCamera(None, realtime=False, seed=4, behaviour="ignore")
    cam.open()
    frames = _frames(cam, 45, cue_at=5, kind=ChallengeKind.TURN_LEFT)
    cam.close()
    with FaceMesh(max_faces=1) as mesh:
        yaws = [FaceMeasures.of(mesh.process(f.image)[0]).yaw for f in frames[::4]]
    assert max(yaws) - min(yaws) < 8


def test_bad_setups_are_clear_device_errors(tmp_path):
    with pytest.raises(DeviceError, match="behaviour"):
        VirtualSubjectCamera(behaviour="sleepy")
    with pytest.raises(DeviceError, match="not a readable image"):
        VirtualSubjectCamera(str(tmp_path / "missing.jpg")).open()
    blank = tmp_path / "wall.png"
    cv2.imwrite(str(blank), np.full((300, 300, 3), 128, np.uint8))
    with pytest.raises(DeviceError, match="no face"):
        VirtualSubjectCamera(str(blank)).open()
