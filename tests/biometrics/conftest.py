"""Real faces for the biometrics tests: scikit-image's astronaut (ships in a PyPI package) and
the card tools of bio_support."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest

from tests.biometrics.support import back_side, degrade, render_card


@pytest.fixture(scope="session")
def astronaut() -> np.ndarray:
    from skimage import data

    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


@pytest.fixture(scope="session")
def astronaut_head(astronaut: np.ndarray) -> np.ndarray:
    """A passport-style crop of the astronaut: the face fills most of the photo, as on an ID."""
    return astronaut[35:245, 140:305].copy()


@pytest.fixture
def card_tools() -> tuple[Callable, Callable, Callable]:
    return render_card, degrade, back_side
