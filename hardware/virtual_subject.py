"""A virtual subject: a simulated camera showing a face photo that answers liveness prompts.

The photo is warped along its own MediaPipe mesh (hardware/face_warp.py) to turn, nod, blink
and smile; each frame gets a slowly changing light and sensor noise. It drives the demo when no
webcam is attached and makes the genuine and attack sequences of the liveness tests:

- ``genuine``: reacts to :meth:`cue` after a human delay (300-700 ms), performs, returns to neutral;
- ``ignore``: a live face that never answers;
- ``photo``: a printed photo or a phone held up: the whole picture moves rigidly (translation,
  rotation, perspective tilt) and the attacker tilts it towards the prompted direction;
- ``replay``: a recording: right motions on its own fixed script, whatever the prompts.

``realtime=True`` paces frames at ``fps`` and stamps them with the time since ``open`` (a slow
reader skips moments, as with a webcam). ``realtime=False`` delivers frames as fast as they are
asked for, stamped ``index / fps``, and cue reactions are timed on that stream clock, so a run
is reproducible for a given ``seed``.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import TypedDict

import numpy as np

from hardware.base import DeviceError, DeviceHealth
from hardware.camera import Frame
from hardware.face_warp import FaceRig, frame_photo, mesh_photo
from kiosk.imaging.moves import ChallengeKind

BEHAVIOURS = ("genuine", "ignore", "photo", "replay")
KINDS = tuple(ChallengeKind)

# (rise, hold, fall) in ms of each motion, roughly as people do them when asked.
DURATIONS: dict[str, tuple[int, int, int]] = {
    ChallengeKind.BLINK: (90, 110, 140),
    ChallengeKind.TURN_LEFT: (330, 450, 380),
    ChallengeKind.TURN_RIGHT: (330, 450, 380),
    ChallengeKind.SMILE: (300, 500, 350),
    ChallengeKind.NOD: (280, 200, 330),
}


@dataclass
class Motion:
    kind: str
    start_ms: float
    amplitude: float  # degrees for turns and nods, 0..1 for blink and smile
    speed: float  # >1 faster

    def envelope(self, t_ms: float) -> float:
        rise, hold, fall = (d / self.speed for d in DURATIONS[self.kind])
        u = t_ms - self.start_ms
        if u <= 0 or u >= rise + hold + fall:
            return 0.0
        if u < rise:
            return 0.5 - 0.5 * math.cos(math.pi * u / rise)
        if u < rise + hold:
            return 1.0
        return 0.5 + 0.5 * math.cos(math.pi * (u - rise - hold) / fall)

    @property
    def end_ms(self) -> float:
        return self.start_ms + sum(DURATIONS[self.kind]) / self.speed


class _Pose(TypedDict):
    """The face's pose in one frame: FaceRig.render's keyword arguments."""

    yaw: float
    pitch: float
    blink: float
    smile: float
    shift: tuple[float, float]


def _astronaut() -> np.ndarray:
    import cv2

    from hardware.demo_photo import astronaut_rgb

    return cv2.cvtColor(astronaut_rgb(), cv2.COLOR_RGB2BGR)


class VirtualSubjectCamera:
    """A simulated camera (hardware.camera.Camera) filming a virtual person or an attack."""

    def __init__(
        self,
        source: str | None = None,
        fps: float = 30.0,
        size: tuple[int, int] = (640, 480),
        *,
        realtime: bool = True,
        seed: int | None = None,
        behaviour: str = "genuine",
    ) -> None:
        if behaviour not in BEHAVIOURS:
            raise DeviceError(
                f"unknown virtual subject behaviour {behaviour!r}; known: {', '.join(BEHAVIOURS)}"
            )
        if fps <= 0:
            raise DeviceError("virtual subject fps must be positive")
        self._source = source
        self._fps = float(fps)
        self._size = (int(size[0]), int(size[1]))
        self._realtime = realtime
        self._seed = seed
        self.behaviour = behaviour
        self._rig: FaceRig | None = None
        self._lock = threading.Lock()
        self._motions: list[Motion] = []
        self._cue: str | None = None
        self._index = 0
        self._t0 = 0.0
        self._next_due = 0.0
        self._last_ms = 0.0

    # -- Camera protocol -----------------------------------------------------------------------

    @property
    def device_id(self) -> str:
        name = "astronaut" if not self._source else self._source.rsplit("/", 1)[-1]
        return f"virtual:{name}:{self.behaviour}"

    def open(self) -> None:
        import cv2

        if self._source:
            photo = cv2.imread(self._source, cv2.IMREAD_COLOR)
            if photo is None:
                raise DeviceError(f"virtual subject photo {self._source} is not a readable image")
        else:
            photo = _astronaut()
        if self._rig is None:
            frame, pts = frame_photo(photo, mesh_photo(photo), self._size)
            self._rig = FaceRig(frame, pts)
        self._rng = np.random.default_rng(self._seed)
        rng = self._rng
        w, h = self._size
        # Sensor noise: a few fields drawn once and cycled with random shifts (cheap per frame).
        self._noise = [rng.normal(0, 2.6, (h, w, 3)).astype(np.float32) for _ in range(4)]
        self._phase = rng.uniform(0, 2 * math.pi, 6)
        self._light = (rng.uniform(0.05, 0.12), rng.uniform(-0.10, 0.10))
        self._motions = self._script(rng) if self.behaviour == "replay" else []
        self._cue = None
        self._index = 0
        self._last_ms = 0.0
        if self.behaviour == "photo":
            self._photo_setup(rng)
        self._t0 = self._next_due = time.monotonic()

    def close(self) -> None:
        self._motions = []
        self._noise = []

    def read(self) -> Frame | None:
        if self._rig is None or not getattr(self, "_noise", None):
            raise DeviceError("virtual camera is not open")
        if self._realtime:
            delay = self._next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_due = max(self._next_due + 1.0 / self._fps, time.monotonic() - 0.5)
            # Live: the scene is rendered at the moment of capture, like a webcam; a slow
            # reader sees time jump (frames dropped), never a backlog.
            t_ms = (time.monotonic() - self._t0) * 1000.0
        else:
            t_ms = self._index * 1000.0 / self._fps
        with self._lock:
            self._last_ms = t_ms
            motions = list(self._motions)
        image = (
            self._photo_frame(t_ms)
            if self.behaviour == "photo"
            else self._live_frame(t_ms, motions)
        )
        frame = Frame(self._sensor(image, t_ms), t_ms, self._index)
        self._index += 1
        return frame

    def health(self) -> DeviceHealth:
        ok = self._rig is not None and bool(getattr(self, "_noise", None))
        return DeviceHealth(
            self.device_id,
            ok,
            "playing" if ok else "not open",
            {"frames": self._index, "fps": self._fps, "behaviour": self.behaviour},
        )

    # -- prompts -------------------------------------------------------------------------------

    def cue(self, kind: str | None) -> None:
        """What the kiosk now asks for (None: nothing). Genuine and photo subjects react after
        a human delay on the stream clock; ignore and replay do not react at all."""
        with self._lock:
            if kind == self._cue:
                return
            self._cue = kind
            if kind is None or kind not in KINDS or self.behaviour in ("ignore", "replay"):
                return
            now = self._now_ms()
            rng = self._rng
            delay = rng.uniform(300, 700)
            self._motions.append(
                Motion(kind, now + delay, self._amplitude(kind, rng), rng.uniform(0.85, 1.2))
            )

    def _now_ms(self) -> float:
        if self._realtime:
            return (time.monotonic() - self._t0) * 1000.0
        return self._last_ms

    @staticmethod
    def _amplitude(kind: str, rng: np.random.Generator) -> float:
        if kind == ChallengeKind.BLINK:
            return rng.uniform(0.95, 1.0)
        if kind == ChallengeKind.SMILE:
            return rng.uniform(0.75, 0.95)
        if kind == ChallengeKind.NOD:
            return rng.uniform(16, 22)
        return rng.uniform(22, 28)  # turns

    def _script(self, rng: np.random.Generator) -> list[Motion]:
        """A recorded performance: every kind once, in an order and at times of its own."""
        motions, t = [], rng.uniform(700, 1800)
        for kind in rng.permutation(KINDS):
            motion = Motion(str(kind), t, self._amplitude(str(kind), rng), rng.uniform(0.85, 1.2))
            motions.append(motion)
            t = motion.end_ms + rng.uniform(500, 1500)
        return motions

    # -- rendering -----------------------------------------------------------------------------

    def _pose(self, t_ms: float, motions: list[Motion]) -> _Pose:
        s = t_ms / 1000.0
        ph = self._phase
        # A live person is never perfectly still: slow sway of a degree or two.
        yaw = 1.2 * math.sin(2 * math.pi * s / 3.7 + ph[0])
        pitch = 0.8 * math.sin(2 * math.pi * s / 4.3 + ph[1])
        shift = (
            3.0 * math.sin(2 * math.pi * s / 5.1 + ph[2]),
            2.0 * math.sin(2 * math.pi * s / 6.3 + ph[3]),
        )
        blink = smile = 0.0
        for m in motions:
            e = m.envelope(t_ms)
            if e <= 0:
                continue
            if m.kind == ChallengeKind.BLINK:
                blink = max(blink, e * m.amplitude)
            elif m.kind == ChallengeKind.SMILE:
                smile = max(smile, e * m.amplitude)
            elif m.kind == ChallengeKind.TURN_LEFT:
                yaw += e * m.amplitude
            elif m.kind == ChallengeKind.TURN_RIGHT:
                yaw -= e * m.amplitude
            elif m.kind == ChallengeKind.NOD:
                pitch += e * m.amplitude
        return _Pose(yaw=yaw, pitch=pitch, blink=blink, smile=smile, shift=shift)

    def _live_frame(self, t_ms: float, motions: list[Motion]) -> np.ndarray:
        assert self._rig is not None
        return self._rig.render(**self._pose(t_ms, motions))

    def _sensor(self, image: np.ndarray, t_ms: float) -> np.ndarray:
        """Slowly drifting exposure and side light, and sensor noise."""
        s = t_ms / 1000.0
        w = image.shape[1]
        amp, side = self._light
        gain = 1.0 + amp * math.sin(2 * math.pi * s / 2.9 + self._phase[4])
        ramp = np.linspace(-1.0, 1.0, w, dtype=np.float32)
        col = gain * (1.0 + side * ramp * math.cos(2 * math.pi * s / 7.0 + self._phase[5]))
        noise = self._noise[self._index % len(self._noise)]
        out = image.astype(np.float32)
        out *= col[None, :, None]
        out += np.roll(noise, int(self._rng.integers(0, w)), axis=1)
        np.clip(out, 0, 255, out=out)
        return out.astype(np.uint8)

    # -- the held photo ------------------------------------------------------------------------

    def _photo_setup(self, rng: np.random.Generator) -> None:
        """A print of the neutral face (a little paper margin) held in front of a wall."""
        import cv2

        assert self._rig is not None
        w, h = self._size
        face = self._rig.frame
        x0, y0, x1, y1 = self._rig.roi
        pw, ph = x1 - x0, y1 - y0
        self._print = cv2.copyMakeBorder(
            face[y0:y1, x0:x1], 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=(235, 238, 240)
        )
        self._print_origin = (x0 - 12, y0 - 12)
        self._print_size = (pw + 24, ph + 24)
        wall = cv2.GaussianBlur(face, (0, 0), 25)
        self._wall = (wall.astype(np.float32) * 0.7 + 40).astype(np.uint8)
        self._photo_focal = 1.4 * w
        del h

    def _photo_frame(self, t_ms: float) -> np.ndarray:
        """The print under a 3-D rotation of its plane (hand tremor plus the attacker's tilt
        towards the prompted direction), projected with a pinhole camera."""
        import cv2

        s = t_ms / 1000.0
        ph = self._phase
        yaw = 2.5 * math.sin(2 * math.pi * s / 2.3 + ph[0])
        pitch = 2.0 * math.sin(2 * math.pi * s / 3.1 + ph[1])
        roll = 2.0 * math.sin(2 * math.pi * s / 4.0 + ph[2])
        tx = 6.0 * math.sin(2 * math.pi * s / 3.3 + ph[3])
        ty = 4.0 * math.sin(2 * math.pi * s / 2.7 + ph[4])
        with self._lock:
            motions = list(self._motions)
        for m in motions:  # the attacker tilts or shakes the print when prompted
            e = m.envelope(t_ms)
            if m.kind == ChallengeKind.TURN_LEFT:
                yaw += 1.3 * e * m.amplitude
            elif m.kind == ChallengeKind.TURN_RIGHT:
                yaw -= 1.3 * e * m.amplitude
            elif m.kind == ChallengeKind.NOD:
                pitch += 1.8 * e * m.amplitude
            elif m.kind in (ChallengeKind.BLINK, ChallengeKind.SMILE):
                pitch -= 30.0 * e  # a quick bend back, foreshortening eyes and mouth
        pw, phh = self._print_size
        ox, oy = self._print_origin
        corners = np.array([[0, 0], [pw, 0], [pw, phh], [0, phh]], np.float64)
        c3 = np.column_stack([corners - [pw / 2, phh / 2], np.zeros(4)])
        a, b, r = (math.radians(v) for v in (yaw, pitch, roll))
        ry = np.array([[math.cos(a), 0, -math.sin(a)], [0, 1, 0], [math.sin(a), 0, math.cos(a)]])
        rx = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
        rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
        p = c3 @ (rz @ rx @ ry).T
        f = self._photo_focal
        proj = p[:, :2] * (f / (f + p[:, 2:3])) + [ox + pw / 2 + tx, oy + phh / 2 + ty]
        warp = cv2.getPerspectiveTransform(corners.astype(np.float32), proj.astype(np.float32))
        out = self._wall.copy()
        cv2.warpPerspective(
            self._print,
            warp,
            self._size,
            dst=out,
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_TRANSPARENT,
        )
        return out
