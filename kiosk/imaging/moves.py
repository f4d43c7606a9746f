"""The face movements a liveness challenge asks for.

Here, at the bottom, because both sides of a challenge name them: the liveness check
(:mod:`kiosk.biometrics.liveness_challenges`) prompts and detects them, and the virtual subject
(:mod:`hardware.virtual_subject`) performs them. The values are the record schema's
``verification.liveness.challenges[].kind`` and the translation keys of the prompts (the schema
enum may later be generated from here).
"""

from __future__ import annotations

import enum


class ChallengeKind(enum.StrEnum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"  # the person's left: the nose moves towards image +x
    TURN_RIGHT = "turn_right"
    SMILE = "smile"
    NOD = "nod"
