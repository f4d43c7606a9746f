"""A field-conditions set for liveness: the virtual subject as a phone shop's camera sees people.

Built by the tests from the team's shared photographs (obama.jpg, obama2.jpg, biden.jpg) and
scikit-image's astronaut. Each genuine subject is filmed under one condition:

- ``plain``     the virtual subject as it is (reference);
- ``dim``       a dim shop: a third of the light, the sensor's gain noise on top;
- ``backlight`` a bright window behind: the background washes out, the face is in shadow;
- ``soft``      a soft 640x480 webcam: captured at half resolution, blurred, scaled up;
- ``noise``     heavy sensor noise;
- ``sway``      an unsteady person: the head sways several degrees and drifts all the time;
- ``glasses``   thick dark frames with lens reflections drawn on the face;
- ``poster``    a face poster on the wall behind (a second, smaller, static face);
- ``passerby``  a person walking past behind at a distance (a smaller face crossing the frame,
                hidden where the customer's head is);
- ``slow``      a slow responder: reacts after 1-2.2 s and moves at about half speed.

The attacks under the same conditions: ``photo`` (a held print, rigid motion, tilted towards the
prompt), ``replay`` (a recording: the right motions at its own times) and ``screen`` (a replay
shown on a screen: moire, glare, a screen's contrast). Everything is seeded: a (subject,
condition, behaviour, seed) gives the same frames on every run.
"""

from __future__ import annotations

import functools
import math
import os
from pathlib import Path

import cv2
import numpy as np

from hardware.camera import Frame
from hardware.face_warp import OUTLINE, FaceRig, frame_photo, mesh_photo
from hardware.virtual_subject import KINDS, Motion, VirtualSubjectCamera

# As in tests/conftest.py: ../shared/faces beside the checkout (or beside the worktrees'
# parent), or $SHARED_FACES_DIR.
SHARED_FACES = Path(
    os.environ.get("SHARED_FACES_DIR")
    or next(
        (
            p / "shared" / "faces"
            for p in Path(__file__).resolve().parents[2:5]
            if (p / "shared" / "faces").is_dir()
        ),
        Path("shared") / "faces",
    )
)
CONDITIONS = (
    "plain",
    "dim",
    "backlight",
    "soft",
    "noise",
    "sway",
    "glasses",
    "poster",
    "passerby",
    "slow",
)
ATTACKS = ("photo", "replay", "screen")


def subjects() -> list[str]:
    """'astronaut' always; the shared photographs when they are on this machine."""
    out = ["astronaut"]
    for name in ("obama.jpg", "obama2.jpg", "biden.jpg"):
        if (SHARED_FACES / name).is_file():
            out.append(name)
    return out


@functools.lru_cache(maxsize=8)
def _photo(subject: str) -> np.ndarray:
    if subject == "astronaut":
        from skimage import data

        return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    img = cv2.imread(str(SHARED_FACES / subject), cv2.IMREAD_COLOR)
    assert img is not None, subject
    # The shared photographs are large: the camera never sees more than 640 px anyway.
    scale = 900 / max(img.shape[:2])
    if scale < 1:
        img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return img


@functools.lru_cache(maxsize=8)
def _mesh(subject: str) -> np.ndarray:
    return mesh_photo(_photo(subject))


def _other(subject: str) -> str:
    """A different person for the poster and the passer-by."""
    pool = [
        s
        for s in subjects()
        if s != subject and not (s.startswith("obama") and subject.startswith("obama"))
    ]
    return pool[0] if pool else "astronaut"


@functools.lru_cache(maxsize=16)
def face_cutout(subject: str, face_w: int) -> tuple[np.ndarray, np.ndarray]:
    """The head of ``subject`` scaled to a face ``face_w`` px wide, and a soft oval alpha."""
    photo, pts = _photo(subject), _mesh(subject)
    outline = pts[list(OUTLINE), :2]
    (x0, y0), (x1, y1) = outline.min(axis=0), outline.max(axis=0)
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    half_w, half_h = 0.8 * w, 0.85 * h  # hair and a little neck
    xa, ya = int(max(cx - half_w, 0)), int(max(cy - half_h, 0))
    xb, yb = int(min(cx + half_w, photo.shape[1])), int(min(cy + half_h, photo.shape[0]))
    crop = photo[ya:yb, xa:xb]
    scale = face_w / w
    crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    alpha = np.zeros(crop.shape[:2], np.float32)
    c = ((cx - xa) * scale, (cy - ya) * scale)
    cv2.ellipse(
        alpha,
        (round(c[0]), round(c[1])),
        (round(0.72 * w * scale), round(0.8 * h * scale)),
        0,
        0,
        360,
        1.0,
        -1,
    )
    alpha = cv2.GaussianBlur(alpha, (0, 0), max(1.0, 0.04 * face_w))
    return crop, alpha[..., None]


