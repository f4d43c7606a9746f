"""The match decision: its three values and the bands that give them.

Apart from :mod:`kiosk.biometrics.match` (which needs numpy, OpenCV and dlib) so the session
state machine can name the decisions without loading the face models.
"""

from __future__ import annotations

import enum


class MatchDecision(enum.StrEnum):
    """What the 1:1 match decides. The record schema's ``verification.match.decision`` carries
    these exact strings (the schema enum may later be generated from here)."""

    MATCH = "match"  # the kiosk proceeds
    REVIEW = "review"  # a clerk compares the faces
    NO_MATCH = "no_match"  # the attempt fails (bounded retries)


def decide(distance: float, match_threshold: float, review_threshold: float) -> MatchDecision:
    """The band a distance falls in (see the calibration in :mod:`kiosk.biometrics.match`)."""
    if distance <= match_threshold:
        return MatchDecision.MATCH
    if distance <= review_threshold:
        return MatchDecision.REVIEW
    return MatchDecision.NO_MATCH
