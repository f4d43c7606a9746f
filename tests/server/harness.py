"""The server app served by a real uvicorn on 127.0.0.1 from a thread of the test process, with
a registered signing kiosk, for the server tests (a module of its own: several test folders
have a conftest.py, and `from conftest import` would pick whichever was imported last)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import uvicorn

from server.activations import ActivationService
from server.app import create_app
from server.cli import main as server_cli
from server.config import ServerConfig
from server.db import make_engine, migrate
from server.keys import load_or_create_evidence_key, load_or_create_receipt_key
from tests.server.support import SigningKiosk, free_port


class ThreadedServer:
    """uvicorn serving ``app`` on a free 127.0.0.1 port from a thread, stopped and joined."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(
                app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False
            )
        )
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
        return self.client.post(
            "/v1/activations", data=body, headers={"content-type": "application/json"}
        )

    def put_evidence(self, record_id: str, body: Any) -> Any:
        """PUT the sealed evidence (bytes, or an iterable of chunks: sent chunked)."""
        return self.client.put(
            f"/v1/activations/{record_id}/evidence",
            data=body,
            headers={"content-type": "application/octet-stream"},
        )

    def cli(self, *args: str) -> int:
        return server_cli([args[0], "--db", self.config.db, "--home", self.config.home, *args[1:]])


def _json_bytes(obj: Any) -> bytes:
    import json

    return json.dumps(obj, ensure_ascii=False).encode()


def make_harness(db_url: str, home: Path, **config: Any) -> Iterator[Harness]:
    # tests send many refused requests from one address: no 429s unless a test asks for them
    config.setdefault("refusals_per_minute", 10_000_000)
    config.setdefault("audited_refusals_per_minute", 10_000_000)
    cfg = ServerConfig(db=db_url, home=str(home), **config)
    engine = make_engine(cfg.db, pool_size=4)
    migrate(engine)
    service = ActivationService(
        engine, cfg, load_or_create_receipt_key(home), load_or_create_evidence_key(home)
    )
    kiosk = SigningKiosk("kiosk-test-01")
    served = ThreadedServer(create_app(service))
    harness = Harness(Client(f"http://127.0.0.1:{served.port}"), service, cfg, kiosk)
    assert (
        harness.cli(
            "register-kiosk", "--from-kiosk", str(kiosk.write_home(home.parent / "kiosk-home"))
        )
        == 0
    )
    try:
        with served, harness.client:
            yield harness
    finally:
        engine.dispose()
