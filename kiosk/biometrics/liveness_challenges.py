"""Liveness challenges: the kinds, drawing them, and what counts as each answer.

``draw_challenges`` picks a random set of kinds; :class:`Delta` holds one frame's measures
relative to the person's baseline and says which answers it shows, whether it has left the
neutral band, and whether it shows what a flat picture cannot. The thresholds were set on the
virtual subject (hardware/virtual_subject.py) with margins for real faces: a blink brings the
aspect ratio to about half, a 25 degree turn reads 18-20 degrees and moves the nose by half the
cheek-to-cheek half-width, a smile widens the mouth by 20-30%.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass

from kiosk.imaging.moves import ChallengeKind
from kiosk.settings import BiometricSettings

CHALLENGE_KINDS = tuple(ChallengeKind)
SEARCH_S = 6.0  # time allowed to come into view and hold still, on top of the challenges

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
SMILE_WIDTH = 1.12  # mouth width over the baseline's
NEUTRAL_WIDTH = 1.06


def draw_challenges(
    settings: BiometricSettings, rng: random.Random | None = None
) -> list[ChallengeKind]:
    """challenges_min..challenges_max distinct kinds in random order, from a CSPRNG unless an
    ``rng`` is given (tests)."""
    rng = rng or secrets.SystemRandom()
    hi = min(settings.challenges_max, len(CHALLENGE_KINDS))
    lo = min(settings.challenges_min, hi)
    return rng.sample(CHALLENGE_KINDS, rng.randint(lo, hi))


def check_time_limit_s(settings: BiometricSettings, n_challenges: int) -> float:
    """The longest a check of ``n_challenges`` may take on one track: finding the face and the
    neutral baseline, then for each challenge the longest pause before its prompt and its window.
    The one formula of the face step's time: the checker's own limit, the camera loop's stop
    (kiosk.services) and the session's step timeout (kiosk.session) all come from it."""
    return (
        SEARCH_S
        + settings.liveness_baseline_s
        + n_challenges * (settings.liveness_gap_max_s + settings.challenge_window_s)
    )


@dataclass(frozen=True)
class Delta:
    """One frame's measures relative to the baseline."""

    ear: float
    yaw: float
    pitch: float
    s: float
    t: float
    width: float
    open: float = 1.0  # eye openness (pixels) over the baseline's

    def answers(self) -> set[ChallengeKind]:
        out = set()
        if (
            (self.ear <= BLINK_EAR or (self.open <= BLINK_OPEN and self.width < NEUTRAL_WIDTH))
            and abs(self.yaw) < 10
            and abs(self.pitch) < 10
        ):
            out.add(ChallengeKind.BLINK)
        if (self.yaw >= TURN_YAW_DEG and self.s >= TURN_PARALLAX) or (
            self.yaw >= TURN_YAW_LOW_DEG and self.s >= TURN_PARALLAX_HIGH
        ):
            out.add(ChallengeKind.TURN_LEFT)
        if (self.yaw <= -TURN_YAW_DEG and self.s <= -TURN_PARALLAX) or (
            self.yaw <= -TURN_YAW_LOW_DEG and self.s <= -TURN_PARALLAX_HIGH
        ):
            out.add(ChallengeKind.TURN_RIGHT)
        if (
            abs(self.pitch) >= NOD_PITCH_DEG
            and abs(self.t) >= NOD_PARALLAX
            and (self.pitch > 0) == (self.t > 0)
        ):
            out.add(ChallengeKind.NOD)
        if self.width >= SMILE_WIDTH and abs(self.yaw) < TURN_YAW_DEG:
            out.add(ChallengeKind.SMILE)
        return out

    def not_flat(self) -> bool:
        """Measures a moving picture cannot change (foreshortening-corrected eyes, mouth over
        eye width, nose parallax) left the neutral band: this is not a flat picture."""
        # (Not the eyes' look: a print bent back changes it.)
        return (
            self.ear < NEUTRAL_EAR
            or self.width >= NEUTRAL_WIDTH
            or abs(self.s) >= NEUTRAL_PARALLAX_S
            or abs(self.t) >= NEUTRAL_PARALLAX_T
        )

    def moving(self) -> bool:
        """Clearly away from neutral (half-way to an answer): a movement has begun. Sway that
        just leaves the neutral band after a prompt is not a movement begun too early."""
        return (
            self.ear < NEUTRAL_EAR
            or self.width >= NEUTRAL_WIDTH
            or abs(self.yaw) >= 9.0
            or abs(self.s) >= 0.18
            or abs(self.pitch) >= 7.0
            or abs(self.t) >= 0.06
        )

    def neutral(self) -> bool:
        return (
            self.ear >= NEUTRAL_EAR
            and self.open >= NEUTRAL_OPEN
            and abs(self.yaw) < NEUTRAL_YAW_DEG
            and abs(self.s) < NEUTRAL_PARALLAX_S
            and abs(self.pitch) < NEUTRAL_PITCH_DEG
            and abs(self.t) < NEUTRAL_PARALLAX_T
            and self.width < NEUTRAL_WIDTH
        )


# The kinds in the log's plain words (kiosk.ui.face_reasons reads them back).
FAILURE_WORDS: dict[str, str] = {kind: kind.replace("_", " ") for kind in ChallengeKind}
