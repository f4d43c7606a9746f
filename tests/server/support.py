"""Shared by the server tests and the server benchmark: signed test records, a throw-away
PostgreSQL cluster, and the real server in a subprocess.

Records are built here from the published contract (JSON Schema + simcontract.signing), not
from the kiosk's record builder, so the server is tested against the contract itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from simcontract.signing import (
    key_id,
    load_x25519_public_pem,
    make_envelope,
    pack_evidence,
    public_key_pem,
    seal,
)

REPO = Path(__file__).resolve().parents[2]
PG_BIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
_serial = itertools.count(1)


def luhn_complete(digits: str) -> str:
    """``digits`` with its Luhn check digit appended (ICCIDs end with one)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def new_iccid() -> str:
    return luhn_complete(f"8977{uuid.uuid4().int % 10**15:015d}")


def iin_complete(first11: str) -> str:
    """``first11`` with its IIN check digit appended (written here from the rule, not taken from
    the kiosk, so the server is tested against the rule itself); ValueError when none exists."""
    digits = [int(c) for c in first11]
    for weights in (range(1, 12), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)):
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check != 10:
            return first11 + str(check)
    raise ValueError(f"no IIN starts with {first11}")


def new_iin() -> str:
    """A random valid IIN of someone born in the 1990s."""
    while True:
        with contextlib.suppress(ValueError):
            return iin_complete(f"9{uuid.uuid4().int % 10**10:010d}")


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass
class SigningKiosk:
    kiosk_id: str
    private_key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def key_id(self) -> str:
        return key_id(self.private_key.public_key())

    @property
    def public_key_pem(self) -> str:
        return public_key_pem(self.private_key.public_key())

    def write_home(self, home: Path) -> Path:
        """A kiosk state dir with keys/device.json as the kiosk writes it (README, "Device key")."""
        (home / "keys").mkdir(parents=True, exist_ok=True)
        (home / "keys" / "device.json").write_text(
            json.dumps(
                {
                    "kiosk_id": self.kiosk_id,
                    "key_id": self.key_id,
                    "public_key_pem": self.public_key_pem,
                    "created_at": utc_text(datetime.now(UTC)),
                }
            )
        )
        return home

    def record(
        self,
        *,
        iin: str | None = None,
        iccid: str | None = None,
        record_id: str | None = None,
        created_at: datetime | str | None = None,
        **changes: Any,
    ) -> dict[str, Any]:
        """A schema-valid activation record from this kiosk."""
        record = {
            "schema_version": 1,
            "record_id": record_id or str(uuid.uuid4()),
            "created_at": created_at
            if isinstance(created_at, str)
            else utc_text(created_at or datetime.now(UTC)),
            "kiosk": {
                "kiosk_id": self.kiosk_id,
                "key_id": self.key_id,
                "software_version": "0.1.0",
            },
            "mode": "self_service",
            "clerk_id": None,
            "subscriber": {
                "iin": iin or new_iin(),
                "document": {
                    "format": "TD1",
                    "code": "I",
                    "issuer": "KAZ",
                    "number": f"N{next(_serial):08d}",
                    "expiry_date": "2031-04-30",
                },
                "surname": "ТЕСТОВ",
                "given_names": "АСЕЛЬ",
                "birth_date": "1990-01-01",
                "sex": "F",
                "nationality": "KAZ",
            },
            "sim": {"iccid": iccid or new_iccid(), "msisdn": "77011234567"},
            "verification": {
                "liveness": {
                    "passed": True,
                    "model": "mediapipe_face_mesh",
                    "challenges": [
                        {"kind": "blink", "passed": True, "at_ms": 812.5},
                        {"kind": "turn_left", "passed": True, "at_ms": 2210},
                    ],
                },
                "match": {
                    "distance": 0.41,
                    "threshold": 0.6,
                    "decision": "match",
                    "model": "dlib_resnet_v1",
                },
                "document_checks": {"mrz_valid": True, "iin_valid": True, "problems": []},
                "manual_overrides": [],
                "clerk_review": None,
            },
            "evidence": {
                "mode": "digests",
                "digests": {"document_portrait": "ab" * 32, "live_face": "cd" * 32},
            },
        }
        record.update(changes)
        return record

    def sealed_record(
        self, evidence_public_key_pem: str, images: dict[str, bytes], **kwargs: Any
    ) -> tuple[dict[str, Any], bytes]:
        """A record in evidence mode ``sealed``, as the kiosk seals it: the images' digests, and
        the images sealed to the server's evidence key (the PEM of GET /v1/server-key).
        Returns the record and the ciphertext that travels beside it."""
        record = self.record(**kwargs)
        block, ciphertext = seal(
            pack_evidence(images),
            load_x25519_public_pem(evidence_public_key_pem),
            record_id=record["record_id"],
        )
        record["evidence"] = {
            "mode": "sealed",
            "sealed": block,
            "digests": {name: hashlib.sha256(data).hexdigest() for name, data in images.items()},
        }
        return record, ciphertext

    def envelope(self, record: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        return make_envelope(
            "record", record if record is not None else self.record(**kwargs), self.private_key
        )


def days_ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- PostgreSQL ---------------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    return None


class PostgresCluster:
    """A private PostgreSQL cluster in a temporary directory, on a free port on 127.0.0.1.

    PostgreSQL refuses to run as root, so as root it runs as the ``postgres`` system user."""

    def __init__(self, *, durable: bool = False) -> None:
        bin_dir = postgres_bin()
        if bin_dir is None:
            raise FileNotFoundError(
                "PostgreSQL server binaries (initdb, pg_ctl) are not "
                "installed: apt-get install postgresql"
            )
        self.bin = bin_dir
        self.base = Path(tempfile.mkdtemp(prefix="simkiosk-pg-"))
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.base, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        data, sock = self.base / "data", self.base / "sock"
        self._run(
            "initdb",
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        self._run("mkdir", str(sock), tool=False)
        options = (
            f"-p {self.port} -k {sock} -c listen_addresses=127.0.0.1 "
            "-c max_connections=300 -c shared_buffers=64MB"
        )
        if not durable:
            # tests throw the data away: skip the flushes that make a shared disk the bottleneck
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(self.base / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool_name: str, *args: str, tool: bool = True) -> None:
        exe = str(self.bin / tool_name) if tool else tool_name
        result = subprocess.run(
            [*self.prefix, exe, *args], capture_output=True, text=True, timeout=120, cwd=self.base
        )
        if result.returncode != 0:
            raise RuntimeError(f"{tool_name} failed: {result.stderr.strip()[-500:]}")

    def create_database(self) -> str:
        """A fresh empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def postmaster_pid(self) -> int:
        return int((self.base / "data" / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.base / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


# -- the server in a subprocess ----------------------------------------------------------------


class ServerProcess:
    """``simkiosk-server serve`` in a real subprocess on 127.0.0.1; killed on stop()."""

    def __init__(
        self, db_url: str, home: Path, *, workers: int = 1, env: dict[str, str] | None = None
    ) -> None:
        self.db_url, self.home, self.workers = db_url, home, workers
        self.env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60.0) -> ServerProcess:
        for _attempt in range(3):  # another process may grab the free port first
            self.port = free_port()
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "server.cli",
                    "serve",
                    "--db",
                    self.db_url,
                    "--home",
                    str(self.home),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                ],
                env=self.env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline and self.proc.poll() is None:
                with contextlib.suppress(requests.RequestException):
                    if requests.get(self.url + "/health", timeout=1).status_code == 200:
                        return self
                time.sleep(0.1)
            self.stop()
        raise RuntimeError(f"the server did not start: {self.stderr()[-800:]}")

    def stderr(self) -> str:
        if self.proc is None or self.proc.stderr is None or self.proc.poll() is None:
            return ""
        return self.proc.stderr.read().decode(errors="replace")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)


@contextlib.contextmanager
def running_server(db_url: str, home: Path, **kwargs: Any) -> Iterator[ServerProcess]:
    server = ServerProcess(db_url, home, **kwargs).start()
    try:
        yield server
    finally:
        server.stop()
        if server.proc is not None and server.proc.stderr is not None:
            server.proc.stderr.close()
