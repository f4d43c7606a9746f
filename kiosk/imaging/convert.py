"""Image arrays as the engines take them: checked, converted to BGR or gray, turned upright.

One copy of what the document portrait finder, the MRZ locator and the face matcher each did on
their own. Arrays are numpy uint8, gray (H, W) or (H, W, 1), BGR or BGRA, as OpenCV gives them.
"""

from __future__ import annotations

import cv2
import numpy as np

# Clockwise right-angle turns by OpenCV's fast rotate (no interpolation).
_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def check_image(image: np.ndarray, *, min_side: int = 1) -> None:
    """Raise ValueError, saying what is wrong, unless ``image`` is an 8-bit gray, BGR or BGRA
    array at least ``min_side`` pixels on each side."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise ValueError("expected an 8-bit image array")
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (1, 3, 4)):
        raise ValueError(f"unsupported image shape {image.shape}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise ValueError("empty image")
    if image.shape[0] < min_side or image.shape[1] < min_side:
        raise ValueError(f"image too small ({image.shape[1]}x{image.shape[0]} px)")


def as_bgr(image: np.ndarray, *, min_side: int = 1) -> np.ndarray:
    """Any checked image (:func:`check_image`) as contiguous 3-channel BGR."""
    check_image(image, min_side=min_side)
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 1:
        return cv2.cvtColor(image[:, :, 0], cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(image)


def to_gray(image: np.ndarray) -> np.ndarray:
    """A gray, BGR or BGRA image as one channel (a gray image is returned as it is)."""
    if image.ndim == 2:
        return image
    if image.shape[2] == 1:
        return image[:, :, 0]
    code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(image, code)


def rotate(image: np.ndarray, degrees_cw: int) -> np.ndarray:
    """The image turned ``degrees_cw`` (a multiple of 90) clockwise; the same array for 0."""
    return image if degrees_cw % 360 == 0 else cv2.rotate(image, _ROTATE[degrees_cw % 360])
