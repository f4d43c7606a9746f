"""The liveness state machine: :class:`LivenessChecker`, fed the frames of one stream in order.

It runs the phases described in :mod:`kiosk.biometrics.liveness` (search, baseline, a still
pause, prompt, answer, return to neutral), the passive checks on every frame, and the
evaluation of recordings: unpaced (prompts as soon as the previous answer is done) or to known
prompt times (``prompt_times_ms``, with the live rules).
"""

from __future__ import annotations

import enum
import itertools
import logging
import random
import secrets
import time

import numpy as np

from hardware.camera_identity import timing_anomaly
from kiosk.biometrics import mesh as fm
from kiosk.biometrics.liveness_baseline import Sample, delta, follow_sway, steady_baseline
from kiosk.biometrics.liveness_challenges import (
    CHALLENGE_KINDS,
    FAILURE_WORDS,
    Delta,
    check_time_limit_s,
)
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
from kiosk.biometrics.liveness_result import FrameFeedback, LivenessResult
from kiosk.biometrics.liveness_subject import SubjectTracker
from kiosk.errors import InputError
from kiosk.imaging.moves import ChallengeKind
from kiosk.settings import BiometricSettings

# The logger keeps the name it had before the module was split (log filters, greps).
log = logging.getLogger("kiosk.biometrics.liveness")

TRACK_GAP_MS = 400.0  # a face unseen for longer has left: the next one is a new track
MAX_RESTARTS = 2
# Other faces (see kiosk/biometrics/liveness_subject.py for the background rules):
SECOND_PERSON_S = 5.0  # a comparable second face present this long (in all) fails the check
MAX_FACES = 3  # faces the mesh follows: the subject, a poster and someone leaning in
TIMING_FRAMES = 90  # frame timestamps kept to judge the stream's timing
MAX_BASELINE_RETAKES = 3  # per track: a settled face gets a new baseline this often at most
BEST_FRAMES = 5


class LivenessPhase(enum.StrEnum):
    """Where the check of the current track stands (see :mod:`kiosk.biometrics.liveness`)."""

    SEARCH = "search"  # waiting for a face to settle
    BASELINE = "baseline"  # measuring the person's own neutral face
    GAP = "gap"  # the random still pause before the next prompt
    PROMPTED = "prompted"  # the prompt is shown; the movement must come within its window
    RETURNING = "returning"  # answered; back to neutral within the same window


_SETTLING = (LivenessPhase.SEARCH, LivenessPhase.BASELINE)  # before the first prompt
_ANSWERING = (LivenessPhase.PROMPTED, LivenessPhase.RETURNING)  # a prompt's window is running


