"""Issue 13's defects, one test each: identifiers matched as whole strings (a trailing newline
got past Python's ``$``), private database files, durable commits, refusals that never repeat
submitted values, strict parsing, evidence opened only with a real reason by a known operator,
and one-line CLI errors."""

from __future__ import annotations

import base64
import json
import os
import pwd
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from server.cli import main as server_cli
from server.db import make_engine, migrate
from server.models import AuditEntry, Evidence
from simcontract.validation import RecordInvalid, ecma_regex, validate_record
from tests.server.harness import Harness
from tests.server.support import SigningKiosk

NL_ID = "00000000-0000-4000-8000-000000000000\n"
REASON = "case 2026-114: customer disputes the match"


def code_of(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"]
    return body["error"]["code"]


def audit_rows(h: Harness) -> list:
    with h.service.engine.connect() as conn:
        return conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)).all()


# -- 1. whole-string identifiers ------------------------------------------------------------------


def test_an_unknown_kiosk_with_a_newline_in_the_record_id_is_refused_and_audited(harness) -> None:
    """On PostgreSQL the audit insert of "<uuid>\\n" into varchar(36) used to fail: a 500 and
    no audit row, from a one-line unauthenticated request."""
    response = harness.post(
        body=json.dumps(
            {
                "record": {"kiosk": {"kiosk_id": "nosuch"}, "record_id": NL_ID},
                "key_id": "x",
                "signature": "y",
            }
        ).encode()
    )
    assert response.status_code == 403 and code_of(response) == "unknown_kiosk"
    response = harness.post(
        body=json.dumps(
            {
                "record": {"kiosk": {"kiosk_id": "k" * 64 + "\n"}, "record_id": NL_ID},
                "key_id": "x",
                "signature": "y",
            }
        ).encode()
    )
    assert response.status_code == 422 and code_of(response) == "schema_invalid"
    response = harness.client.put(f"/v1/activations/{NL_ID.strip()}%0A/evidence", data=b"x")
    assert response.status_code == 404 and code_of(response) == "unknown_record"
    rows = audit_rows(harness)
    assert [r.code for r in rows] == ["unknown_kiosk", "schema_invalid", "unknown_record"]
    assert [(r.kiosk_id, r.record_id) for r in rows] == [
        ("nosuch", None),
        (None, None),
        (None, None),
    ]


@pytest.mark.parametrize(
    "path",
    [
        ("record_id",),
        ("sim", "msisdn"),
        ("subscriber", "document", "number"),
        ("subscriber", "birth_date"),
        ("subscriber", "nationality"),
        ("kiosk", "kiosk_id"),
    ],
)
def test_a_trailing_newline_fails_the_schema_as_in_ecmascript(path: tuple[str, ...]) -> None:
    record = SigningKiosk("kiosk-n").record()
    validate_record(record)
    node = record
    for name in path[:-1]:
        node = node[name]
    node[path[-1]] += "\n"
    with pytest.raises(RecordInvalid) as caught:
        validate_record(record)
    assert caught.value.path == "/".join(path) and caught.value.rule == "pattern"


def test_schema_patterns_read_as_ecmascript_reads_them() -> None:
    assert ecma_regex("^[0-9]{12}$").search("123456789012")
    assert not ecma_regex("^[0-9]{12}$").search("123456789012\n")
    assert ecma_regex("^[$]x$").search("$x") and not ecma_regex("^[$]x$").search("$x\n")
    assert ecma_regex(r"^a\$$").search("a$") and not ecma_regex(r"^a\$$").search("a$\n")


def test_one_record_id_and_its_newline_twin_are_not_two_activations(sqlite_harness) -> None:
    h = sqlite_harness
    record = h.kiosk.record()
    assert h.post(h.kiosk.envelope(record)).status_code == 201
    twin = {
        **record,
        "record_id": record["record_id"] + "\n",
        "sim": {"iccid": record["sim"]["iccid"][:-2] + "00", "msisdn": None},
    }
    response = h.post(h.kiosk.envelope(twin))
    assert response.status_code == 422 and code_of(response) == "schema_invalid"
    assert "record_id" in response.json()["error"]["message"]


