"""FaceMatcher on real faces: the astronaut through a scanner and the shared photographs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.biometrics.decision import MatchDecision
from kiosk.biometrics.faces import FaceQualityError, load_image
from kiosk.biometrics.match import MODEL_NAME, FaceMatcher, MatchResult, decide
from kiosk.documents.portrait import find_portrait
from kiosk.settings import BiometricSettings
from tests.biometrics.support import degrade, render_card

SETTINGS = BiometricSettings()

# Scanner-like damage applied to a rendered card: clean, a typical 300 dpi flatbed scan, the
# card upside down at 150 dpi and skewed, and sideways at a low resolution with heavy JPEG.
SCANS = {
    "clean": {},
    "flatbed": {"margin": 30, "blur": 0.8, "jpeg": 60, "noise": 3},
    "upside_down_150dpi": {
        "margin": 60,
        "skew_deg": 2.5,
        "scale": 0.5,
        "blur": 0.6,
        "jpeg": 50,
        "rotate": 180,
    },
    "sideways_low_res": {"scale": 0.5, "blur": 0.9, "jpeg": 40, "noise": 5, "rotate": 90},
}


@pytest.fixture(scope="module")
def matcher() -> FaceMatcher:
    return FaceMatcher(SETTINGS)


def _portrait(scan: np.ndarray) -> np.ndarray:
    found = find_portrait([scan])
    assert found.found, found.reason
    assert found.crop is not None
    return found.crop


def _live_frames(photo: np.ndarray) -> list[np.ndarray]:
    """Three camera-like frames of one photo: as is, darker and noisier, slightly smaller."""
    rng = np.random.default_rng(3)
    darker = np.clip(photo * 0.8 + rng.normal(0, 4, photo.shape), 0, 255).astype(np.uint8)
    smaller = cv2.resize(photo, None, fx=0.8, fy=0.8, interpolation=cv2.INTER_AREA)
    return [photo, darker, smaller]


@pytest.mark.parametrize("scan", list(SCANS))
def test_astronaut_card_scan_matches_the_live_astronaut(
    matcher: FaceMatcher, astronaut: np.ndarray, astronaut_head: np.ndarray, scan: str
) -> None:
    card = degrade(render_card(astronaut_head), seed=7, **SCANS[scan])
    document = matcher.document_embedding(_portrait(card))
    live = matcher.live_embedding(_live_frames(astronaut))
    result = matcher.compare(document, live)
    assert result.decision == MatchDecision.MATCH, result
    assert result.distance <= SETTINGS.match_threshold
    assert result.live_frames_used == 3
    assert result.model == MODEL_NAME == "dlib_resnet_v1"


def test_match_result_shape(
    matcher: FaceMatcher, astronaut: np.ndarray, astronaut_head: np.ndarray
) -> None:
    result = matcher.match(astronaut_head, [astronaut])
    assert isinstance(result, MatchResult)
    assert set(result.as_dict()) == {
        "distance",
        "threshold",
        "review_threshold",
        "decision",
        "model",
        "live_frames_used",
    }
    assert result.threshold == SETTINGS.match_threshold
    assert result.review_threshold == SETTINGS.review_threshold
    assert 0 <= result.distance < 0.2


def test_unusable_live_frames_are_dropped_and_counted(
    matcher: FaceMatcher, astronaut: np.ndarray, astronaut_head: np.ndarray
) -> None:
    blurred = cv2.GaussianBlur(astronaut, (0, 0), 2.5)
    dark = (astronaut * 0.2).astype(np.uint8)
    result = matcher.match(astronaut_head, [blurred, astronaut, dark])
    assert result.live_frames_used == 1 and result.decision == MatchDecision.MATCH
    # No usable frame at all: the most frequent reason, never a low score.
    with pytest.raises(FaceQualityError) as info:
        matcher.live_embedding([blurred, dark, cv2.GaussianBlur(astronaut, (0, 0), 3)])
    assert info.value.code == "blurry"
    with pytest.raises(FaceQualityError) as info:
        matcher.live_embedding([])
    assert info.value.code == "no_face"


def test_document_without_a_usable_face_is_an_error(
    matcher: FaceMatcher, astronaut: np.ndarray
) -> None:
    with pytest.raises(FaceQualityError) as info:
        matcher.document_embedding(np.full((300, 240, 3), 200, np.uint8))
    assert info.value.code == "no_face"
    with pytest.raises(FaceQualityError) as info:
        matcher.document_embedding(np.hstack([astronaut, astronaut]))
    assert info.value.code == "two_faces"


def test_decision_bands_follow_the_settings(
    matcher: FaceMatcher, astronaut: np.ndarray, astronaut_head: np.ndarray
) -> None:
    assert decide(0.30, 0.45, 0.55) == MatchDecision.MATCH
    assert decide(0.45, 0.45, 0.55) == MatchDecision.MATCH
    assert decide(0.50, 0.45, 0.55) == MatchDecision.REVIEW
    assert decide(0.56, 0.45, 0.55) == MatchDecision.NO_MATCH
    document = matcher.document_embedding(
        _portrait(degrade(render_card(astronaut_head), **SCANS["upside_down_150dpi"]))
    )
    live = matcher.live_embedding([astronaut])
    distance = matcher.compare(document, live).distance
    strict = FaceMatcher(
        replace(SETTINGS, match_threshold=distance / 2, review_threshold=distance * 1.01)
    )
    assert strict.compare(document, live).decision == MatchDecision.REVIEW
    stricter = FaceMatcher(
        replace(SETTINGS, match_threshold=distance / 3, review_threshold=distance / 2)
    )
    assert stricter.compare(document, live).decision == MatchDecision.NO_MATCH


def test_defaults_keep_the_accept_band_tighter_than_dlibs_lfw_point() -> None:
    assert SETTINGS.match_threshold < SETTINGS.review_threshold < 0.6


@pytest.mark.faces
def test_shared_faces_genuine_and_impostor(matcher: FaceMatcher, shared_faces: Path) -> None:
    obama, obama2, biden = (
        load_image(shared_faces / f"{n}.jpg") for n in ("obama", "obama2", "biden")
    )
    document = matcher.document_embedding(obama)
    genuine = matcher.compare(document, matcher.live_embedding([obama2]))
    impostor = matcher.compare(document, matcher.live_embedding([biden]))
    assert genuine.decision == MatchDecision.MATCH, genuine
    assert impostor.decision == MatchDecision.NO_MATCH, impostor
    assert impostor.distance > genuine.distance + 0.3


@pytest.mark.faces
def test_shared_face_on_an_upside_down_card(matcher: FaceMatcher, shared_faces: Path) -> None:
    obama = load_image(shared_faces / "obama.jpg")
    head = obama[60:540, 260:700]  # passport-style crop of the official portrait
    card = degrade(render_card(head), margin=40, blur=0.7, jpeg=55, noise=3, rotate=180)
    document = matcher.document_embedding(_portrait(card))
    genuine = matcher.compare(
        document, matcher.live_embedding([load_image(shared_faces / "obama2.jpg")])
    )
    impostor = matcher.compare(
        document, matcher.live_embedding([load_image(shared_faces / "biden.jpg")])
    )
    assert (genuine.decision, impostor.decision) == (MatchDecision.MATCH, MatchDecision.NO_MATCH), (
        genuine,
        impostor,
    )


@pytest.mark.faces
def test_live_frames_of_two_people_are_refused(matcher: FaceMatcher, shared_faces: Path) -> None:
    # Averaged, obama2 + biden land near the match band against obama: never average them.
    frames = [load_image(shared_faces / n) for n in ("obama2.jpg", "biden.jpg")]
    with pytest.raises(FaceQualityError) as info:
        matcher.live_embedding(frames)
    assert info.value.code == "different_faces"


def test_one_matcher_from_two_threads(
    matcher: FaceMatcher, astronaut: np.ndarray, astronaut_head: np.ndarray
) -> None:
    """The kiosk embeds the document on one thread while the camera worker runs on another:
    the shared models are serialised per model and give the same answer as one thread."""
    from concurrent.futures import ThreadPoolExecutor

    expected = matcher.document_embedding(astronaut_head)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="match-test") as pool:
        futures = [pool.submit(matcher.document_embedding, astronaut_head) for _ in range(3)]
        futures += [pool.submit(matcher.live_embedding, [astronaut]) for _ in range(2)]
        results = [f.result(timeout=60) for f in futures]
    for embedding in results[:3]:
        assert np.allclose(embedding, expected)
    assert np.allclose(results[3], results[4])
