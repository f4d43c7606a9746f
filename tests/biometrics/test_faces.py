"""Face detection, alignment, embeddings and quality gates on real faces with the real models."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.biometrics import faces, quality
from kiosk.biometrics.faces import FaceQualityError, analyse, embed_chips, load_image
from kiosk.errors import InputError
from tests.biometrics.support import back_side

LIVE = quality.live_limits(25)


def _embedding(image: np.ndarray) -> np.ndarray:
    return embed_chips([analyse(image, LIVE).chip])[0]


def _code(image: np.ndarray, limits: quality.QualityLimits = LIVE) -> str:
    with pytest.raises(FaceQualityError) as info:
        analyse(image, limits)
    return info.value.code


@pytest.fixture(scope="module")
def reference(astronaut: np.ndarray) -> np.ndarray:
    return _embedding(astronaut)


def test_models_are_loaded_once_per_process() -> None:
    assert faces.load_models() is faces.load_models()


def test_upright_face_is_found_aligned_and_embedded(
    astronaut: np.ndarray, reference: np.ndarray
) -> None:
    face = analyse(astronaut, LIVE)
    assert face.rotation == 0 and face.faces_found == 1
    x, y, w, h = face.box
    # The astronaut's face is in the upper middle of the 512x512 picture.
    assert 150 < x + w / 2 < 300 and 50 < y + h / 2 < 250
    assert face.chip.shape == (faces.CHIP_SIZE, faces.CHIP_SIZE, 3)
    assert reference.shape == (128,) and 0.5 < np.linalg.norm(reference) < 2.0


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_rotated_input_is_turned_upright(
    astronaut: np.ndarray, reference: np.ndarray, turn: int
) -> None:
    rotated = faces.rotate(astronaut, turn)
    face = analyse(rotated, LIVE)
    assert face.rotation == (360 - turn) % 360
    assert np.linalg.norm(embed_chips([face.chip])[0] - reference) < 0.05


def test_grayscale_and_four_channel_input(astronaut: np.ndarray, reference: np.ndarray) -> None:
    gray = cv2.cvtColor(astronaut, cv2.COLOR_BGR2GRAY)
    bgra = cv2.cvtColor(astronaut, cv2.COLOR_BGR2BGRA)
    assert np.linalg.norm(_embedding(bgra) - reference) < 1e-6
    # Colour carries some identity signal, but a grey copy is still the same person.
    assert np.linalg.norm(_embedding(gray) - reference) < 0.25
    assert np.linalg.norm(_embedding(gray[:, :, None]) - _embedding(gray)) < 1e-6


def test_large_image_is_detected_downscaled_and_embedded_at_full_resolution(
    astronaut: np.ndarray, reference: np.ndarray
) -> None:
    big = cv2.resize(astronaut, None, fx=4, fy=4, interpolation=cv2.INTER_CUBIC)  # 2048 px
    face = analyse(big, LIVE)
    # Landmarks come back in the big image's pixels, not the detector's small copy.
    assert face.quality.eye_distance_px > 4 * 35
    assert np.linalg.norm(embed_chips([face.chip])[0] - reference) < 0.1


def test_exif_orientation_is_honoured(tmp_path: Path, astronaut: np.ndarray) -> None:
    from PIL import Image

    # Orientation 6: the stored pixels must be turned 90 degrees clockwise to be viewed.
    stored = cv2.rotate(astronaut[:, :400], cv2.ROTATE_90_COUNTERCLOCKWISE)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "phone.jpg"
    Image.fromarray(cv2.cvtColor(stored, cv2.COLOR_BGR2RGB)).save(path, exif=exif, quality=95)
    loaded = load_image(path)
    assert loaded.shape == (512, 400, 3)
    assert analyse(loaded, LIVE, rotations=False).rotation == 0
    # Formats beyond OpenCV's decoders are read too (GIF carries no orientation tag).
    gif = tmp_path / "still.gif"
    Image.fromarray(cv2.cvtColor(stored, cv2.COLOR_BGR2RGB)).save(gif)
    assert load_image(gif).shape == (400, 512, 3)


def test_unreadable_files_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "notes.jpg").write_text("not an image")
    with pytest.raises(InputError, match="cannot read image"):
        load_image(tmp_path / "notes.jpg")
    with pytest.raises(InputError, match="not found"):
        load_image(tmp_path / "missing.png")


def test_no_face(astronaut: np.ndarray) -> None:
    assert _code(back_side()) == "no_face"
    assert _code(np.full((3, 5), 128, np.uint8)) == "no_face"  # any size is an image
    with pytest.raises(ValueError, match="empty"):
        analyse(np.zeros((0, 10, 3), np.uint8), LIVE)
    with pytest.raises(ValueError, match="8-bit"):
        analyse(astronaut.astype(np.float32), LIVE)


def test_two_faces_side_by_side(astronaut: np.ndarray) -> None:
    assert _code(np.hstack([astronaut, astronaut])) == "two_faces"


def _camera_scene(head: np.ndarray, background_scale: float) -> np.ndarray:
    """A 640x480 frame: the customer close to the camera, another face behind on the right."""
    scene = np.full((480, 640, 3), 90, np.uint8)
    near = cv2.resize(head, None, fx=2.2, fy=2.2, interpolation=cv2.INTER_CUBIC)[:480]
    scene[: near.shape[0], 40 : 40 + near.shape[1]] = near
    far = cv2.resize(
        head,
        None,
        fx=background_scale,
        fy=background_scale,
        interpolation=cv2.INTER_AREA if background_scale < 1 else cv2.INTER_CUBIC,
    )
    scene[480 - far.shape[0] :, 640 - far.shape[1] :] = far
    return scene


def test_a_much_smaller_background_face_is_allowed(astronaut_head: np.ndarray) -> None:
    face = analyse(_camera_scene(astronaut_head, 1.1), LIVE)
    assert face.faces_found == 2
    assert face.box[0] + face.box[2] / 2 < 320  # the near face, not the one behind
    # The same second face at the customer's size is a second person.
    assert _code(_camera_scene(astronaut_head, 1.8)) == "two_faces"


def test_too_small(astronaut: np.ndarray) -> None:
    tiny = cv2.resize(astronaut, None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA)
    with pytest.raises(FaceQualityError, match=r"eyes 1[5-9] px apart") as info:
        analyse(tiny, LIVE)
    assert info.value.code == "face_too_small"
    # The limit is the caller's: a lower one lets the same image through.
    assert analyse(tiny, quality.live_limits(12)).quality.eye_distance_px < 25


def test_too_dark_and_too_bright(astronaut: np.ndarray) -> None:
    assert _code((astronaut * 0.2).astype(np.uint8)) == "too_dark"
    washed = (255 - (255 - astronaut.astype(np.float32)) * 0.3).astype(np.uint8)
    assert _code(washed) == "too_bright"


def test_blurred(astronaut: np.ndarray) -> None:
    softened = cv2.GaussianBlur(astronaut, (0, 0), 2.0)
    assert _code(softened) == "blurry"
    # Scanned document portraits are soft by nature: a lower floor than live frames ...
    assert analyse(softened, quality.document_limits(25)).quality.sharpness > 12
    # ... but a smeared one is still refused.
    smeared = cv2.GaussianBlur(astronaut, (0, 0), 3.2)
    assert _code(smeared, quality.document_limits(25)) == "blurry"


def test_pose_gate_from_landmarks() -> None:
    # dlib 5-point order: one eye's two corners, the other eye's two corners, the nose.
    def report(nose: tuple[float, float], roll_deg: float = 0.0) -> quality.QualityReport:
        pts = np.array([[140, 100], [120, 100], [60, 100], [80, 100], nose], np.float64)
        t = np.radians(roll_deg)
        rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
        pts = (pts - 100) @ rot.T + 100
        dist, yaw, pitch = quality.pose_ratios(pts)
        return quality.QualityReport(dist, yaw, pitch, 120, 0, 0, 200)

    quality.check(report((100, 155)), LIVE)  # frontal
    quality.check(report((110, 155), roll_deg=25), LIVE)  # tilted head, still frontal
    for nose in ((135, 155), (65, 155), (100, 110)):  # turned left / right, tipped back
        with pytest.raises(FaceQualityError) as info:
            quality.check(report(nose, roll_deg=25), LIVE)
        assert info.value.code == "not_frontal"


def test_error_messages_are_plain_words() -> None:
    for code, message in quality.MESSAGES.items():
        err = FaceQualityError(code)
        assert err.code == code and str(err) == message
        assert isinstance(err, InputError)
