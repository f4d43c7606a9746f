"""``simkiosk-server`` commands, configuration errors, migrations and the published OpenAPI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from server.cli import main, openapi_json
from server.config import ServerConfig, ServerConfigError, load_config
from server.db import make_engine, migrate
from server.keys import KeyFileError, load_or_create_receipt_key, load_receipt_key
from tests.server.support import REPO, SigningKiosk, iin_complete


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_committed_openapi_document_is_the_generated_one() -> None:
    committed = (REPO / "docs" / "openapi.json").read_text("utf-8")
    assert committed.strip() == openapi_json().strip(), (
        "docs/openapi.json is stale: simkiosk-server openapi > docs/openapi.json"
    )
    doc = json.loads(committed)
    post = doc["paths"]["/v1/activations"]["post"]
    body_schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema["required"] == ["record", "key_id", "signature"]
    assert "subscriber" in body_schema["properties"]["record"]["properties"]
    assert {"200", "201", "400", "403", "409", "413", "422"} <= set(post["responses"])


def test_register_kiosk_from_its_home_is_idempotent(capsys, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    kiosk = SigningKiosk("kiosk-7")
    home = kiosk.write_home(tmp_path / "kiosk")
    code, out, _ = run(
        capsys,
        "register-kiosk",
        "--db",
        db,
        "--home",
        str(tmp_path / "h"),
        "--from-kiosk",
        str(home),
        "--json",
    )
    assert code == 0
    assert json.loads(out) == {"kiosk_id": "kiosk-7", "key_id": kiosk.key_id, "state": "registered"}
    code, out, _ = run(capsys, "register-kiosk", "--db", db, "--from-kiosk", str(home))
    assert code == 0 and "already registered" in out
    # another key under the same id needs --replace
    pem = tmp_path / "other.pem"
    pem.write_text(SigningKiosk("kiosk-7").public_key_pem)
    code, _, err = run(
        capsys, "register-kiosk", "--db", db, "--kiosk-id", "kiosk-7", "--public-key", str(pem)
    )
    assert code == 1 and "--replace" in err and err.count("\n") == 1
    code, out, _ = run(
        capsys,
        "register-kiosk",
        "--db",
        db,
        "--kiosk-id",
        "kiosk-7",
        "--public-key",
        str(pem),
        "--replace",
    )
    assert code == 0 and "replaced" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from-kiosk", "/nonexistent"], "cannot read"),
        (["--kiosk-id", "k1"], "--kiosk-id and --public-key"),
        (["--kiosk-id", "bad id!", "--public-key", "PEM"], "not a kiosk id"),
        (["--kiosk-id", "k1", "--public-key", "NOTPEM"], "unusable"),
    ],
)
def test_register_kiosk_input_errors(capsys, tmp_path: Path, args, message) -> None:
    pem_file = tmp_path / "k.pem"
    pem_file.write_text(SigningKiosk("k").public_key_pem)
    (tmp_path / "bad.pem").write_text("-----BEGIN PUBLIC KEY-----\nAAAA\n")
    args = [
        str(pem_file) if a == "PEM" else str(tmp_path / "bad.pem") if a == "NOTPEM" else a
        for a in args
    ]
    code, _, err = run(capsys, "register-kiosk", "--db", f"sqlite:///{tmp_path / 's.db'}", *args)
    assert code == 2 and message in err and err.count("\n") == 1


def test_revoke_kiosk(capsys, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    code, _, err = run(capsys, "revoke-kiosk", "--db", db, "nobody")
    assert code == 2 and "no kiosk" in err
    home = SigningKiosk("kiosk-8").write_home(tmp_path / "kiosk")
    assert run(capsys, "register-kiosk", "--db", db, "--from-kiosk", str(home))[0] == 0
    assert run(capsys, "revoke-kiosk", "--db", db, "kiosk-8")[1].strip() == "kiosk kiosk-8: revoked"
    assert "already revoked" in run(capsys, "revoke-kiosk", "--db", db, "kiosk-8")[1]
    # a revoked kiosk's key is not silently re-admitted
    code, _, err = run(capsys, "register-kiosk", "--db", db, "--from-kiosk", str(home))
    assert code == 1 and "revoked" in err


def test_activations_listing_masks_the_person(capsys, sqlite_harness) -> None:
    h = sqlite_harness
    iin = iin_complete("90010130012")
    record = h.kiosk.record(iin=iin)
    assert h.post(h.kiosk.envelope(record)).status_code == 201
    capsys.readouterr()
    assert h.cli("activations", "--json") == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["count"] == 1
    [item] = listing["activations"]
    assert item["record_id"] == record["record_id"] and item["iccid"] == record["sim"]["iccid"]
    assert item["iin"] == "********" + iin[-4:] and item["active"] is True
    assert h.cli("activations") == 0
    out = capsys.readouterr().out
    assert record["record_id"] in out and iin not in out


def test_config_from_environment_and_its_errors(capsys, monkeypatch) -> None:
    config = load_config(
        {"SIMKIOSK_SERVER_MAX_SIMS_PER_PERSON": "1", "SIMKIOSK_SERVER_CLOCK_SKEW_S": "30"}
    )
    assert (config.max_sims_per_person, config.clock_skew_s) == (1, 30.0)
    assert ServerConfig().max_sims_per_person == 10
    assert ServerConfig().max_record_age_h > 72  # longer than the kiosk's freeze limit
    for env, message in [
        ({"SIMKIOSK_SERVER_MAX_SIMS_PER_PERSON": "0"}, "at least 1"),
        ({"SIMKIOSK_SERVER_MAX_SIMS_PER_PERSON": "ten"}, "must be a int"),
        ({"SIMKIOSK_SERVER_CLOCK_SKEW_S": "nan"}, "CLOCK_SKEW_S"),
        ({"SIMKIOSK_SERVER_MAX_BODY_BYTES": "10"}, "MAX_BODY_BYTES"),
    ]:
        with pytest.raises(ServerConfigError, match=message):
            load_config(env)
    monkeypatch.setenv("SIMKIOSK_SERVER_MAX_RECORD_AGE_H", "-1")
    code, _, err = run(capsys, "activations", "--db", "sqlite:////tmp/unused.db")
    assert code == 2 and "MAX_RECORD_AGE_H" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "url, message",
    [
        ("", "no database"),
        ("mysql://x/y", "unsupported database"),
        ("sqlite://", "must be a file"),
        ("postgresql+asyncpg://x/y", "unsupported PostgreSQL"),
        ("::::", "not a database URL"),
    ],
)
def test_database_url_errors(url, message) -> None:
    with pytest.raises(ServerConfigError, match=message):
        make_engine(url)


def test_unreachable_database_is_one_line(capsys, tmp_path) -> None:
    from tests.server.support import free_port

    code, _, err = run(
        capsys,
        "init-db",
        "--home",
        str(tmp_path),
        "--db",
        f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/x",
    )
    assert code == 1 and "database unavailable" in err and err.count("\n") == 1


def test_receipt_key_is_private_and_stable(tmp_path: Path) -> None:
    first = load_or_create_receipt_key(tmp_path / "home")
    path = tmp_path / "home" / "receipt_ed25519.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_receipt_key(tmp_path / "home").key_id == first.key_id
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match="readable by others"):
        load_receipt_key(tmp_path / "home")
    with pytest.raises(KeyFileError, match="no receipt key"):
        load_receipt_key(tmp_path / "elsewhere")


def test_migrations_create_exactly_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from server.models import Base

    server_engine = make_engine(db_url, pool_size=1)
    migrate(server_engine)
    server_engine.dispose()
    engine = create_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_help_does_not_import_the_web_stack() -> None:
    code = (
        "import sys, server.cli as c\n"
        "try:\n    c.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('fastapi','uvicorn','sqlalchemy','alembic') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    ).stdout
    assert out.strip().endswith("[]")
