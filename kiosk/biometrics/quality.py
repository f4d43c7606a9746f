"""Quality gates a face must pass before its embedding may be compared.

A poor image never becomes a silently low score: each gate that fails raises
:class:`FaceQualityError` with a stable ``code`` the UI maps to guidance ("move closer", "more
light") and a plain message. Gates, in the order they are checked:

``two_faces``     a second credible face at least ``DOMINANCE_RATIO`` as wide as the largest one.
                  A much smaller face (a passer-by far behind, the faded "ghost" copy on an ID
                  card) or a weak false detection on clothing does not count.
``face_too_small`` inter-eye distance below the configured minimum, in pixels of the image as
                  given (before any downscaling for detection). Below ~25 px the 150 px chip
                  the ResNet sees is mostly upsampled blur and distances drift up.
``not_frontal``   the nose tip lies too far to one side of the eye midpoint (yaw), or too close
                  to / too far below the eye line (pitch), measured in inter-eye distances along
                  and across the eye line so that head roll does not count.
``too_dark`` / ``too_bright``  the mean grey level of the inner face on the aligned chip, plus the
                  share of clipped pixels; HOG still finds faces in very dark or washed-out
                  images, but the embedding of such a face is unreliable.
``blurry``        variance of the Laplacian of the inner face on the aligned 150 px chip. The
                  chip has the same scale for every face, so one threshold serves a 4000 px
                  photo and a 640x480 camera frame alike.

Thresholds were set on scikit-image's astronaut and the team's shared photographs. Laplacian
variance on the chip: sharp photographs 90-1300; the same photographs blurred (Gaussian, sigma
scaled to a 512 px image) 23-28 at sigma 1.5, 14-15 at 2, 8-10 at 2.5, 3-8 at 3 (at ~4 HOG no
longer finds the face); portraits on rendered ID cards after scanner damage 66-190 for a 300 dpi
flatbed scan, 20-57 at 180 dpi with blur 1.0, 9-28 at 135-150 dpi with blur 1.2-1.5 (and those
still match). Printed-and-scanned portraits are soft by nature, so the document floor (10) only
refuses a photo that is really smeared, while live frames, which can simply be taken again, get
a floor of 25 (``document_limits`` / ``live_limits``).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.errors import BiometricError, InputError

# A second face this wide relative to the largest makes the image ambiguous.
DOMINANCE_RATIO = 0.6
# HOG score of a credible face (real faces score ~0.5-2; false hits on texture ~0).
CREDIBLE_FACE_SCORE = 0.25

MESSAGES = {
    "no_face": "no face found",
    "two_faces": "two faces: only one person may be in the picture",
    "face_too_small": "face too small: move closer or use a larger image",
    "not_frontal": "face not frontal: look straight at the camera",
    "too_dark": "too dark: the face needs more light",
    "too_bright": "too bright: the face is washed out",
    "blurry": "face blurry: hold still or clean the lens",
    "different_faces": "the live images show different people",
}


class FaceQualityError(InputError, BiometricError):
    """A face image that must not be matched. ``code`` is stable snake_case (see MESSAGES)."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message or MESSAGES[code])
        self.code = code


@dataclass(frozen=True)
class QualityLimits:
    min_eye_distance_px: float
    min_sharpness: float
    # Mean grey of the inner face on the chip (0-255).
    min_brightness: float = 55.0
    max_brightness: float = 215.0
    # Share of inner-face pixels at or below 8 / at or above 247 that makes it dark / bright.
    max_clipped: float = 0.35
    # Nose offset along the eye line, in inter-eye distances: ~0 frontal (0.03-0.14 on the shared
    # photos). The nose tip sits ~0.6 eye distances in front of the eyes, so the offset is about
    # 0.6 x tan(yaw): 0.3 is ~27 degrees.
    max_yaw_ratio: float = 0.3
    # Nose drop below the eye line, in inter-eye distances: 0.69-0.79 frontal on our faces.
    min_pitch_ratio: float = 0.35
    max_pitch_ratio: float = 1.2


def document_limits(min_eye_distance_px: float) -> QualityLimits:
    # Printed-and-scanned portraits lose fine texture: a lower sharpness floor.
    return QualityLimits(min_eye_distance_px=min_eye_distance_px, min_sharpness=10.0)


