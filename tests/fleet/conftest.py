from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fleet.support import Fleet, running_fleet


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    """A real server process on 127.0.0.1 (SQLite), initialised, with no kiosk registered."""
    yield from running_fleet(tmp_path)
