"""Liveness: challenge-response on MediaPipe's face mesh, with passive checks on the same frames.

A check follows one tracked face through these phases:

1. baseline — a short neutral phase measures the person's *own* open-eye aspect ratio, head pose
   and mouth width (criteria are relative to it, so deep-set eyes or a wide mouth do not matter);
2. for each challenge in turn: a random pause (CSPRNG) of still, neutral face, then the prompt;
   the prompted movement must start no sooner than a human could react, be the movement asked
   for (any other one first fails), cross its threshold within ``challenge_window_s`` of the
   prompt and come back to neutral within the same window;
3. passed when every challenge was answered and the face did not move as a plane.

Passive checks on every frame: who the subject is (below), the face's size, position,
sharpness against the stream's own recent best, exposure (guidance codes for the screen), one
continuous track (a face that vanishes or jumps restarts the challenges, a limited number of
times), and the rigid planar motion of a held photo or screen
(:class:`~kiosk.biometrics.liveness_checks.PlanarMotion`).

The subject is the largest face near the centre when the track starts, then the face that
continues its track. Other faces: one much smaller than the subject (a passer-by at a distance,
a poster on the wall) or one that has not moved for ``STATIC_S`` (a poster, a screen showing a
face) is background and ignored; a face of comparable size that moves (someone leaning in)
pauses the check with the guidance ``one_person`` — the prompt is withdrawn and comes again
after a fresh random pause once the other face has gone — and only one that stays for
``SECOND_PERSON_S`` fails it.

A failed check names what went wrong in a machine-readable way: ``failure`` (a code from
``FAILURES``) and, when a challenge was missed, ``missed`` (its kind), so the screen can say
"you did not turn your head left in time".
Turn and nod answers also need *parallax* — the nose moving against the face outline — which a
flat picture tilted towards the prompt cannot produce.

Thresholds below were set on the virtual subject (hardware/virtual_subject.py) with margins for
real faces: a blink brings the aspect ratio to about half, a 25 degree turn reads 18-20 degrees
and moves the nose by half the cheek-to-cheek half-width, a smile widens the mouth by 20-30%.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from hardware.camera_identity import timing_anomaly
from kiosk.biometrics import mesh as fm
from kiosk.biometrics.liveness_checks import (
    BestFrames,
    PlanarMotion,
    SharpnessGate,
    exposure,
    exposure_guidance,
    eye_openness,
    frame_quality,
    sharpness,
)
from kiosk.biometrics.liveness_subject import SubjectTracker
from kiosk.errors import InputError
from kiosk.settings import BiometricSettings

log = logging.getLogger(__name__)

CHALLENGE_KINDS = ("blink", "turn_left", "turn_right", "smile", "nod")

# Answer thresholds (relative to the person's baseline) and the neutral band to return to.
BLINK_EAR = 0.65  # eye aspect ratio, as a fraction of the open-eye baseline
NEUTRAL_EAR = 0.80
# ... or the eyes' look (liveness_checks.eye_openness, as a fraction of the baseline's): the
# mesh misses many blinks behind spectacles, the pixels do not.
BLINK_OPEN, NEUTRAL_OPEN = 0.72, 0.82
TURN_YAW_DEG = 12.0
TURN_PARALLAX = 0.20  # nose shift in half cheek-to-cheek widths
# ... or a smaller yaw reading with a clear parallax: behind thick spectacle frames the mesh's
# yaw of a full turn read 11-12 degrees while the nose moved by 0.31 half-widths.
TURN_YAW_LOW_DEG, TURN_PARALLAX_HIGH = 9.5, 0.27
NEUTRAL_YAW_DEG, NEUTRAL_PARALLAX_S = 7.0, 0.14
NOD_PITCH_DEG = 9.0
NOD_PARALLAX = 0.07  # nose shift in forehead... chin lengths
NEUTRAL_PITCH_DEG, NEUTRAL_PARALLAX_T = 5.5, 0.05
# Natural sway: between prompts the baseline's head pose follows the person's slow drift (an
# exponential average over this time constant), so an unsteady person's answers are measured
# from the middle of their sway, not from wherever the head was when the baseline was taken.
# It is frozen from the prompt until the answer is back to neutral.
SWAY_TAU_MS = 1500.0
SMILE_WIDTH = 1.12  # mouth width over the baseline's
NEUTRAL_WIDTH = 1.06
TRACK_GAP_MS = 400.0  # a face unseen for longer has left: the next one is a new track
MAX_RESTARTS = 2
# Other faces (see kiosk/biometrics/liveness_subject.py for the background rules):
SECOND_PERSON_S = 5.0  # a comparable second face present this long (in all) fails the check
MAX_FACES = 3  # faces the mesh follows: the subject, a poster and someone leaning in
TIMING_FRAMES = 90  # frame timestamps kept to judge the stream's timing
MAX_BASELINE_RETAKES = 3  # per track: a settled face gets a new baseline this often at most
SEARCH_S = 6.0  # time allowed to come into view and hold still, on top of the challenges
BEST_FRAMES = 5


def draw_challenges(settings: BiometricSettings, rng: random.Random | None = None) -> list[str]:
    """challenges_min..challenges_max distinct kinds in random order, from a CSPRNG unless an
    ``rng`` is given (tests)."""
    rng = rng or secrets.SystemRandom()
    hi = min(settings.challenges_max, len(CHALLENGE_KINDS))
    lo = min(settings.challenges_min, hi)
    return rng.sample(CHALLENGE_KINDS, rng.randint(lo, hi))


@dataclass
class FrameFeedback:
    prompt: str | None  # the challenge to show now, None between challenges
    face_box: tuple[int, int, int, int] | None
    message: str  # guidance code: "", no_face, one_person, move_closer, move_back,
    # center_face, hold_still, too_dark, backlight
    done: bool


@dataclass
class LivenessResult:
    passed: bool
    challenges: list[dict]  # {"kind", "passed", "at_ms"} (the record's schema)
    reason: str
    best_frames: list[np.ndarray]
    frames: int
    ms_per_frame: float
    model: str
    prompts_ms: list[float | None] = field(default_factory=list)  # when each was prompted
    duration_ms: float = 0.0  # from the first frame to the decision
    failure: str = ""  # a code from FAILURES when it did not pass
    missed: str | None = None  # the challenge kind that was missed, when one was
    # Frame timing no real sensor produces (hardware.camera_identity.timing_anomaly): a flag
    # for the record and the technician, not a failure (a simulated camera in the demo has it).
    timing: str = ""

    def wipe(self) -> None:
        for f in self.best_frames:
            if f.flags.writeable:
                f.fill(0)
        self.best_frames.clear()

    def as_dict(self) -> dict:
        return {"passed": self.passed, "challenges": self.challenges, "reason": self.reason,
                "prompts_ms": self.prompts_ms, "frames": self.frames,
                "ms_per_frame": round(self.ms_per_frame, 3), "model": self.model,
                "duration_ms": round(self.duration_ms, 1), "failure": self.failure,
                "missed": self.missed, "timing": self.timing}


@dataclass(frozen=True)
class _Delta:
    """One frame's measures relative to the baseline."""

    ear: float
    yaw: float
    pitch: float
    s: float
    t: float
    width: float
    open: float = 1.0  # eye openness (pixels) over the baseline's

    def answers(self) -> set[str]:
        out = set()
        if ((self.ear <= BLINK_EAR or (self.open <= BLINK_OPEN and self.width < NEUTRAL_WIDTH))
                and abs(self.yaw) < 10 and abs(self.pitch) < 10):
            out.add("blink")
        if ((self.yaw >= TURN_YAW_DEG and self.s >= TURN_PARALLAX)
                or (self.yaw >= TURN_YAW_LOW_DEG and self.s >= TURN_PARALLAX_HIGH)):
            out.add("turn_left")
        if ((self.yaw <= -TURN_YAW_DEG and self.s <= -TURN_PARALLAX)
                or (self.yaw <= -TURN_YAW_LOW_DEG and self.s <= -TURN_PARALLAX_HIGH)):
            out.add("turn_right")
        if abs(self.pitch) >= NOD_PITCH_DEG and abs(self.t) >= NOD_PARALLAX and (
                self.pitch > 0) == (self.t > 0):
            out.add("nod")
        if self.width >= SMILE_WIDTH and abs(self.yaw) < TURN_YAW_DEG:
            out.add("smile")
        return out

    def not_flat(self) -> bool:
        """Measures a moving picture cannot change (foreshortening-corrected eyes, mouth over
        eye width, nose parallax) left the neutral band: this is not a flat picture."""
        # (Not the eyes' look: a print bent back changes it.)
        return (self.ear < NEUTRAL_EAR or self.width >= NEUTRAL_WIDTH
                or abs(self.s) >= NEUTRAL_PARALLAX_S or abs(self.t) >= NEUTRAL_PARALLAX_T)

    def moving(self) -> bool:
        """Clearly away from neutral (half-way to an answer): a movement has begun. Sway that
        just leaves the neutral band after a prompt is not a movement begun too early."""
        return (self.ear < NEUTRAL_EAR or self.width >= NEUTRAL_WIDTH
                or abs(self.yaw) >= 9.0 or abs(self.s) >= 0.18
                or abs(self.pitch) >= 7.0 or abs(self.t) >= 0.06)

    def neutral(self) -> bool:
        return (self.ear >= NEUTRAL_EAR and self.open >= NEUTRAL_OPEN
                and abs(self.yaw) < NEUTRAL_YAW_DEG
                and abs(self.s) < NEUTRAL_PARALLAX_S and abs(self.pitch) < NEUTRAL_PITCH_DEG
                and abs(self.t) < NEUTRAL_PARALLAX_T and self.width < NEUTRAL_WIDTH)


