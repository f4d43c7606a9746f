"""The demo's and the tests' virtual person: NASA's public-domain astronaut photograph (Eileen
Collins), as scikit-image ships it. A copy of the PNG is carried in hardware/data/ so the
installed kiosk package's ``simkiosk demo`` (which has no scikit-image) can still film and print
it; scikit-image's own copy is used where it is installed (the same file)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

PHOTO = Path(__file__).with_name("data") / "astronaut.png"


def astronaut_rgb() -> np.ndarray:
    """The 512x512 RGB photograph (uint8)."""
    try:
        from skimage import data
    except ImportError:
        import cv2

        bgr = cv2.imread(str(PHOTO), cv2.IMREAD_COLOR)
        if bgr is None:
            raise FileNotFoundError(f"the demo photograph is missing: {PHOTO}") from None
        return np.ascontiguousarray(bgr[:, :, ::-1])
    return np.asarray(data.astronaut())