def test_register_kiosk_refuses_a_kiosk_id_with_a_newline(tmp_path: Path, capsys) -> None:
    pem = tmp_path / "k.pem"
    pem.write_text(SigningKiosk("x").public_key_pem)
    code = server_cli(
        [
            "register-kiosk",
            "--db",
            f"sqlite:///{tmp_path / 's.db'}",
            "--home",
            str(tmp_path / "home"),
            "--kiosk-id",
            "kiosk-7\n",
            "--public-key",
            str(pem),
        ]
    )
    assert code == 2 and "not a kiosk id" in capsys.readouterr().err


# -- 2. file modes --------------------------------------------------------------------------------


def test_home_database_and_wal_files_are_private_whatever_the_umask(tmp_path: Path, capsys) -> None:
    home = tmp_path / "srv"
    stale = tmp_path / "old.db"
    stale.write_bytes(b"")
    os.chmod(stale, 0o644)
    old_umask = os.umask(0o022)
    try:
        db = f"sqlite:///{home / 'server.db'}"
        assert server_cli(["init-db", "--db", db, "--home", str(home)]) == 0
        engine = make_engine(db, pool_size=1)  # a write makes SQLite create -wal and -shm
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x)")
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in home.iterdir()}
        engine.dispose()
        make_engine(f"sqlite:///{stale}").dispose()
    finally:
        os.umask(old_umask)
    capsys.readouterr()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert modes["server.db"] == modes["server.db-wal"] == modes["server.db-shm"] == 0o600
    assert all(mode == 0o600 for mode in modes.values()), modes
    assert stat.S_IMODE(stale.stat().st_mode) == 0o600
    if os.geteuid() == 0 and shutil.which("runuser"):
        try:
            pwd.getpwnam("nobody")
        except KeyError:
            return
        os.chmod(tmp_path, 0o755)  # only the server's own modes stand in the way
        denied = subprocess.run(
            ["runuser", "-u", "nobody", "--", "cat", str(home / "server.db")],
            capture_output=True,
            timeout=30,
        )
        assert denied.returncode != 0 and b"Permission denied" in denied.stderr


# -- 3. durability --------------------------------------------------------------------------------


def test_every_pooled_sqlite_connection_commits_with_synchronous_full(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}", pool_size=4)
    try:
        migrate(engine)
        held = [engine.raw_connection() for _ in range(4)]  # four distinct pooled connections
        try:
            settings = [c.cursor().execute("PRAGMA synchronous").fetchone()[0] for c in held]
            journal = [c.cursor().execute("PRAGMA journal_mode").fetchone()[0] for c in held]
        finally:
            for c in held:
                c.close()
    finally:
        engine.dispose()
    assert settings == [2, 2, 2, 2]  # 2 = FULL
    assert journal == ["wal"] * 4


# -- 4. refusals never repeat submitted values ----------------------------------------------------


def test_schema_refusals_name_the_path_and_rule_never_the_value(harness) -> None:
    values = {
        "iin": "12345678901A",
        "msisdn": "+7701ШЕСТЬ",
        "surname": "ЖЕКСЕНБАЕВ" * 20,
        "number": "N12345678-ЖЖ",
        "birth_date": "1990/01/31",
    }
    record = harness.kiosk.record()
    subject = record["subscriber"]
    for name, value in values.items():
        mutated = json.loads(json.dumps(record))
        if name == "msisdn":
            mutated["sim"]["msisdn"] = value
        elif name == "number":
            mutated["subscriber"]["document"]["number"] = value
        else:
            mutated["subscriber"][name] = value
        response = harness.post(harness.kiosk.envelope(mutated))
        assert response.status_code == 422 and code_of(response) == "schema_invalid"
        message = response.json()["error"]["message"]
        assert value not in message and value[:8] not in message, message
        assert name in message and "rule" in message
    for row in audit_rows(harness):
        for value in [*values.values(), subject["surname"], subject["iin"]]:
            assert value[:8] not in row.reason