FAILURE_WORDS = {"blink": "blink", "turn_left": "turn left", "turn_right": "turn right",
                 "smile": "smile", "nod": "nod"}
# Every guidance code FrameFeedback.message can carry (the screen has a text for each).
GUIDANCE_CODES = ("no_face", "one_person", "move_closer", "move_back", "center_face",
                  "hold_still", "too_dark", "backlight")
# Machine-readable failure codes (LivenessResult.failure); those marked * name the missed
# challenge in LivenessResult.missed.
FAILURES = {
    "no_answer": "*the prompted movement did not come within the window",
    "not_neutral": "*the face did not come back to neutral after the movement",
    "wrong_movement": "*another movement came first",
    "too_early": "*the movement began before the prompt could be seen",
    "not_still": "*the face did not keep still before the prompt",
    "flat_picture": "the face moved as a flat picture (held photo or screen)",
    "second_person": "a second person stayed in the camera",
    "face_lost": "the face left the camera too often",
    "timeout": "the check ran out of time",
    "aborted": "ended from outside (camera stream ended, cancelled, ...)",
}


class LivenessChecker:
    """Incremental liveness: feed frames of one stream in order with their timestamps.

    ``paced=False`` evaluates a recording whose prompt times are unknown: each challenge is
    prompted as soon as the previous one is done, and the reaction-time rule is not applied.
    ``prompt_times_ms`` evaluates a recording made to known prompt times (ms after the first
    frame, one per challenge, increasing): each challenge is prompted at its time, with the live
    rules (reaction time, windows) — the kiosk's own pauses play no part.
    ``rng`` picks the pauses before prompts (a CSPRNG by default).
    """

    def __init__(self, challenges: list[str], settings: BiometricSettings, *,
                 rng: random.Random | None = None, paced: bool = True,
                 mesh: fm.FaceMesh | None = None,
                 prompt_times_ms: list[float] | None = None) -> None:
        unknown = [c for c in challenges if c not in CHALLENGE_KINDS]
        if unknown or not challenges:
            raise InputError(f"unknown challenge kinds {unknown}; known: "
                             f"{', '.join(CHALLENGE_KINDS)}" if unknown else "no challenges")
        if prompt_times_ms is not None:
            times = [float(t) for t in prompt_times_ms]
            if len(times) != len(challenges):
                raise InputError(f"{len(times)} prompt times for {len(challenges)} challenges: "
                                 "give one time per challenge")
            if any(t < 0 for t in times) or any(b <= a for a, b in itertools.pairwise(times)):
                raise InputError("prompt times must be non-negative and increasing")
            prompt_times_ms = times
            paced = True
        self._script = prompt_times_ms
        self.challenges = list(challenges)
        self.settings = settings
        self._rng = rng or secrets.SystemRandom()
        self._paced = paced
        self._own_mesh = mesh is None
        self._mesh = mesh or fm.FaceMesh(max_faces=MAX_FACES)
        n = len(self.challenges)
        s = settings
        self.limit_ms = 1000.0 * (SEARCH_S + s.liveness_baseline_s
                                  + n * (s.liveness_gap_max_s + s.challenge_window_s))
        if self._script:
            self.limit_ms = max(self.limit_ms, self._script[-1] + 1000.0 * (
                s.challenge_window_s + 1.0))
        self._planar = PlanarMotion()
        self._best = BestFrames(BEST_FRAMES)
        self._frames = 0
        self._stamps: list[float] = []  # the first TIMING_FRAMES timestamps, for the flag
        self._spent = 0.0
        self._t0: float | None = None
        self._last_ts = 0.0
        self._done = False
        self._passed = False
        self._reason = ""
        self._restarts = 0
        self._failure = ""
        self._missed: str | None = None
        self._subject = SubjectTracker()
        self._sharp = SharpnessGate()
        self._paused = False
        self._exposure = ""  # the last exposure guidance (measured every third frame)
        self._pause_ms = 0.0  # time paused for a second person: not counted against windows
        self._last_seen: float | None = None
        self._reset_track()

    # -- state --------------------------------------------------------------------------------

    def _reset_track(self) -> None:
        self._phase = "search"
        self._buffer: list[tuple[float, fm.FaceMeasures, np.ndarray, float | None]] = []
        self._base: fm.FaceMeasures | None = None
        self._base_open = 1.0
        self._retakes = 0
        self._index = 0
        self._results: list[dict] = [{"kind": k, "passed": False, "at_ms": None}
                                     for k in self.challenges]
        self._prompts: list[float | None] = [None] * len(self.challenges)
        self._gap_wait_start = 0.0
        self._gap_start: float | None = None
        self._gap_len = 0.0
        self._prompt_at = 0.0
        self._onset: float | None = None
        self._moved = False  # any movement of a face (not of a picture) seen on this track
        self._answered_at: float | None = None
        self._best.clear()

    def _restart(self, why: str, ts: float) -> None:
        if self._phase in ("search", "baseline"):
            self._reset_track()  # no challenge started yet: nothing to count against them
            return
        self._restarts += 1
        log.info("liveness: track lost (%s); restart %d", why, self._restarts)
        if self._restarts > MAX_RESTARTS:
            self._fail("the face left the camera too often", ts, "face_lost")
            return
        self._reset_track()

    def _fail(self, reason: str, ts: float, code: str = "aborted",
              missed: str | None = None) -> None:
        if self._done:
            return
        # A flat picture never shows an expression or parallax: once the face showed either,
        # the failure is not blamed on a photo.
        if self._phase != "search" and self._planar.looks_flat() and not self._moved:
            reason = "held photo or screen: the face moved as a flat picture"
            code, missed = "flat_picture", None
        self._done, self._passed, self._reason = True, False, reason
        self._failure, self._missed = code, missed
        self._last_ts = ts
        self._best.clear()

    def _start(self) -> float:
        return self._t0 if self._t0 is not None else 0.0

    def abort(self, reason: str, code: str = "aborted") -> None:
        """End the check from outside (camera ended, timeout)."""
        self._fail(reason, self._last_ts, code)

    @property
    def done(self) -> bool:
        return self._done

    @property
    def frames_fed(self) -> int:
        """Frames fed so far."""
        return self._frames

    @property
    def prompt(self) -> str | None:
        if self._done or self._phase not in ("prompted", "returning"):
            return None
        return self.challenges[self._index]

    # -- the frame loop -----------------------------------------------------------------------

    def feed(self, image: np.ndarray, timestamp_ms: float) -> FrameFeedback:
        if self._done:
            return FrameFeedback(None, None, "", True)
        t = time.perf_counter()
        try:
            box, message = self._feed(image, float(timestamp_ms))
        finally:
            self._spent += time.perf_counter() - t
            self._frames += 1
        return FrameFeedback(self.prompt, box, message, self._done)

    def _feed(self, image: np.ndarray, ts: float):
        if self._t0 is None:
            self._t0 = ts
        if len(self._stamps) < TIMING_FRAMES:
            self._stamps.append(ts)
        dt = max(ts - self._last_ts, 0.0) if self._frames else 0.0
        self._last_ts = ts
        if ts - self._t0 - self._pause_ms > self.limit_ms * (1 + self._restarts):
            self._fail("timed out", ts, "timeout")
            return None, ""
        h, w = image.shape[:2]
        pick = self._subject.pick(self._mesh.process(image), ts, (w, h))
        if pick.subject is None:
            if self._last_seen is not None and ts - self._last_seen > TRACK_GAP_MS:
                self._restart("face vanished", ts)
                self._last_seen = None
            self._check_timers(ts)
            return pick.box, "center_face" if pick.off_centre else "no_face"
        if pick.jumped:
            self._restart("face jumped", ts)
        self._last_seen = ts
        if self._done:
            return pick.box, ""
        if pick.intruder:
            self._pause(ts, dt)
            return pick.box, "one_person"
        self._paused = False
        pts, box = pick.subject, pick.box
        message = frame_quality(box, (w, h), self.settings.min_face_px)
        if message:
            self._check_timers(ts)
            return box, message
        sharp = sharpness(image, box)
        blurred = self._sharp.blurred(ts, sharp)
        if self._frames % 3 == 0:  # exposure changes slowly: every third frame is enough
            self._exposure = exposure_guidance(*exposure(image, box))
        message = "hold_still" if blurred else self._exposure
        self._step(image, ts, pts, fm.FaceMeasures.of(pts), sharp, not blurred)
        return box, message

    def _pause(self, ts: float, dt: float) -> None:
        """A second person close by: withdraw the prompt, stop the clocks, and fail only when
        they stay. The prompt comes again after a fresh random pause once they have gone."""
        if not self._paused:
            self._paused = True
            log.info("liveness: paused, a second person in the camera")
            if self._phase in ("prompted", "returning"):
                self._results[self._index]["at_ms"] = None
                self._enter_gap(ts)
            elif self._phase in ("search", "baseline"):
                self._buffer = []
        self._pause_ms += dt
        self._gap_wait_start += dt
        self._gap_start = None
        if self._pause_ms > 1000.0 * SECOND_PERSON_S:
            self._fail("a second person stayed in the camera", ts, "second_person")

    def _check_timers(self, ts: float) -> None:
        """Windows keep running while the face is unusable or out of view."""
        window = 1000.0 * self.settings.challenge_window_s
        kind = self.challenges[self._index] if self._index < len(self.challenges) else ""
        if self._phase in ("prompted", "returning") and ts - self._prompt_at > window:
            if self._phase == "prompted":
                self._fail(f"no answer to the prompt: {FAILURE_WORDS.get(kind, kind)}", ts,
                           "no_answer", kind)
            else:
                self._fail(f"did not return to a neutral face after: {FAILURE_WORDS[kind]}", ts,
                           "not_neutral", kind)
        elif (self._phase == "gap" and self._script is None
              and ts - self._gap_wait_start > window):
            self._fail("did not keep still before the prompt", ts, "not_still", kind or None)

    def _delta(self, m: fm.FaceMeasures, eye_open: float | None) -> _Delta:
        b = self._base
        assert b is not None
        return _Delta(ear=(m.ear / b.ear) / (m.aspect / b.aspect), yaw=m.yaw - b.yaw,
                      pitch=m.pitch - b.pitch, s=m.parallax_s - b.parallax_s,
                      t=m.parallax_t - b.parallax_t, width=m.mouth_width / b.mouth_width,
                      open=1.0 if eye_open is None else eye_open / max(self._base_open, 1e-6))

    def _step(self, image: np.ndarray, ts: float, pts: np.ndarray, m: fm.FaceMeasures,
              sharp: float, clean: bool) -> None:
        # The eyes' look is read for the baseline and while a blink is asked for (half a
        # millisecond a frame, not spent on the other challenges).
        blink_now = (self._phase in ("prompted", "returning")
                     and self.challenges[self._index] == "blink")
        eye_open = (eye_openness(image, pts)
                    if blink_now or self._phase in ("search", "baseline") else None)
        if self._phase in ("search", "baseline"):
            if clean:
                self._collect_baseline(image, ts, pts, m, sharp, eye_open)
            return
        if self._frames % 2 == 0:  # 15 fits a second catch a held picture tilting as well as 30 do
            self._planar.update(pts)
        d = self._delta(m, eye_open)
        self._moved = self._moved or d.not_flat()
        if d.neutral() or self._phase == "prompted" or not clean:
            self._buffer = []
        else:
            # Off the baseline between prompts: a person who has settled into a new position
            # (the baseline was taken mid-movement, or a slow person did not come all the way
            # back) gets a new baseline once steady, not a failure.
            self._buffer.append((ts, m, pts, eye_open))
            if (not d.answers() and self._retakes < MAX_BASELINE_RETAKES
                    and self._take_baseline(ts)):
                self._retakes += 1
                log.info("liveness: baseline re-taken (%d) after the face settled", self._retakes)
                d = self._delta(m, eye_open)
        if self._phase == "gap":
            self._follow_sway(m, ts)
            self._gap(ts, d)
            if d.neutral() and clean:
                self._best.offer(image, ts, sharp, abs(d.yaw) + abs(d.pitch))
        elif self._phase == "prompted":
            self._prompted(ts, d)
        elif self._phase == "returning" and d.neutral():
            self._results[self._index]["passed"] = True
            self._index += 1
            if self._index >= len(self.challenges):
                self._finish(ts)
            else:
                self._enter_gap(ts)
        if not self._done:
            self._check_timers(ts)

    def _follow_sway(self, m: fm.FaceMeasures, ts: float) -> None:
        b = self._base
        if b is None:
            return
        dt = ts - self._sway_ts if self._sway_ts is not None else 0.0
        self._sway_ts = ts
        a = min(max(dt, 0.0) / SWAY_TAU_MS, 1.0)
        if a > 0:
            self._base = dataclasses.replace(
                b, yaw=b.yaw + a * (m.yaw - b.yaw), pitch=b.pitch + a * (m.pitch - b.pitch),
                parallax_s=b.parallax_s + a * (m.parallax_s - b.parallax_s),
                parallax_t=b.parallax_t + a * (m.parallax_t - b.parallax_t))

    def _collect_baseline(self, image: np.ndarray, ts: float, pts: np.ndarray,
                          m: fm.FaceMeasures, sharp: float, eye_open: float | None) -> None:
        self._phase = "baseline"
        self._buffer.append((ts, m, pts, eye_open))
        if not self._take_baseline(ts):
            return
        self._planar.reset(pts)
        self._best.offer(image, ts, sharp, 0.0)
        self._enter_gap(ts)

    def _take_baseline(self, ts: float) -> bool:
        """Take the baseline from the buffered frames when they span ``liveness_baseline_s``
        and the face held steady through them (pose, eyes and mouth): True when taken."""
        span_ms = 1000.0 * self.settings.liveness_baseline_s
        while len(self._buffer) > 2 and ts - self._buffer[1][0] >= span_ms:
            self._buffer.pop(0)
        if ts - self._buffer[0][0] < span_ms or len(self._buffer) < 5:
            return False
        ms = [b[1] for b in self._buffer]
        yaws, pitches = [x.yaw for x in ms], [x.pitch for x in ms]
        ears, widths = [x.ear for x in ms], [x.mouth_width for x in ms]
        opens = [b[3] for b in self._buffer if b[3] is not None]
        steady = (np.ptp(yaws) < 4.0 and np.ptp(pitches) < 4.0 and min(ears) > 0.12
                  and max(ears) / min(ears) < 1.25 and max(widths) / min(widths) < 1.08
                  and (not opens or min(opens) > 0.7 * max(opens)))
        if not steady:
            return False
        med = {f: float(np.median([getattr(x, f) for x in ms]))
               for f in fm.FaceMeasures.__dataclass_fields__}
        self._base = fm.FaceMeasures(**med)
        if opens:
            self._base_open = float(np.median(opens))
        self._buffer = []
        return True

    def _enter_gap(self, ts: float) -> None:
        self._phase = "gap"
        self._sway_ts = None
        self._gap_wait_start = ts
        self._gap_start = None
        s = self.settings
        self._gap_len = (1000.0 * self._rng.uniform(s.liveness_gap_min_s, s.liveness_gap_max_s)
                         if self._paced else 0.0)

    def _gap(self, ts: float, d: _Delta) -> None:
        if self._script is not None:
            due = self._start() + self._script[self._index]
            if ts >= due:  # the recording's prompt, whatever the face was doing
                self._phase = "prompted"
                self._prompt_at = due
                self._prompts[self._index] = round(due - self._start(), 1)
                self._onset = self._answered_at = None
                self._prompted(ts, d)
            return
        if not d.neutral():
            self._gap_start = None  # the pause restarts: prompts only come to a still face
            return
        if self._gap_start is None:
            self._gap_start = ts
        if ts - self._gap_start >= self._gap_len:
            self._phase = "prompted"
            self._prompt_at = ts
            self._prompts[self._index] = round(ts - self._start(), 1)
            self._onset = self._answered_at = None

    def _prompted(self, ts: float, d: _Delta) -> None:
        kind = self.challenges[self._index]
        early = 1000.0 * self.settings.liveness_reaction_min_s if self._paced else 0.0
        if self._onset is None and d.moving():
            self._onset = ts
            if ts - self._prompt_at < early:
                self._fail("moved before the prompt could be seen", ts, "too_early", kind)
                return
        answers = d.answers()
        others = answers - {kind}
        if others:
            self._fail(f"a different movement ({FAILURE_WORDS[sorted(others)[0]]}) instead of: "
                       f"{FAILURE_WORDS[kind]}", ts, "wrong_movement", kind)
            return
        if kind in answers:
            self._answered_at = ts
            self._results[self._index]["at_ms"] = round(ts - self._start(), 1)
            self._phase = "returning"

    def _finish(self, ts: float) -> None:
        if self._planar.looks_flat(expressive=self._moved):
            self._fail("held photo or screen: the face moved as a flat picture", ts,
                       "flat_picture")
            return
        self._done, self._passed, self._reason = True, True, ""
        self._last_ts = ts

    # -- outcome ------------------------------------------------------------------------------

    def result(self) -> LivenessResult:
        if not self._done:
            self.abort("the check did not finish")
        frames = [f.copy() for f in self._best.frames()] if self._passed else []
        results = [dict(r) for r in self._results]
        if not self._passed:
            for r in results:
                if not r["passed"]:
                    r["at_ms"] = None
        return LivenessResult(
            passed=self._passed, challenges=results, reason=self._reason, best_frames=frames,
            frames=self._frames,
            ms_per_frame=1000.0 * self._spent / self._frames if self._frames else 0.0,
            model=fm.MODEL_NAME, prompts_ms=list(self._prompts),
            duration_ms=self._last_ts - self._t0 if self._t0 is not None else 0.0,
            failure="" if self._passed else self._failure or "aborted",
            missed=None if self._passed else self._missed,
            timing=timing_anomaly(self._stamps, None))

    def best_frame_timestamps(self) -> list[float]:
        """When the best frames were taken (stream time), best first."""
        return self._best.timestamps()

    def close(self) -> None:
        self._best.clear()
        self._buffer = []
        if self._own_mesh:
            self._mesh.close()


