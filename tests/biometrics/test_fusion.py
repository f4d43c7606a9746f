"""Live-frame fusion and the calibrated bands, on rendered documents and webcam-like frames of
real faces (the astronaut; the shared photographs when present)."""

from __future__ import annotations

import random
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.biometrics.decision import MatchDecision
from kiosk.biometrics.faces import load_image
from kiosk.biometrics.match import LIVE_TOP_K, FaceMatcher, fuse, quality_score
from kiosk.documents import render, synthetic
from kiosk.documents.portrait import find_portrait
from kiosk.settings import BiometricSettings
from tests.biometrics.support import webcam_frames

SETTINGS = BiometricSettings()


@pytest.fixture(scope="module")
def matcher() -> FaceMatcher:
    return FaceMatcher(SETTINGS)


def _scanned_document(
    portrait: np.ndarray,
    *,
    kind: str = "TD1",
    dpi: int = 300,
    upside_down: bool = False,
    seed: int = 1,
) -> np.ndarray:
    """The portrait printed on a rendered Kazakh-style document, scanned, and found again."""
    rng = random.Random(seed)
    person = synthetic.random_person(rng)
    doc = (render.render_td1 if kind == "TD1" else render.render_td3)(person, portrait)
    scan = render.degrade(doc.sides[doc.portrait_side], rng, scan_dpi=dpi, upside_down=upside_down)
    found = find_portrait([scan])
    assert found.found and found.crop is not None, found.reason
    return found.crop


def test_fuse_is_the_mean_direction_at_the_mean_length() -> None:
    a = np.zeros(128)
    a[0] = 1.0
    b = np.zeros(128)
    b[1] = 3.0
    fused = fuse(np.stack([a, b]))
    assert np.allclose(fused[:2] / np.linalg.norm(fused[:2]), [2**-0.5, 2**-0.5])
    assert np.linalg.norm(fused) == pytest.approx(2.0)  # mean of the lengths 1 and 3
    one = np.arange(128, dtype=float)
    assert np.allclose(fuse(one[None, :]), one)
    with pytest.raises(ValueError):
        fuse(np.zeros((0, 128)))


def test_best_frames_first_and_at_most_top_k(matcher: FaceMatcher, astronaut: np.ndarray) -> None:
    frames = webcam_frames(astronaut, LIVE_TOP_K + 2, seed=3)
    soft = cv2.GaussianBlur(frames[0], (0, 0), 1.6)  # still usable, but the softest
    embeddings = matcher.live_embeddings([soft, *frames])
    assert len(embeddings) == LIVE_TOP_K
    alone = matcher.live_embeddings([soft])[0]
    assert not any(np.allclose(e, alone) for e in embeddings), "the soft frame was kept"


def test_quality_score_prefers_sharp_frontal_faces() -> None:
    from kiosk.biometrics.quality import QualityReport

    base = dict(eye_distance_px=60, pitch_ratio=0.75, brightness=120, dark_share=0, bright_share=0)
    sharp = QualityReport(yaw_ratio=0.02, sharpness=200, **base)
    soft = QualityReport(yaw_ratio=0.02, sharpness=40, **base)
    turned = QualityReport(yaw_ratio=0.25, sharpness=200, **base)
    assert quality_score(sharp) > quality_score(soft)
    assert quality_score(sharp) > quality_score(turned)


@pytest.mark.parametrize(("kind", "dpi", "upside_down"), [("TD1", 300, False), ("TD3", 200, True)])
def test_astronaut_document_against_fused_webcam_frames(
    matcher: FaceMatcher, astronaut: np.ndarray, kind: str, dpi: int, upside_down: bool
) -> None:
    crop = _scanned_document(render.sample_portrait(), kind=kind, dpi=dpi, upside_down=upside_down)
    document = matcher.document_embedding(crop)
    result = matcher.compare(document, matcher.live_embedding(webcam_frames(astronaut, 4)))
    assert result.decision == MatchDecision.MATCH, result
    assert result.live_frames_used == 4


@pytest.mark.faces
def test_shared_faces_fused_decisions(matcher: FaceMatcher, shared_faces: Path) -> None:
    """Obama's official portrait on a scanned ID card against webcam frames made from a different
    photograph of him (match) and of Biden (no_match), at the default bands."""
    obama, obama2, biden = (
        load_image(shared_faces / f"{n}.jpg") for n in ("obama", "obama2", "biden")
    )
    document = matcher.document_embedding(_scanned_document(obama[40:600, 230:730], dpi=200))
    genuine = matcher.compare(document, matcher.live_embedding(webcam_frames(obama2, 4)))
    impostor = matcher.compare(document, matcher.live_embedding(webcam_frames(biden, 4)))
    assert genuine.decision == MatchDecision.MATCH, genuine
    assert impostor.decision == MatchDecision.NO_MATCH, impostor
    assert impostor.distance > SETTINGS.review_threshold + 0.1


@pytest.mark.faces
def test_astronaut_document_refuses_other_people(matcher: FaceMatcher, shared_faces: Path) -> None:
    document = matcher.document_embedding(_scanned_document(render.sample_portrait()))
    for name in ("obama2", "biden"):
        frames = webcam_frames(load_image(shared_faces / f"{name}.jpg"), 3, seed=7)
        result = matcher.compare(document, matcher.live_embedding(frames))
        assert result.decision == MatchDecision.NO_MATCH, (name, result)


def test_bands_stay_below_the_nearest_calibration_impostor() -> None:
    # tests/benchmarks/test_match_calibration.py: nearest impostor 0.567 over 5491 pairs, and
    # dlib's LFW point 0.6 let 9-13 of them through. The review band must end below both.
    assert SETTINGS.match_threshold < SETTINGS.review_threshold < 0.567
