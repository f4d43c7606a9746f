"""A real ``simkiosk-server serve`` subprocess on 127.0.0.1 with an SQLite database, and the two
command lines run in-process (a module of its own: several test folders have a conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main as kiosk_cli
from server.cli import main as server_cli
from tests.server.support import ServerProcess


@dataclass
class Fleet:
    db_url: str
    home: Path
    url: str

    def server(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
        """Run a server command with --json; (exit code, parsed stdout or None, stderr)."""
        capsys.readouterr()
        code = server_cli(
            [args[0], "--db", self.db_url, "--home", str(self.home), "--json", *args[1:]]
        )
        out, err = capsys.readouterr()
        return code, json.loads(out) if out.strip() else None, err

    def token(self, capsys: pytest.CaptureFixture[str], kiosk_id: str, expires: str = "1h") -> str:
        code, out, err = self.server(
            capsys, "enroll-token", "--kiosk-id", kiosk_id, "--expires", expires
        )
        assert code == 0, err
        return out["token"]


def kiosk(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = kiosk_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def running_fleet(tmp_path: Path) -> Iterator[Fleet]:
    db_url = f"sqlite:///{tmp_path / 'server.db'}"
    home = tmp_path / "server-home"
    assert server_cli(["init-db", "--db", db_url, "--home", str(home)]) == 0
    server = ServerProcess(db_url, home).start()
    try:
        yield Fleet(db_url, home, server.url)
    finally:
        server.stop()
        if server.proc is not None and server.proc.stderr is not None:
            server.proc.stderr.close()