def live_limits(min_eye_distance_px: float) -> QualityLimits:
    return QualityLimits(min_eye_distance_px=min_eye_distance_px, min_sharpness=25.0)


@dataclass(frozen=True)
class QualityReport:
    eye_distance_px: float
    yaw_ratio: float
    pitch_ratio: float
    brightness: float
    dark_share: float
    bright_share: float
    sharpness: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(v), 3) for k, v in self.__dict__.items()}


def eye_centres(landmarks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centres of the two eyes from dlib's 5-point layout (two corners per eye, then the nose)."""
    return landmarks[0:2].mean(axis=0), landmarks[2:4].mean(axis=0)


def pose_ratios(landmarks: np.ndarray) -> tuple[float, float, float]:
    """(inter-eye distance px, yaw ratio, pitch ratio) from the 5 landmarks, roll-invariant."""
    eye_a, eye_b = eye_centres(landmarks)
    axis = eye_b - eye_a
    dist = float(np.hypot(*axis))
    if dist < 1e-6:
        return 0.0, 0.0, 0.0
    unit = axis / dist
    normal = np.array([-unit[1], unit[0]])
    offset = landmarks[4] - (eye_a + eye_b) / 2
    along = float(offset @ unit) / dist
    across = abs(float(offset @ normal)) / dist
    return dist, along, across


def _inner_face(chip_gray: np.ndarray) -> np.ndarray:
    # dlib's chip (padding 0.25) puts the eyes at ~35% height; this window holds brows to mouth
    # and little background or hair.
    s = chip_gray.shape[0]
    return chip_gray[round(0.25 * s) : round(0.85 * s), round(0.2 * s) : round(0.8 * s)]


def measure(landmarks: np.ndarray, chip_rgb: np.ndarray) -> QualityReport:
    dist, yaw, pitch = pose_ratios(landmarks)
    gray = cv2.cvtColor(chip_rgb, cv2.COLOR_RGB2GRAY)
    inner = _inner_face(gray)
    sharp = float(cv2.Laplacian(inner, cv2.CV_64F).var())
    return QualityReport(
        eye_distance_px=dist,
        yaw_ratio=yaw,
        pitch_ratio=pitch,
        brightness=float(inner.mean()),
        dark_share=float((inner <= 8).mean()),
        bright_share=float((inner >= 247).mean()),
        sharpness=sharp,
    )


def dominant(found: list[tuple[float, float]]) -> int:
    """Index of the one face to use among (width, HOG score) detections.

    Raises no_face when there are none and two_faces when a second *credible* detection
    (score >= ``CREDIBLE_FACE_SCORE``) is at least ``DOMINANCE_RATIO`` as wide as the chosen
    one. HOG now and then fires weakly (score ~0) on clothing or texture; such a detection
    neither wins nor counts as a second person.
    """
    if not found:
        raise FaceQualityError("no_face")
    credible = [i for i, (_w, score) in enumerate(found) if score >= CREDIBLE_FACE_SCORE]
    pool = credible or list(range(len(found)))
    best = max(pool, key=lambda i: found[i][0])
    rivals = [i for i in credible if i != best and found[i][0] >= DOMINANCE_RATIO * found[best][0]]
    if rivals:
        raise FaceQualityError("two_faces", f"{MESSAGES['two_faces']} ({len(rivals) + 1} found)")
    return best


def check(report: QualityReport, limits: QualityLimits) -> None:
    """Raise FaceQualityError for the first gate the face fails."""
    if report.eye_distance_px < limits.min_eye_distance_px:
        raise FaceQualityError(
            "face_too_small",
            f"{MESSAGES['face_too_small']} (eyes {report.eye_distance_px:.0f} "
            f"px apart, need {limits.min_eye_distance_px:.0f})",
        )
    if (
        abs(report.yaw_ratio) > limits.max_yaw_ratio
        or not limits.min_pitch_ratio <= report.pitch_ratio <= limits.max_pitch_ratio
    ):
        raise FaceQualityError("not_frontal")
    if report.brightness < limits.min_brightness or report.dark_share > limits.max_clipped:
        raise FaceQualityError("too_dark")
    if report.brightness > limits.max_brightness or report.bright_share > limits.max_clipped:
        raise FaceQualityError("too_bright")
    if report.sharpness < limits.min_sharpness:
        raise FaceQualityError("blurry")