def paste(
    frame: np.ndarray,
    cutout: tuple[np.ndarray, np.ndarray],
    x: int,
    y: int,
    hide: np.ndarray | None = None,
) -> None:
    """Composite a cutout with its top-left at (x, y), clipped to the frame; ``hide`` (frame-size
    float mask, 1 = the customer's head) keeps the pasted face behind the customer."""
    img, alpha = cutout
    fh, fw = frame.shape[:2]
    h, w = img.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, fw), min(y + h, fh)
    if x1 <= x0 or y1 <= y0:
        return
    a = alpha[y0 - y : y1 - y, x0 - x : x1 - x]
    if hide is not None:
        a = a * (1.0 - hide[y0:y1, x0:x1, None])
    region = frame[y0:y1, x0:x1].astype(np.float32)
    region = region * (1 - a) + img[y0 - y : y1 - y, x0 - x : x1 - x].astype(np.float32) * a
    frame[y0:y1, x0:x1] = region.astype(np.uint8)


def draw_glasses(photo: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Thick dark frames and bright lens reflections drawn on a face photo along its mesh."""
    out = photo.copy()
    eye_w = float(np.hypot(*(pts[33, :2] - pts[133, :2])))
    thick = max(2, round(0.16 * eye_w))
    # Centred between the eye corners, which stay put when the lids move.
    centres = [(pts[33, :2] + pts[133, :2]) / 2, (pts[263, :2] + pts[362, :2]) / 2]
    tint = out.copy()
    for c in centres:
        axes = (round(0.95 * eye_w), round(0.68 * eye_w))
        cv2.ellipse(
            tint,
            (round(c[0]), round(c[1] + 0.1 * eye_w)),
            axes,
            0,
            0,
            360,
            (60, 50, 40),
            -1,
            cv2.LINE_AA,
        )
    out = cv2.addWeighted(out, 0.82, tint, 0.18, 0)  # slightly tinted lenses
    glare = out.copy()
    for i, c in enumerate(centres):
        cx, cy = c[0], c[1] + 0.1 * eye_w
        # A window's reflection: a slanted bright band on the upper outer part of the lens,
        # over part of the upper lid.
        side = -1 if i == 0 else 1
        poly = np.array(
            [
                [cx + side * 0.75 * eye_w, cy - 0.55 * eye_w],
                [cx + side * 0.15 * eye_w, cy - 0.62 * eye_w],
                [cx + side * 0.35 * eye_w, cy - 0.05 * eye_w],
                [cx + side * 0.85 * eye_w, cy - 0.1 * eye_w],
            ]
        )
        cv2.fillConvexPoly(glare, np.round(poly).astype(np.int32), (245, 245, 245), cv2.LINE_AA)
    out = cv2.addWeighted(out, 0.45, glare, 0.55, 0)
    for c in centres:
        cv2.ellipse(
            out,
            (round(c[0]), round(c[1] + 0.1 * eye_w)),
            (round(0.95 * eye_w), round(0.68 * eye_w)),
            0,
            0,
            360,
            (25, 22, 20),
            thick,
            cv2.LINE_AA,
        )
    a, b = centres
    bridge_y = round(min(a[1], b[1]) - 0.1 * eye_w)
    cv2.line(
        out,
        (round(a[0] + 0.95 * eye_w), bridge_y),
        (round(b[0] - 0.95 * eye_w), bridge_y),
        (25, 22, 20),
        thick,
        cv2.LINE_AA,
    )
    for c, edge in ((a, pts[234, :2]), (b, pts[454, :2])):
        side = -1 if edge[0] < c[0] else 1
        cv2.line(
            out,
            (round(c[0] + side * 0.95 * eye_w), round(c[1])),
            (round(edge[0]), round(edge[1] - 0.1 * eye_w)),
            (25, 22, 20),
            thick,
            cv2.LINE_AA,
        )
    return out


class FieldCamera(VirtualSubjectCamera):
    """The virtual subject (or attack) of ``subject`` under one field ``condition``.

    ``behaviour`` is genuine, ignore, photo, replay or screen (a replay on a screen)."""

    def __init__(
        self, subject: str, condition: str, behaviour: str = "genuine", *, seed: int = 0
    ) -> None:
        if condition not in CONDITIONS:
            raise ValueError(f"unknown condition {condition!r}")
        self.subject, self.condition = subject, condition
        self.screen = behaviour == "screen"
        super().__init__(
            None, realtime=False, seed=seed, behaviour="replay" if self.screen else behaviour
        )

    @property
    def device_id(self) -> str:
        kind = "screen" if self.screen else self.behaviour
        return f"field:{self.subject}:{self.condition}:{kind}"

    def open(self) -> None:
        if self._rig is None:
            photo, pts = _photo(self.subject), _mesh(self.subject)
            if self.condition == "glasses" and self.behaviour == "photo":
                photo = draw_glasses(photo, pts)  # a print of a face wearing glasses
            frame, framed = frame_photo(photo, pts, self._size)
            self._rig = FaceRig(frame, framed)
        super().open()
        rig = self._rig
        w, h = self._size
        self._extra = np.random.default_rng((self._seed or 0) + 7_000_003)
        cx, cy = rig.centre
        self._head = np.zeros((h, w), np.float32)  # the customer's head, for occlusion/light
        cv2.ellipse(
            self._head,
            (round(cx), round(cy - 0.1 * rig.face_w)),
            (round(0.7 * rig.face_w), round(1.0 * rig.face_w)),
            0,
            0,
            360,
            1.0,
            -1,
        )
        cv2.rectangle(
            self._head,
            (round(cx - 0.5 * rig.face_w), round(cy)),
            (round(cx + 0.5 * rig.face_w), h),
            1.0,
            -1,
        )  # neck and shoulders
        self._head = cv2.GaussianBlur(self._head, (0, 0), 0.08 * rig.face_w)
        other = _other(self.subject)
        if self.condition == "poster":
            self._cut = face_cutout(other, round(0.5 * rig.face_w))
            self._poster_at = (int(self._extra.integers(10, 40)), int(self._extra.integers(5, 30)))
        elif self.condition == "passerby":
            self._cut = face_cutout(other, round(0.42 * rig.face_w))
            self._walk = (
                float(self._extra.uniform(4.0, 7.0)),  # seconds to cross
                float(self._extra.uniform(0, 1)),
                int(self._extra.integers(10, 60)),
            )
        if self.condition in ("noise", "dim"):
            sigma = 11.0 if self.condition == "noise" else 4.0
            self._grain = [
                self._extra.normal(0, sigma, (h, w, 3)).astype(np.float32) for _ in range(3)
            ]
        if self.screen:
            yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
            f = self._extra.uniform(0.18, 0.26)
            ang = self._extra.uniform(0.1, 0.5)
            # Beat of the screen's pixel grid against the sensor's: fine stripes, slowly
            # modulated (moire).
            stripes = np.sin(2 * np.pi * f * (xx * math.cos(ang) + yy * math.sin(ang)))
            beat = 0.5 + 0.5 * np.sin(2 * np.pi * (xx * 0.011 + yy * 0.007))
            self._moire = (1.0 + 0.16 * stripes * beat)[..., None].astype(np.float32)
            self._yy, self._xx = yy, xx

    # -- the person ---------------------------------------------------------------------------

    def _pose(self, t_ms: float, motions: list[Motion]) -> dict[str, float]:
        pose = super()._pose(t_ms, motions)
        if self.condition == "sway":
            s, ph = t_ms / 1000.0, self._phase
            pose["yaw"] += 3.5 * math.sin(2 * math.pi * s / 2.6 + ph[3]) + 1.0 * math.sin(
                2 * math.pi * s / 1.1 + ph[1]
            )
            pose["pitch"] += 2.5 * math.sin(2 * math.pi * s / 3.1 + ph[2]) + 0.8 * math.sin(
                2 * math.pi * s / 1.3 + ph[0]
            )
            sx, sy = pose["shift"]
            pose["shift"] = (
                sx + 9.0 * math.sin(2 * math.pi * s / 3.9 + ph[4]),
                sy + 6.0 * math.sin(2 * math.pi * s / 2.8 + ph[5]),
            )
        return pose

    def _live_frame(self, t_ms: float, motions: list[Motion]) -> np.ndarray:
        img = super()._live_frame(t_ms, motions)
        if self.condition == "glasses":
            # Glasses sit in front of the eyes: drawn over each rendered frame along its posed
            # landmarks, so a blink happens behind the tinted lens and its reflections.
            assert self._rig is not None
            img = draw_glasses(img, self._rig.posed_points(**self._pose(t_ms, motions)))
        return img

    def cue(self, kind: str | None) -> None:
        if self.condition != "slow" or self.behaviour != "genuine":
            super().cue(kind)
            return
        with self._lock:
            if kind == self._cue:
                return
            self._cue = kind
            if kind is None or kind not in KINDS:
                return
            rng = self._rng
            delay = rng.uniform(1000, 2200)
            self._motions.append(
                Motion(
                    kind, self._now_ms() + delay, self._amplitude(kind, rng), rng.uniform(0.5, 0.7)
                )
            )

    # -- the camera and the room --------------------------------------------------------------

    def read(self) -> Frame | None:
        f = super().read()
        if f is None:
            return None
        img = f.image
        t = f.timestamp_ms / 1000.0
        if self.screen:
            img = self._screen(img, t)
        img = self._room(img, t, f.index)
        return Frame(img, f.timestamp_ms, f.index)

    def _screen(self, img: np.ndarray, t: float) -> np.ndarray:
        out = img.astype(np.float32) * 0.85 + 20  # a screen's black level and contrast
        out *= self._moire
        w, h = self._size
        gx = w * (0.62 + 0.05 * math.sin(t * 0.9))
        gy = h * (0.3 + 0.04 * math.cos(t * 0.7))
        glare = np.exp(-(((self._xx - gx) / (0.16 * w)) ** 2 + ((self._yy - gy) / (0.1 * h)) ** 2))
        out += 110.0 * glare[..., None]
        np.clip(out, 0, 255, out=out)
        return out.astype(np.uint8)

    def _room(self, img: np.ndarray, t: float, index: int) -> np.ndarray:
        c = self.condition
        if c == "dim":
            out = img.astype(np.float32) * 0.33 + self._grain[index % 3]
            return np.clip(out, 0, 255).astype(np.uint8)
        if c == "noise":
            out = img.astype(np.float32) + np.roll(
                self._grain[index % 3], int(self._extra.integers(0, 640)), axis=1
            )
            return np.clip(out, 0, 255).astype(np.uint8)
        if c == "backlight":
            head = self._head[..., None]
            out = img.astype(np.float32)
            face = out * 0.42 + 6  # exposure set by the bright window: the face in shadow
            window = 205 + out * 0.2
            return np.clip(face * head + window * (1 - head), 0, 255).astype(np.uint8)
        if c == "soft":
            w, h = self._size
            small = cv2.resize(img, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
            small = cv2.GaussianBlur(small, (0, 0), 0.9)
            return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        if c == "poster":
            out = img.copy()
            paste(out, self._cut, *self._poster_at, hide=self._head)
            return out
        if c == "passerby":
            period, phase, y = self._walk
            w = self._size[0]
            u = (t / period + phase) % 1.6  # walks across, then a pause off screen
            cw = self._cut[0].shape[1]
            x = round(-cw + u * (w + cw))
            out = img.copy()
            paste(
                out, self._cut, x, y + round(4 * math.sin(2 * math.pi * t * 1.8)), hide=self._head
            )
            return out
        return img


def run_field(
    subject: str,
    condition: str,
    behaviour: str,
    seed: int,
    settings=None,
    challenges: list[str] | None = None,
):
    """One liveness session on the field set: (LivenessResult, challenges)."""
    import random

    from kiosk.biometrics.liveness import draw_challenges, run_liveness
    from kiosk.settings import BiometricSettings

    settings = settings or BiometricSettings()
    rng = random.Random(seed)
    challenges = challenges or draw_challenges(settings, rng)
    cam = FieldCamera(subject, condition, behaviour, seed=seed)
    cam.open()
    try:
        result = run_liveness(cam, challenges, settings, rng=rng)
    finally:
        cam.close()
    result.wipe()
    return result, challenges
