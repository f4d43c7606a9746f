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

This module is the public face of the check; the parts live in:

- :mod:`~kiosk.biometrics.liveness_challenges` — challenge kinds, drawing them, answer
  thresholds, the check's time limit;
- :mod:`~kiosk.biometrics.liveness_result` — per-frame feedback, the result, guidance and
  failure codes;
- :mod:`~kiosk.biometrics.liveness_checker` — the per-frame state machine (live, or on a
  recording with or without known prompt times);
- :mod:`~kiosk.biometrics.liveness_run` — the camera loop;
- :mod:`~kiosk.biometrics.liveness_checks` and :mod:`~kiosk.biometrics.liveness_subject` —
  the passive checks and the choice of subject.
"""

from kiosk.biometrics.liveness_challenges import (
    CHALLENGE_KINDS,
    FAILURE_WORDS,
    ChallengeKind,
    check_time_limit_s,
    draw_challenges,
)
from kiosk.biometrics.liveness_checker import (
    MAX_FACES,
    SECOND_PERSON_S,
    LivenessChecker,
)
from kiosk.biometrics.liveness_result import (
    FAILURES,
    GUIDANCE_CODES,
    FrameFeedback,
    LivenessResult,
)
from kiosk.biometrics.liveness_run import run_liveness

__all__ = [
    "CHALLENGE_KINDS",
    "FAILURES",
    "FAILURE_WORDS",
    "GUIDANCE_CODES",
    "MAX_FACES",
    "SECOND_PERSON_S",
    "ChallengeKind",
    "FrameFeedback",
    "LivenessChecker",
    "LivenessResult",
    "check_time_limit_s",
    "draw_challenges",
    "run_liveness",
]
