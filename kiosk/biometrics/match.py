"""1:1 face matching: the live face against the document portrait, with three decision bands.

Embeddings are dlib's ResNet v1 (128-D, see :mod:`kiosk.biometrics.faces`); the score is the
Euclidean distance between the document embedding and the fused live embedding.

Decision bands (``BiometricSettings``):

* ``distance <= match_threshold`` (default 0.54): ``match``, the kiosk proceeds;
* ``distance <= review_threshold`` (default 0.56): ``review``, a clerk compares the faces;
* above: ``no_match``, the attempt fails (bounded retries, then the session ends).

Calibration
-----------
tests/benchmarks/test_match_calibration.py, on 62 real photographs of 10 people gathered from
package registries (tests/benchmarks/match_data.py: dlib's "johns", 5 people x 11 photos; three
photos of Obama and one of Biden from face_recognition's sources; the astronaut, Grace Hopper,
Tom Cruise). Each photograph is printed (halftone) on a rendered ID card or passport page and
scanned at 300 and 200 dpi, and turned into 5 webcam frames (640x480, face 30-45% of the width,
head sway, exposure from dim to bright, noise, soft lens, JPEG, one frame motion-blurred). The
document goes through find_portrait and :meth:`FaceMatcher.document_embedding`, the frames
through :meth:`FaceMatcher.live_embeddings`. Distances, document vs fused live frames:

=====================================================  =====  =====  ======  =====  =====
pairs                                                  min    p5     median  p95    max
=====================================================  =====  =====  ======  =====  =====
genuine, different photographs (956)                   0.23   0.32   0.43    0.54   0.60
genuine, the same photograph (108)                     0.19   0.24   0.32    0.43   0.48
impostor (5491)                                        0.57   0.68   0.83    0.99   1.05
=====================================================  =====  =====  ======  =====  =====

The two distributions touch (genuine max 0.60, impostor min 0.57), so no pair of bands gives
every genuine pair "match" and no impostor "review". At 0.54 / 0.56 the kiosk's fusion gives
911 of 956 genuine cross-photo pairs "match" (95.3%), 21 "review", 24 "no_match" (they try
again), and 0 of 5491 impostors "match" or "review" (nearest impostor 0.568, a 200 dpi scan).
The old bands 0.45 / 0.55 gave 60.6% "match" and sent 343 genuine pairs to a clerk. dlib's own
LFW operating point, 0.6, would have accepted 9-13 of these impostors.

Limits, said plainly: ten people, mostly white men; dlib's "johns" probably come from the same
web scrape as dlib's training set (optimistic for genuine pairs); no Central or East Asian
faces, for which dlib is reported to put impostors closer together. A deployment must
re-calibrate on its own genuine and impostor pairs (SIMKIOSK_MATCH_DATA = a folder holding one
folder of photographs per person and an empty ``.complete`` file) and set both thresholds in
the TOML file.

Jitter: the document embedding may average ``document_jitters`` randomly jittered copies of the
chip (dlib's num_jitters); each costs one more ResNet pass. On an earlier 54-pair set, 5 jitters
made genuine distances slightly worse on average (+0.019) for five times the cost, so the
default is 0.

Speed (tests/benchmarks/test_match_bench.py, against face_recognition on the same pairs, both as
whole processes from image files, 2 cores shared with other work): the ResNet runs dlib's own
weights through OpenCV (kiosk.biometrics.resnet_cv, ~10 ms of CPU a chip instead of dlib-bin's
~77 ms; decisions identical on every calibration pair). Scanned documents vs webcam frames, 98
pairs: 55-82 ms/pair wall, 41-42 ms/pair CPU, 5.8-6.0x face_recognition's wall and 6.0-6.3x its
CPU (with dlib's own ResNet: 80 ms wall, 69 ms CPU, 3.9x / 3.6x). ID cards and photographs, 54
pairs: 4.2-4.5x wall, 4.8x CPU (before: 3.2x / 2.5x). Six whole-photograph pairs, where start-up
weighs most: 3.0-3.2x wall, 3.4x CPU (before: 2.4x / 2.3x). What is left is mostly dlib's HOG
detector (find_portrait on the document at 800 px, then again on the portrait crop, and once on
each live frame).

Live side (fusion): every frame given passes the quality gates or is dropped; the usable frames
are ranked by :func:`quality_score` and the best ``LIVE_TOP_K`` are fused by :func:`fuse` (mean
of unit vectors). On the calibration set the fusions compared (best single frame, mean of raw
embeddings, mean of unit vectors of the top 3, median and minimum of per-frame distances) differ
little: at 0.54, 95.0% / 95.3% / 94.9% / 94.5% / 96.1% genuine "match", nearest impostor 0.569 /
0.567 / 0.571 / 0.574 / 0.561. The minimum distance helps genuine pairs most but pulls the
nearest impostor closest (it rewards one lucky frame, also an impostor's), so it is not used;
the mean damps one frame's blink, blur or odd expression. Frames further apart from each other
than the review threshold are refused ("different_faces"): the average of two people drifts
towards the accept band (obama2 + biden averaged came out at 0.51 from obama).
The set's live frames of one person all come from one photograph, so they differ by sway, light
and noise only; real frames also differ by expression and blinks, where the mean should gain
more than measured here.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np

from kiosk.biometrics import faces
from kiosk.biometrics.decision import MatchDecision, decide
from kiosk.biometrics.faces import MODEL_NAME, FaceQualityError
from kiosk.biometrics.quality import QualityReport, document_limits, live_limits
from kiosk.settings import BiometricSettings

__all__ = [
    "MODEL_NAME",
    "FaceMatcher",
    "FaceQualityError",
    "MatchDecision",
    "MatchResult",
    "decide",
    "fuse",
    "quality_score",
]

# Live frames fused into one embedding, the best by quality_score first: liveness hands over its
# best frames, and more ResNet passes (~10 ms each) bought no separation in the calibration.
LIVE_TOP_K = 5


@dataclass
class MatchResult:
    distance: float
    threshold: float
    review_threshold: float
    decision: MatchDecision
    model: str
    live_frames_used: int

    def as_dict(self) -> dict:
        return {
            "distance": round(self.distance, 4),
            "threshold": self.threshold,
            "review_threshold": self.review_threshold,
            "decision": self.decision,
            "model": self.model,
            "live_frames_used": self.live_frames_used,
        }


def quality_score(report: QualityReport) -> float:
    """How much a live frame's embedding is to be trusted, higher is better: sharpness on the
    aligned chip (log: 100 vs 200 matters less than 20 vs 40), less for a turned head."""
    return float(np.log1p(report.sharpness) - 4.0 * abs(report.yaw_ratio))


def fuse(embeddings: np.ndarray) -> np.ndarray:
    """One (128,) embedding from several frames of one person: the mean of their unit vectors,
    scaled back to their mean length (so distances keep dlib's scale and bands).

    Unit vectors first, so that no frame weighs more for a longer descriptor; dlib's own
    num_jitters averages raw descriptors the same way otherwise.
    """
    if embeddings.ndim != 2 or not len(embeddings):
        raise ValueError("expected (n, 128) embeddings, n >= 1")
    norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
    units = embeddings / np.maximum(norms, 1e-12)
    fused = units.mean(axis=0)
    return fused * (float(norms.mean()) / max(float(np.linalg.norm(fused)), 1e-12))


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
        """(n, 128) embeddings of the frames that pass the live quality gates (n >= 1), the
        best frame first (:func:`quality_score`); at most ``LIVE_TOP_K`` of them.

        Raises FaceQualityError with the most frequent failure when no frame is usable, and
        "different_faces" when two usable frames are further apart than the review threshold.
        """
        scored: list[tuple[float, np.ndarray]] = []
        failures = []
        try:
            for frame in frames:
                try:
                    face = faces.analyse(frame, self.live_limits)
                except FaceQualityError as exc:
                    failures.append(exc)
                    continue
                scored.append((quality_score(face.quality), face.chip))
            if not scored:
                if not failures:
                    raise FaceQualityError("no_face", "no live frame given")
                code = Counter(e.code for e in failures).most_common(1)[0][0]
                first = next(e for e in failures if e.code == code)
                raise FaceQualityError(code, str(first))
            scored.sort(key=lambda s: -s[0])  # stable: equal scores keep the caller's order
            embeddings = faces.embed_chips([chip for _s, chip in scored[:LIVE_TOP_K]])
        finally:
            for _s, chip in scored:
                chip.fill(0)
        # Averaging frames of two people lands between them, perhaps inside the match band:
        # frames that disagree beyond the review threshold are refused, not averaged.
        if len(embeddings) > 1:
            spread = np.linalg.norm(embeddings[:, None, :] - embeddings[None, :, :], axis=2)
            if spread.max() > self.settings.review_threshold:
                raise FaceQualityError("different_faces")
        return embeddings

    def live_embedding(self, frames: list[np.ndarray]) -> np.ndarray:
        """(128,) fused embedding of the best usable live frames (:func:`fuse`);
        FaceQualityError if none is usable."""
        embeddings = self.live_embeddings(frames)
        self._last_live_frames.count = len(embeddings)
        fused = fuse(embeddings)
        embeddings.fill(0)
        return fused

    def compare(
        self, document: np.ndarray, live: np.ndarray, *, live_frames_used: int | None = None
    ) -> MatchResult:
        """Distance and decision. ``live_frames_used`` defaults to the count behind this
        thread's last :meth:`live_embedding`."""
        if document.shape != (128,) or live.shape != (128,):
            raise ValueError("expected two 128-D embeddings")
        if live_frames_used is None:
            live_frames_used = getattr(self._last_live_frames, "count", 1)
        s = self.settings
        distance = float(np.linalg.norm(document - live))
        return MatchResult(
            distance=distance,
            threshold=s.match_threshold,
            review_threshold=s.review_threshold,
            decision=decide(distance, s.match_threshold, s.review_threshold),
            model=MODEL_NAME,
            live_frames_used=live_frames_used,
        )

    def match(self, portrait: np.ndarray, frames: list[np.ndarray]) -> MatchResult:
        """Both sides at once: a document portrait crop against live frames."""
        document = self.document_embedding(portrait)
        embeddings = self.live_embeddings(frames)
        return self.compare(document, fuse(embeddings), live_frames_used=len(embeddings))
