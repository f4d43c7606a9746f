"""Where the kiosk's pictures and sounds are: the top-level ``assets/`` folder.

From a checkout (and an editable install) that is ``<repository>/assets``. A wheel installs the
same files under ``<prefix>/share/simkiosk/assets`` (pyproject's data-files); ``SIMKIOSK_ASSETS``
names another folder (a kiosk image that keeps them elsewhere).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


def _candidates() -> list[Path]:
    found = []
    if os.environ.get("SIMKIOSK_ASSETS"):
        found.append(Path(os.environ["SIMKIOSK_ASSETS"]))
    found.append(Path(__file__).resolve().parents[2] / "assets")
    found.append(Path(sys.prefix) / "share" / "simkiosk" / "assets")
    return found


@cache
def assets_dir() -> Path:
    """The first assets folder that holds the icons (the repository's when none does)."""
    for path in _candidates():
        if (path / "icons").is_dir():
            return path
    return _candidates()[0]


def icon_path(name: str) -> Path:
    """``assets/icons/<name>.svg``."""
    return assets_dir() / "icons" / f"{name}.svg"


def sounds_dir() -> Path:
    return assets_dir() / "sounds"
