"""Fixtures for the server tests: SQLite and a real PostgreSQL (a private cluster started once per
session), and the app served by a real uvicorn on 127.0.0.1 (in a thread of the test process, so
a test can look at the service and database directly) with a registered test kiosk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.harness import Harness, make_harness
from tests.server.support import PostgresCluster, postgres_bin


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    if postgres_bin() is None:
        pytest.skip(
            "PostgreSQL server binaries are not installed (Debian package postgresql; "
            "`make test` installs it)"
        )
    try:
        cluster = PostgresCluster()
    except KeyError:  # running as root, which PostgreSQL refuses, and no postgres user to be
        pytest.skip(
            "running as root without a 'postgres' system user to run PostgreSQL as "
            "(the Debian package creates it)"
        )
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    return request.getfixturevalue("pg_cluster").create_database()


@pytest.fixture
def harness(db_url: str, tmp_path: Path) -> Iterator[Harness]:
    """The app on SQLite and on PostgreSQL, at most 3 SIMs per person to keep tests short."""
    yield from make_harness(db_url, tmp_path / "server-home", max_sims_per_person=3)


@pytest.fixture
def sqlite_harness(tmp_path: Path) -> Iterator[Harness]:
    yield from make_harness(
        f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server-home", max_sims_per_person=3
    )
