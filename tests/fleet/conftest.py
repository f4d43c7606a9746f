from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fleet_support import Fleet, running_fleet


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    """A real server process on 127.0.0.1 (SQLite), initialised, with no kiosk registered."""
    yield from running_fleet(tmp_path)
