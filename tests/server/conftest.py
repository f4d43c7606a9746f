"""Fixtures for the server tests: SQLite and a real PostgreSQL (a private cluster started once per
session), and the app served by a real uvicorn on 127.0.0.1 (in a thread of the test process, so
a test can look at the service and database directly) with a registered test kiosk."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import uvicorn
from srv_support import PostgresCluster, SigningKiosk, free_port, postgres_bin

from server.activations import ActivationService
from server.app import create_app
from server.cli import main as server_cli
from server.config import ServerConfig
from server.db import make_engine, migrate
from server.keys import load_or_create_receipt_key


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries are not installed (Debian package postgresql; "
                    "`make test` installs it)")
    try:
        cluster = PostgresCluster()
    except KeyError:  # running as root, which PostgreSQL refuses, and no postgres user to be
        pytest.skip("running as root without a 'postgres' system user to run PostgreSQL as "
                    "(the Debian package creates it)")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    return request.getfixturevalue("pg_cluster").create_database()


class ThreadedServer:
    """uvicorn serving ``app`` on a free 127.0.0.1 port from a thread, stopped and joined."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test")

    def __enter__(self) -> ThreadedServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


class Client(requests.Session):
    """requests against one base URL: client.get("/health")."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base_url + url, *args, **kwargs)


@dataclass
class Harness:
    client: Client
    service: ActivationService
    config: ServerConfig
    kiosk: SigningKiosk

    def post(self, envelope: Any = None, *, body: bytes | None = None, **record: Any) -> Any:
        if body is None:
            body = _json_bytes(envelope if envelope is not None else self.kiosk.envelope(**record))
        return self.client.post("/v1/activations", data=body,
                                headers={"content-type": "application/json"})

    def cli(self, *args: str) -> int:
        return server_cli([args[0], "--db", self.config.db, "--home", self.config.home, *args[1:]])


def _json_bytes(obj: Any) -> bytes:
    import json

    return json.dumps(obj, ensure_ascii=False).encode()


def make_harness(db_url: str, home: Path, **config: Any) -> Iterator[Harness]:
    cfg = ServerConfig(db=db_url, home=str(home), **config)
    engine = make_engine(cfg.db, pool_size=4)
    migrate(engine)
    service = ActivationService(engine, cfg, load_or_create_receipt_key(home))
    kiosk = SigningKiosk("kiosk-test-01")
    served = ThreadedServer(create_app(service, max_body_bytes=cfg.max_body_bytes))
    harness = Harness(Client(f"http://127.0.0.1:{served.port}"), service, cfg, kiosk)
    assert harness.cli("register-kiosk", "--from-kiosk",
                       str(kiosk.write_home(home.parent / "kiosk-home"))) == 0
    try:
        with served, harness.client:
            yield harness
    finally:
        engine.dispose()


@pytest.fixture
def harness(db_url: str, tmp_path: Path) -> Iterator[Harness]:
    """The app on SQLite and on PostgreSQL, at most 3 SIMs per person to keep tests short."""
    yield from make_harness(db_url, tmp_path / "server-home", max_sims_per_person=3)


@pytest.fixture
def sqlite_harness(tmp_path: Path) -> Iterator[Harness]:
    yield from make_harness(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server-home",
                            max_sims_per_person=3)
