"""A local reference server for the demo and the end-to-end tests: the real ``simkiosk-server``
in its own process on 127.0.0.1, with SQLite under the kiosk's state directory, and this kiosk's
key registered. Started as a subprocess (not imported) so that stopping it is a real fault the
kiosk must survive."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from kiosk.errors import KioskError

# The installed kiosk package (/opt/simkiosk/venv) does not carry the server's stack; the
# simkiosk-server package installed beside it does.
SERVER_PACKAGE_PYTHON = Path("/opt/simkiosk-server/venv/bin/python")


def server_python() -> str:
    """The interpreter that can run ``server.cli``: $SIMKIOSK_SERVER_PYTHON, else this one when
    it has the server's stack (a checkout's venv), else the simkiosk-server package's."""
    configured = os.environ.get("SIMKIOSK_SERVER_PYTHON")
    if configured:
        return configured
    if importlib.util.find_spec("fastapi") is not None:
        return sys.executable
    if SERVER_PACKAGE_PYTHON.exists():
        return str(SERVER_PACKAGE_PYTHON)
    raise KioskError(
        "simkiosk demo runs a local reference server, which this installation does "
        "not have: install the simkiosk-server package beside the kiosk "
        "(apt install simkiosk-server), or pass --server URL of a running server"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalServer:
    """``start()`` registers the kiosk of ``kiosk_home`` and serves; ``stop()`` ends it."""

    def __init__(self, kiosk_home: Path, *, folder: Path | None = None, port: int = 0) -> None:
        self.kiosk_home = kiosk_home
        self.folder = folder or kiosk_home / "demo" / "server"
        self.port = port or free_port()
        self.db_url = f"sqlite:///{self.folder / 'server.sqlite3'}"
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["SIMKIOSK_SERVER_HOME"] = str(self.folder)
        return env

    def _cli(self, *args: str) -> list[str]:
        return [server_python(), "-m", "server.cli", *args]

    def register(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        done = subprocess.run(
            self._cli("register-kiosk", "--db", self.db_url, "--from-kiosk", str(self.kiosk_home)),
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
            raise KioskError(f"registering the kiosk with the local server failed: {reason}")

    def start(self, timeout_s: float = 60.0) -> str:
        self.register()
        log_path = self.folder / "server.log"
        with log_path.open("ab") as log_file:
            self._proc = subprocess.Popen(
                self._cli(
                    "serve", "--db", self.db_url, "--host", "127.0.0.1", "--port", str(self.port)
                ),
                env=self._env(),
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise KioskError(
                    f"the local server exited with status {self._proc.returncode} (see {log_path})"
                )
            try:
                if requests.get(self.url + "/health", timeout=1.0).status_code == 200:
                    return self.url
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise KioskError(f"the local server did not answer within {timeout_s:.0f} s")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
