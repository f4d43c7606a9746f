"""1:1 face matching: the live face against the document portrait, with three decision bands.

Embeddings are dlib's ResNet v1 (128-D, see :mod:`kiosk.biometrics.faces`); the score is the
Euclidean distance between the document embedding and the aggregate live embedding.

Decision bands (``BiometricSettings``):

* ``distance <= match_threshold`` (default 0.45): ``match``, the kiosk proceeds;
* ``distance <= review_threshold`` (default 0.55): ``review``, a clerk compares the faces;
* above: ``no_match``, the attempt fails (bounded retries, then the session ends).

Calibration and reasoning
-------------------------
dlib's published operating point is 0.6: on LFW (frontal-ish web photos, mostly of white
adults) it separates same/different pairs with 99.38% accuracy, about 0.7% false matches.
Our situation is harder in the direction that matters, a false accept:

* ID-photo-to-live: the document portrait is small, printed, scanned and often years old; a
  camera frame is noisy and differently lit. Both push *genuine* distances up, and the usual
  reaction (loosening the threshold) is exactly what lets impostors in.
* The kiosk serves a mostly Central and East Asian population. dlib's training set is mostly
  white faces, and reports on East Asian faces show impostor pairs down to ~0.45-0.55 (the
  model's "everyone looks alike" region), where 0.6 would accept them.

So the automatic accept band stops well below 0.6, and the band where dlib is uncertain goes to
a human instead of being decided by the machine. Measured here (no jitter; 54 pairs in
tests/benchmarks/test_match_bench.py, cards rendered with tests/biometrics/conftest.py and
scanned in all four orientations):

==========================================================================  ===========
pair                                                                        distance
==========================================================================  ===========
shared photos, genuine (obama / obama2)                                     0.35
shared photos, impostors (obama or obama2 / biden)                          0.80-0.85
ID card (300 dpi scan, any orientation) of obama vs the obama2 photo        0.36-0.38
... same at 150-180 dpi with blur and JPEG 45-50                            0.40-0.43
ID card of the astronaut vs the astronaut photo (300 / 150-180 dpi)         0.12-0.16 / 0.23-0.25
ID cards vs a different person's photo                                      0.77-0.87
==========================================================================  ===========

Genuine pairs stay at or below 0.43 even from a low-resolution scan, impostors at or above 0.77.
0.45 accepts every genuine pair we produced while staying 0.15 below dlib's LFW point; the review
band ends at 0.55, the low end of the impostor distances reported for East Asian faces, so
nothing in dlib's uncertain region is accepted without a clerk and nothing dlib would call "same"
at LFW odds is rejected without one. Genuine low-resolution scans sit close to 0.45: a kiosk
should scan at 300 dpi. With only four people here these are sanity checks, not error rates: a
deployment must re-calibrate on its own genuine and impostor pairs and set both thresholds in
the TOML file.

Jitter: the document embedding may average ``document_jitters`` randomly jittered copies of the
chip (dlib's num_jitters); each costs one more ResNet pass (~75-85 ms here). On the 54 pairs
above, 5 jitters moved genuine distances by -0.004..+0.052 (mean +0.019, i.e. slightly worse)
and impostor distances by -0.015..+0.040 (mean +0.005): no better separation for five times the
cost, so the default is 0. A deployment may raise it if its own data shows a gain; the kiosk
embeds the document once per session, while the liveness check runs, so it can afford it.

Live side: every frame given passes the quality gates or is dropped; the embeddings of the
usable frames are averaged (dlib's own jitter averages raw descriptors the same way), which
damps one frame's blink, motion blur or odd expression. Frames further apart from each other
than the review threshold are refused ("different_faces"): the average of two people drifts
towards the accept band (obama2 + biden averaged came out at 0.51 from obama, a "review").
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np

from kiosk.biometrics import faces
from kiosk.biometrics.faces import MODEL_NAME, FaceQualityError
from kiosk.biometrics.quality import document_limits, live_limits
from kiosk.settings import BiometricSettings

__all__ = ["MODEL_NAME", "FaceMatcher", "FaceQualityError", "MatchResult", "decide"]

MATCH, REVIEW, NO_MATCH = "match", "review", "no_match"


@dataclass
class MatchResult:
    distance: float
    threshold: float
    review_threshold: float
    decision: str  # "match" | "review" | "no_match"
    model: str
    live_frames_used: int

    def as_dict(self) -> dict:
        return {"distance": round(self.distance, 4), "threshold": self.threshold,
                "review_threshold": self.review_threshold, "decision": self.decision,
                "model": self.model, "live_frames_used": self.live_frames_used}


def decide(distance: float, match_threshold: float, review_threshold: float) -> str:
    if distance <= match_threshold:
        return MATCH
    if distance <= review_threshold:
        return REVIEW
    return NO_MATCH


class FaceMatcher:
    """Embeds document portraits and live frames and compares them. Thread-safe: the dlib
    models are process-wide singletons used under their own locks."""

    def __init__(self, settings: BiometricSettings) -> None:
        self.settings = settings
        self.document_limits = document_limits(settings.min_eye_distance_px)
        self.live_limits = live_limits(settings.min_eye_distance_px)
        self._last_live_frames = threading.local()
        faces.load_models()  # once per process; a missing model file fails here, not mid-session

    def document_embedding(self, portrait: np.ndarray) -> np.ndarray:
        """(128,) embedding of the face on a document portrait crop (any right-angle rotation
        is tried). Raises FaceQualityError when the portrait is not usable."""
        face = faces.analyse(portrait, self.document_limits)
        try:
            return faces.embed_chips([face.chip], self.settings.document_jitters)[0]
        finally:
            face.wipe()

    def live_embeddings(self, frames: list[np.ndarray]) -> np.ndarray:
        """(n, 128) embeddings of the frames that pass the live quality gates (n >= 1).

        Raises FaceQualityError with the most frequent failure when no frame is usable, and
        "different_faces" when two usable frames are further apart than the review threshold.
        """
        chips, failures = [], []
        try:
            for frame in frames:
                try:
                    chips.append(faces.analyse(frame, self.live_limits).chip)
                except FaceQualityError as exc:
                    failures.append(exc)
            if not chips:
                if not failures:
                    raise FaceQualityError("no_face", "no live frame given")
                code = Counter(e.code for e in failures).most_common(1)[0][0]
                first = next(e for e in failures if e.code == code)
                raise FaceQualityError(code, str(first))
            embeddings = faces.embed_chips(chips)
        finally:
            for chip in chips:
                chip.fill(0)
        # Averaging frames of two people lands between them, perhaps inside the match band:
        # frames that disagree beyond the review threshold are refused, not averaged.
        if len(embeddings) > 1:
            spread = np.linalg.norm(embeddings[:, None, :] - embeddings[None, :, :], axis=2)
            if spread.max() > self.settings.review_threshold:
                raise FaceQualityError("different_faces")
        return embeddings

    def live_embedding(self, frames: list[np.ndarray]) -> np.ndarray:
        """(128,) mean embedding of the usable live frames; FaceQualityError if none is."""
        embeddings = self.live_embeddings(frames)
        self._last_live_frames.count = len(embeddings)
        return embeddings.mean(axis=0)

    def compare(self, document: np.ndarray, live: np.ndarray, *,
                live_frames_used: int | None = None) -> MatchResult:
        """Distance and decision. ``live_frames_used`` defaults to the count behind this
        thread's last :meth:`live_embedding`."""
        if document.shape != (128,) or live.shape != (128,):
            raise ValueError("expected two 128-D embeddings")
        if live_frames_used is None:
            live_frames_used = getattr(self._last_live_frames, "count", 1)
        s = self.settings
        distance = float(np.linalg.norm(document - live))
        return MatchResult(distance=distance, threshold=s.match_threshold,
                           review_threshold=s.review_threshold,
                           decision=decide(distance, s.match_threshold, s.review_threshold),
                           model=MODEL_NAME, live_frames_used=live_frames_used)

    def match(self, portrait: np.ndarray, frames: list[np.ndarray]) -> MatchResult:
        """Both sides at once: a document portrait crop against live frames."""
        document = self.document_embedding(portrait)
        embeddings = self.live_embeddings(frames)
        return self.compare(document, embeddings.mean(axis=0),
                            live_frames_used=len(embeddings))
