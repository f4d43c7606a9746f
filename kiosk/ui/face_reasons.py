"""Why a face attempt failed, as a code the screen can say in the customer's language.

The liveness engine explains a failure in English for the log ("no answer to the prompt: turn
left"); the matcher gives a quality code or a no-match decision. Customers never see that text:
:func:`face_failure` turns it into ``(code, kind)`` — ``kind`` is the challenge concerned, when
there is one — and the screen looks the code up in :mod:`kiosk.ui.i18n`. An engine text this
table does not know becomes ``unclear`` (a generic "we could not check your face"), never raw.
"""

from __future__ import annotations

import re

from kiosk.biometrics.decision import MatchDecision
from kiosk.imaging.moves import ChallengeKind
from kiosk.session import LivenessCheck, MatchCheck

# A challenge kind as the engine's log names it ("turn left") or as its value ("turn_left").
_WORDS = {
    **{kind.replace("_", " "): kind for kind in ChallengeKind},
    **{kind.value: kind for kind in ChallengeKind},
}

# (pattern over the engine's reason, code). The first match wins; the named group "kind" is
# the challenge concerned. Kept loose so rewording the log text does not blind the screen.
_LIVENESS = [
    (r"different movement(?:.*instead of:?\s*(?P<kind>[a-z_ ]+))?", "wrong_move"),
    (r"no answer(?:.*?:\s*(?P<kind>[a-z_ ]+))?", "no_answer"),
    (r"(?:did not|not) return(?:.*?:\s*(?P<kind>[a-z_ ]+))?", "no_return"),
    (r"keep still|hold still", "not_still"),
    (r"before the prompt", "too_early"),
    (r"second face|two faces|one person|more than one", "second_face"),
    (r"photo|screen|flat picture|replay", "not_live"),
    (r"left the camera|vanished|face lost|track", "face_lost"),
    (r"backlight|back light|against the light", "backlight"),
    (r"too dark|more light|dark", "too_dark"),
    (r"no face|could not see|not found|blur|sharp", "not_clear"),
    (r"timed out|time out|did not finish|stream ended", "not_clear"),
]

# Matcher quality codes (kiosk.biometrics.quality) the person can do something about.
_MATCH_QUALITY = {
    "too_dark": "too_dark",
    "two_faces": "second_face",
    "different_faces": "face_lost",
}


def _kind(text: str | None) -> str:
    if not text:
        return ""
    text = text.strip().rstrip(".").strip()
    for words, kind in _WORDS.items():
        if text.startswith(words):
            return kind
    return ""


def liveness_failure(reason: str) -> tuple[str, str]:
    """``(code, kind)`` for a liveness engine's reason."""
    text = (reason or "").lower()
    for pattern, code in _LIVENESS:
        m = re.search(pattern, text)
        if m:
            return code, _kind(m.groupdict().get("kind"))
    return "unclear", ""


def face_failure(live: LivenessCheck | None, match: MatchCheck | None) -> tuple[str, str]:
    """``(code, kind)`` for a failed face attempt; ("", "") when it did not fail."""
    if live is not None and not live.passed:
        code, kind = liveness_failure(live.reason)
        if code == "no_answer" and not kind:  # the result still says which one was missed
            missed = [c["kind"] for c in live.challenges if not c.get("passed")]
            kind = missed[0] if missed else ""
        return code, kind
    if match is not None and match.decision == MatchDecision.NO_MATCH:
        if match.reason:  # the frames could not be compared: not a verdict on identity
            return _MATCH_QUALITY.get(match.reason, "not_clear"), ""
        return "no_match", ""
    return "", ""