def run_liveness(camera, challenges: list[str], settings: BiometricSettings,
                 on_prompt: Callable[[str | None], None] = lambda kind: None, *,
                 timeout_s: float | None = None, rng: random.Random | None = None,
                 mesh: fm.FaceMesh | None = None,
                 on_frame: Callable[[np.ndarray, FrameFeedback], None] | None = None
                 ) -> LivenessResult:
    """Read frames from an open camera, feed the checker, announce each prompt change.

    A camera with a ``cue(kind)`` method (the virtual subject) is told each prompt as the
    screen is. ``timeout_s`` is on the stream's clock (the frames' timestamps). ``on_frame``
    sees every analysed frame with its feedback (the screen's preview with the face box).
    """
    checker = LivenessChecker(challenges, settings, rng=rng, mesh=mesh)
    cue = getattr(camera, "cue", None)
    shown: str | None = None
    first: float | None = None
    try:
        while not checker.done:
            frame = camera.read()
            if frame is None:
                checker.abort("the camera stream ended")
                break
            fb = checker.feed(frame.image, frame.timestamp_ms)
            if on_frame is not None:
                on_frame(frame.image, fb)
            if fb.prompt != shown:
                shown = fb.prompt
                on_prompt(shown)
                if cue is not None:
                    cue(shown)
            first = frame.timestamp_ms if first is None else first
            if timeout_s is not None and frame.timestamp_ms - first > 1000.0 * timeout_s:
                checker.abort("timed out", "timeout")
        if shown is not None:
            on_prompt(None)
            if cue is not None:
                cue(None)
        return checker.result()
    finally:
        checker.close()