# -- 5. strict input ------------------------------------------------------------------------------


def test_bodies_other_parsers_might_read_differently_are_refused(harness) -> None:
    envelope = harness.kiosk.envelope()
    text = json.dumps(envelope, ensure_ascii=False)
    bodies = {
        "duplicate key": '{"key_id": "0", ' + text[1:],
        "duplicate nested key": text.replace(
            '"mode": "self_service"', '"mode": "x", "mode": "self_service"'
        ),
        "UTF-16": text.encode("utf-16"),
        "UTF-8 BOM": b"\xef\xbb\xbf" + text.encode(),
        "cp1251": text.encode("cp1251"),
    }
    for what, body in bodies.items():
        response = harness.post(body=body if isinstance(body, bytes) else body.encode())
        assert response.status_code == 400 and code_of(response) == "malformed", what
    # the same 64 bytes, spelled with non-zero padding bits: not the canonical base64
    signature = envelope["signature"]
    assert signature.endswith("==")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    sloppy = signature[:-3] + alphabet[alphabet.index(signature[-3]) | 1] + "=="
    if sloppy == signature:
        sloppy = signature[:-3] + alphabet[alphabet.index(signature[-3]) | 2] + "=="
    assert sloppy != signature and base64.b64decode(sloppy) == base64.b64decode(signature)
    response = harness.post({**envelope, "signature": sloppy})
    assert response.status_code == 403 and code_of(response) == "bad_signature"
    assert harness.post(envelope).status_code == 201  # the canonical one is the activation


# -- 6. evidence opened with a real reason, by the operator the system knows ----------------------


def _sealed_and_uploaded(h: Harness) -> str:
    offered = h.client.get("/v1/server-key").json()["evidence_public_key_pem"]
    record, ciphertext = h.kiosk.sealed_record(
        offered, {"live_face": b"\x89PNG\r\n\x1a\nface", "document_portrait": b"\xff\xd8\xffd"}
    )
    assert h.post(h.kiosk.envelope(record)).status_code == 201
    assert h.put_evidence(record["record_id"], ciphertext).status_code == 201
    return record["record_id"]


def test_evidence_needs_a_real_reason_and_records_who_from_the_system(
    sqlite_harness, tmp_path, capsys, monkeypatch
) -> None:
    h = sqlite_harness
    rid = _sealed_and_uploaded(h)
    for reason in ("", "   ", "case", "see ticket", "a\x00b c d e f g h"):
        capsys.readouterr()
        assert h.cli("evidence", rid, "--out", str(tmp_path / "o"), "--reason", reason) == 2
        assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "o").exists()
    refusals = [r for r in audit_rows(h) if r.code == "evidence_refused"]
    assert len(refusals) == 5 and all(r.record_id == rid for r in refusals)
    monkeypatch.setenv("LOGNAME", "chief_auditor")
    monkeypatch.setenv("USER", "chief_auditor")
    cyrillic = "дело 2026-114: клиент оспаривает сверку лица"
    assert h.cli("evidence", rid, "--out", str(tmp_path / "o"), "--reason", cyrillic) == 0
    with h.service.engine.connect() as conn:
        stored = conn.execute(
            select(AuditEntry.reason).where(AuditEntry.code == "evidence_opened")
        ).scalar_one()
    who = pwd.getpwuid(os.getuid()).pw_name
    assert stored == f"evidence opened by {who} (uid {os.getuid()}): {cyrillic}"
    assert "chief_auditor" not in stored
    with h.service.engine.connect() as conn:
        assert conn.execute(select(Evidence.record_id)).scalars().all() == [rid]


# -- 7. one-line CLI errors -----------------------------------------------------------------------