class LivenessChecker:
    """Incremental liveness: feed frames of one stream in order with their timestamps.

    ``paced=False`` evaluates a recording whose prompt times are unknown: each challenge is
    prompted as soon as the previous one is done, and the reaction-time rule is not applied.
    ``prompt_times_ms`` evaluates a recording made to known prompt times (ms after the first
    frame, one per challenge, increasing): each challenge is prompted at its time, with the live
    rules (reaction time, windows) — the kiosk's own pauses play no part.
    ``rng`` picks the pauses before prompts (a CSPRNG by default).
    """

    def __init__(
        self,
        challenges: list[str],
        settings: BiometricSettings,
        *,
        rng: random.Random | None = None,
        paced: bool = True,
        mesh: fm.FaceMesh | None = None,
        prompt_times_ms: list[float] | None = None,
    ) -> None:
        unknown = [c for c in challenges if c not in CHALLENGE_KINDS]
        if unknown or not challenges:
            raise InputError(
                f"unknown challenge kinds {unknown}; known: {', '.join(CHALLENGE_KINDS)}"
                if unknown
                else "no challenges"
            )
        if prompt_times_ms is not None:
            times = [float(t) for t in prompt_times_ms]
            if len(times) != len(challenges):
                raise InputError(
                    f"{len(times)} prompt times for {len(challenges)} challenges: "
                    "give one time per challenge"
                )
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
        s = settings
        self.limit_ms = 1000.0 * check_time_limit_s(s, len(self.challenges))
        if self._script:
            self.limit_ms = max(
                self.limit_ms, self._script[-1] + 1000.0 * (s.challenge_window_s + 1.0)
            )
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
        self._phase = LivenessPhase.SEARCH
        self._buffer: list[Sample] = []
        self._base: fm.FaceMeasures | None = None
        self._base_open = 1.0
        self._retakes = 0
        self._index = 0
        self._results: list[dict] = [
            {"kind": k, "passed": False, "at_ms": None} for k in self.challenges
        ]
        self._prompts: list[float | None] = [None] * len(self.challenges)
        self._gap_wait_start = 0.0
        self._gap_start: float | None = None
        self._sway_ts: float | None = None  # the last frame the baseline followed the sway at
        self._gap_len = 0.0
        self._prompt_at = 0.0
        self._onset: float | None = None
        self._moved = False  # any movement of a face (not of a picture) seen on this track
        self._answered_at: float | None = None
        self._best.clear()

    def _restart(self, why: str, ts: float) -> None:
        if self._phase in _SETTLING:
            self._reset_track()  # no challenge started yet: nothing to count against them
            return
        self._restarts += 1
        log.info("liveness: track lost (%s); restart %d", why, self._restarts)
        if self._restarts > MAX_RESTARTS:
            self._fail("the face left the camera too often", ts, "face_lost")
            return
        self._reset_track()

    def _fail(
        self, reason: str, ts: float, code: str = "aborted", missed: str | None = None
    ) -> None:
        if self._done:
            return
        # A flat picture never shows an expression or parallax: once the face showed either,
        # the failure is not blamed on a photo.
        if self._phase != LivenessPhase.SEARCH and self._planar.looks_flat() and not self._moved:
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
        if self._done or self._phase not in _ANSWERING:
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
        assert box is not None  # SubjectTracker.pick: a subject always comes with its box
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
            if self._phase in _ANSWERING:
                self._results[self._index]["at_ms"] = None
                self._enter_gap(ts)
            elif self._phase in _SETTLING:
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
        if self._phase in _ANSWERING and ts - self._prompt_at > window:
            if self._phase == LivenessPhase.PROMPTED:
                self._fail(
                    f"no answer to the prompt: {FAILURE_WORDS.get(kind, kind)}",
                    ts,
                    "no_answer",
                    kind,
                )
            else:
                self._fail(
                    f"did not return to a neutral face after: {FAILURE_WORDS[kind]}",
                    ts,
                    "not_neutral",
                    kind,
                )
        elif (
            self._phase == LivenessPhase.GAP
            and self._script is None
            and ts - self._gap_wait_start > window
        ):
            self._fail("did not keep still before the prompt", ts, "not_still", kind or None)

    def _delta(self, m: fm.FaceMeasures, eye_open: float | None) -> Delta:
        assert self._base is not None
        return delta(m, self._base, self._base_open, eye_open)

    def _step(
        self,
        image: np.ndarray,
        ts: float,
        pts: np.ndarray,
        m: fm.FaceMeasures,
        sharp: float,
        clean: bool,
    ) -> None:
        # The eyes' look is read for the baseline and while a blink is asked for (half a
        # millisecond a frame, not spent on the other challenges).
        blink_now = (
            self._phase in _ANSWERING and self.challenges[self._index] == ChallengeKind.BLINK
        )
        eye_open = eye_openness(image, pts) if blink_now or self._phase in _SETTLING else None
        if self._phase in _SETTLING:
            if clean:
                self._collect_baseline(image, ts, pts, m, sharp, eye_open)
            return
        if self._frames % 2 == 0:  # 15 fits a second catch a held picture tilting as well as 30 do
            self._planar.update(pts)
        d = self._delta(m, eye_open)
        self._moved = self._moved or d.not_flat()
        if d.neutral() or self._phase == LivenessPhase.PROMPTED or not clean:
            self._buffer = []
        else:
            # Off the baseline between prompts: a person who has settled into a new position
            # (the baseline was taken mid-movement, or a slow person did not come all the way
            # back) gets a new baseline once steady, not a failure.
            self._buffer.append((ts, m, pts, eye_open))
            if not d.answers() and self._retakes < MAX_BASELINE_RETAKES and self._take_baseline(ts):
                self._retakes += 1
                log.info("liveness: baseline re-taken (%d) after the face settled", self._retakes)
                d = self._delta(m, eye_open)
        if self._phase == LivenessPhase.GAP:
            self._follow_sway(m, ts)
            self._gap(ts, d)
            if d.neutral() and clean:
                self._best.offer(image, ts, sharp, abs(d.yaw) + abs(d.pitch))
        elif self._phase == LivenessPhase.PROMPTED:
            self._prompted(ts, d)
        elif self._phase == LivenessPhase.RETURNING and d.neutral():
            self._results[self._index]["passed"] = True
            self._index += 1
            if self._index >= len(self.challenges):
                self._finish(ts)
            else:
                self._enter_gap(ts)
        if not self._done:
            self._check_timers(ts)

    def _follow_sway(self, m: fm.FaceMeasures, ts: float) -> None:
        if self._base is None:
            return
        dt = ts - self._sway_ts if self._sway_ts is not None else 0.0
        self._sway_ts = ts
        self._base = follow_sway(self._base, m, dt)

    def _collect_baseline(
        self,
        image: np.ndarray,
        ts: float,
        pts: np.ndarray,
        m: fm.FaceMeasures,
        sharp: float,
        eye_open: float | None,
    ) -> None:
        self._phase = LivenessPhase.BASELINE
        self._buffer.append((ts, m, pts, eye_open))
        if not self._take_baseline(ts):
            return
        self._planar.reset(pts)
        self._best.offer(image, ts, sharp, 0.0)
        self._enter_gap(ts)

    def _take_baseline(self, ts: float) -> bool:
        """Take the baseline from the buffered frames when they span ``liveness_baseline_s``
        and the face held steady through them (pose, eyes and mouth): True when taken."""
        taken = steady_baseline(self._buffer, ts, 1000.0 * self.settings.liveness_baseline_s)
        if taken is None:
            return False
        self._base, base_open = taken
        if base_open is not None:
            self._base_open = base_open
        self._buffer = []
        return True

    def _enter_gap(self, ts: float) -> None:
        self._phase = LivenessPhase.GAP
        self._sway_ts = None
        self._gap_wait_start = ts
        self._gap_start = None
        s = self.settings
        self._gap_len = (
            1000.0 * self._rng.uniform(s.liveness_gap_min_s, s.liveness_gap_max_s)
            if self._paced
            else 0.0
        )

    def _gap(self, ts: float, d: Delta) -> None:
        if self._script is not None:
            due = self._start() + self._script[self._index]
            if ts >= due:  # the recording's prompt, whatever the face was doing
                self._phase = LivenessPhase.PROMPTED
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
            self._phase = LivenessPhase.PROMPTED
            self._prompt_at = ts
            self._prompts[self._index] = round(ts - self._start(), 1)
            self._onset = self._answered_at = None

    def _prompted(self, ts: float, d: Delta) -> None:
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
            self._fail(
                f"a different movement ({FAILURE_WORDS[sorted(others)[0]]}) instead of: "
                f"{FAILURE_WORDS[kind]}",
                ts,
                "wrong_movement",
                kind,
            )
            return
        if kind in answers:
            self._answered_at = ts
            self._results[self._index]["at_ms"] = round(ts - self._start(), 1)
            self._phase = LivenessPhase.RETURNING

    def _finish(self, ts: float) -> None:
        if self._planar.looks_flat(expressive=self._moved):
            self._fail("held photo or screen: the face moved as a flat picture", ts, "flat_picture")
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
            passed=self._passed,
            challenges=results,
            reason=self._reason,
            best_frames=frames,
            frames=self._frames,
            ms_per_frame=1000.0 * self._spent / self._frames if self._frames else 0.0,
            model=fm.MODEL_NAME,
            prompts_ms=list(self._prompts),
            duration_ms=self._last_ts - self._t0 if self._t0 is not None else 0.0,
            failure="" if self._passed else self._failure or "aborted",
            missed=None if self._passed else self._missed,
            timing=timing_anomaly(self._stamps, None),
        )

    def best_frame_timestamps(self) -> list[float]:
        """When the best frames were taken (stream time), best first."""
        return self._best.timestamps()

    def close(self) -> None:
        self._best.clear()
        self._buffer = []
        if self._own_mesh:
            self._mesh.close()
