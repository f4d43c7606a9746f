"""dlib's ResNet v1 read from its model file and run by OpenCV (kiosk.biometrics.resnet_cv) gives
dlib's own descriptors and dlib's own decisions, on real faces."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.biometrics import dlib_net, faces, quality
from kiosk.biometrics.dlib_net import ModelFormatError
from kiosk.biometrics.match import decide
from kiosk.biometrics.resnet_cv import CvResNet
from kiosk.settings import BiometricSettings
from tests.biometrics.support import webcam_frames

LIVE = quality.live_limits(25)
MODEL = faces.model_path(faces.EMBED_MODEL)


@pytest.fixture(scope="module")
def dlib_net_v1():
    import dlib

    return dlib.face_recognition_model_v1(str(MODEL))


@pytest.fixture(scope="module")
def cv_net() -> CvResNet:
    return CvResNet(MODEL)


def _dlib(net, chips: list[np.ndarray]) -> np.ndarray:
    return np.array([np.asarray(net.compute_face_descriptor(c)) for c in chips])


def _chips(images: list[np.ndarray]) -> list[np.ndarray]:
    return [faces.analyse(image, LIVE).chip for image in images]


def test_descriptors_equal_dlibs_on_real_faces(
    astronaut: np.ndarray, dlib_net_v1, cv_net: CvResNet
) -> None:
    chips = _chips([astronaut, *webcam_frames(astronaut, 3, seed=4)])
    noise = np.random.default_rng(1).integers(0, 256, (150, 150, 3), dtype=np.uint8)
    chips.append(noise)  # far from any face: every layer's range is exercised, not only faces'
    expected = _dlib(dlib_net_v1, chips)
    batch = cv_net.descriptors(chips)
    assert batch.shape == (len(chips), 128) and batch.dtype == np.float64
    assert np.abs(batch - expected).max() < 1e-4
    one = np.array([cv_net.descriptors([c])[0] for c in chips])
    assert np.abs(one - expected).max() < 1e-4


def test_numpy_reference_equals_dlib(astronaut: np.ndarray, dlib_net_v1) -> None:
    chip = _chips([astronaut])[0]
    ours = dlib_net.forward(dlib_net.read_resnet(MODEL), chip)
    assert np.abs(ours - _dlib(dlib_net_v1, [chip])[0]).max() < 1e-4


def test_the_matcher_embeds_with_the_opencv_net(astronaut: np.ndarray, dlib_net_v1) -> None:
    chip = _chips([astronaut])[0]
    assert np.abs(faces.embed_chips([chip])[0] - _dlib(dlib_net_v1, [chip])[0]).max() < 1e-4


def test_same_decisions_as_dlib_on_the_shared_photographs(
    shared_faces: Path, astronaut, dlib_net_v1, cv_net: CvResNet
) -> None:
    photos = [astronaut] + [
        cv2.imread(str(shared_faces / f"{n}.jpg")) for n in ("obama", "obama2", "biden")
    ]
    chips = _chips([frame for photo in photos for frame in [photo, *webcam_frames(photo, 2)]])
    ref, ours = _dlib(dlib_net_v1, chips), cv_net.descriptors(chips)
    s = BiometricSettings()
    pairs = [(i, j) for i in range(len(chips)) for j in range(i + 1, len(chips))]
    decided = [
        (
            decide(float(np.linalg.norm(ref[i] - ref[j])), s.match_threshold, s.review_threshold),
            decide(float(np.linalg.norm(ours[i] - ours[j])), s.match_threshold, s.review_threshold),
        )
        for i, j in pairs
    ]
    assert all(a == b for a, b in decided)
    # Genuine and impostor pairs both occur, so the equality above says something.
    assert {a for a, _b in decided} >= {"match", "no_match"}


def test_a_file_that_is_not_the_resnet_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "shape.dat"
    other.write_bytes(faces.model_path(faces.SHAPE_MODEL).read_bytes())
    with pytest.raises(ModelFormatError, match="not dlib's face recognition ResNet"):
        dlib_net.read_resnet(other)
    truncated = tmp_path / "truncated.dat"
    truncated.write_bytes(MODEL.read_bytes()[:5_000_000])
    with pytest.raises(ModelFormatError):
        dlib_net.read_resnet(truncated)


def test_chips_of_the_wrong_shape_are_refused(cv_net: CvResNet) -> None:
    with pytest.raises(ValueError, match="150x150"):
        cv_net.descriptors([np.zeros((100, 100, 3), np.uint8)])
    assert cv_net.descriptors([]).shape == (0, 128)