@pytest.mark.parametrize("days", ["nan", "inf", "-inf", "1e9", "-1", "soon"])
def test_purge_evidence_refuses_impossible_periods_in_one_line(days, tmp_path, capsys) -> None:
    code = server_cli(
        [
            "purge-evidence",
            "--db",
            f"sqlite:///{tmp_path / 's.db'}",
            "--home",
            str(tmp_path / "home"),
            f"--older-than-days={days}",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "older-than-days" in err


def test_a_database_path_that_cannot_exist_is_one_line(capsys, tmp_path) -> None:
    code = server_cli(
        ["activations", "--db", "sqlite:////proc/x/y.db", "--home", str(tmp_path / "home")]
    )
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1 and "/proc/x/y.db" in err


# -- PostgreSQL's log: no ICCID from a race for one SIM card --------------------------------------


@pytest.mark.postgres
def test_two_people_racing_for_one_sim_wait_on_its_lock_not_on_the_index(
    pg_cluster, tmp_path
) -> None:
    """Person B's request for the SIM card person A is taking waits on the card's advisory lock
    (not on the unique index, whose error PostgreSQL logs with the ICCID in a DETAIL line), then
    finds the card active."""
    from concurrent.futures import ThreadPoolExecutor
    from datetime import UTC, datetime

    from sqlalchemy import text

    from tests.server.harness import make_harness
    from tests.server.support import new_iccid, new_iin

    gen = make_harness(pg_cluster.create_database(), tmp_path / "home")
    h = next(gen)
    engine = h.service.engine

    def waiting_for_advisory_lock() -> int:
        with engine.connect() as conn:
            return conn.execute(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            ).scalar_one()

    try:
        iccid, now = new_iccid(), datetime.now(UTC)
        taken = h.kiosk.record(sim={"iccid": iccid, "msisdn": None})
        iin_a = taken["subscriber"]["iin"]
        with ThreadPoolExecutor(1) as pool:
            with h.service.store.transaction() as tx:
                assert tx.kiosk_locking_person(h.kiosk.kiosk_id, iin_a, iccid) is not None
                racer = pool.submit(h.post, iin=new_iin(), sim={"iccid": iccid, "msisdn": None})
                deadline = time.monotonic() + 30  # not a timing check: a stuck-test guard
                while (
                    not (waiting_for_advisory_lock() or racer.done())
                    and time.monotonic() < deadline
                ):
                    time.sleep(0.02)
                assert waiting_for_advisory_lock() == 1, "the racing request did not wait"
                tx.insert_activation(
                    {
                        "record_id": taken["record_id"],
                        "record_sha256": "0" * 64,
                        "record": b"{}",
                        "signature": "x",
                        "kiosk_id": h.kiosk.kiosk_id,
                        "iccid": iccid,
                        "iin": iin_a,
                        "created_at": now,
                        "activated_at": now,
                        "receipt": "{}",
                        "active": True,
                    }
                )
            response = racer.result(timeout=60)
        assert response.status_code == 409 and code_of(response) == "iccid_active"
        assert iccid not in (pg_cluster.base / "log").read_text(errors="replace")
    finally:
        gen.close()


@pytest.mark.postgres
def test_every_pooled_postgres_connection_commits_synchronously(pg_cluster) -> None:
    """The test cluster runs with synchronous_commit=off (it throws its data away); the server's
    connections turn it on, whatever the database's configuration says."""
    engine = make_engine(pg_cluster.create_database(), pool_size=3)
    try:
        held = [engine.raw_connection() for _ in range(3)]
        try:
            settings = []
            for connection in held:
                cursor = connection.cursor()
                cursor.execute("SHOW synchronous_commit")
                settings.append(cursor.fetchone()[0])
                cursor.close()
                connection.rollback()
        finally:
            for connection in held:
                connection.close()
    finally:
        engine.dispose()
    assert settings == ["on"] * 3
