"""Sealed evidence: the server's X25519 key, PUT /v1/activations/{record_id}/evidence and
``simkiosk-server evidence``, with evidence sealed the kiosk's way (simcontract.signing) to the
key the running server offers, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import socket
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from server.cli import main as server_cli
from server.db import head_revision, make_engine, migrate, schema_revision
from server.keys import EVIDENCE_KEY_FILE, load_evidence_key
from server.models import Activation, AuditEntry, Evidence, Kiosk
from simcontract.signing import load_x25519_public_pem, x25519_key_id
from tests.server.harness import Harness, make_harness
from tests.server.support import SigningKiosk

SMALL_LIMIT = 96 * 1024  # the evidence limit of the `small` harness


# a reason good enough to open evidence (a case number and why)
REASON = "case 1: disputed match"


def error_code(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"]
    return body["error"]["code"]


def audit(h: Harness) -> list[tuple[str, str, int, str | None]]:
    with h.service.engine.connect() as conn:
        rows = conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)).all()
    return [(r.outcome, r.code, r.http_status, r.record_id) for r in rows]


def images() -> dict[str, bytes]:
    """A live face (PNG, as the kiosk encodes camera frames) and a document portrait (JPEG)."""
    yy, xx = np.mgrid[0:96, 0:80]
    face = np.dstack([(xx * 3) % 256, (yy * 2) % 256, (xx + yy) % 256]).astype(np.uint8)
    ok_png, png = cv2.imencode(".png", face)
    ok_jpg, jpg = cv2.imencode(".jpg", face[::-1].copy())
    assert ok_png and ok_jpg
    return {"live_face": png.tobytes(), "document_portrait": jpg.tobytes()}


def activated_sealed(
    h: Harness, pictures: dict[str, bytes] | None = None, **kwargs
) -> tuple[dict, bytes]:
    """A sealed record activated through the API; the evidence key is the one the server
    offers, exactly as the kiosk pins it."""
    offered = h.client.get("/v1/server-key").json()["evidence_public_key_pem"]
    record, ciphertext = h.kiosk.sealed_record(offered, pictures or images(), **kwargs)
    response = h.post(h.kiosk.envelope(record))
    assert response.status_code == 201, response.text
    return record, ciphertext


@pytest.fixture
def small(db_url: str, tmp_path: Path) -> Iterator[Harness]:
    """A server whose evidence limit is small enough to exceed cheaply, and above the 64 KiB
    limit of activations (so the two limits can be told apart)."""
    yield from make_harness(db_url, tmp_path / "server-home", max_evidence_bytes=SMALL_LIMIT)


def test_server_key_offers_the_evidence_key(harness) -> None:
    body = harness.client.get("/v1/server-key").json()
    public = load_x25519_public_pem(body["evidence_public_key_pem"])
    assert body["evidence_key_id"] == x25519_key_id(public)
    home = Path(harness.config.home)
    stored = load_evidence_key(home)
    assert stored.key_id == body["evidence_key_id"] != body["key_id"]
    assert (home / EVIDENCE_KEY_FILE).stat().st_mode & 0o777 == 0o600
    # a second start keeps the key the kiosks have pinned
    assert harness.cli("init-db") == 0
    assert load_evidence_key(home).key_id == stored.key_id


def test_sealed_evidence_is_stored_once_and_opened_by_the_cli(harness, tmp_path, capsys) -> None:
    pictures = images()
    record, ciphertext = activated_sealed(harness, pictures)
    rid = record["record_id"]
    first = harness.put_evidence(rid, ciphertext)
    assert first.status_code == 201, first.text
    expected = {"record_id": rid, "ciphertext_sha256": hashlib.sha256(ciphertext).hexdigest()}
    assert first.json() == expected
    again = harness.put_evidence(rid, ciphertext)
    assert again.status_code == 200 and again.json() == expected
    tampered = bytearray(ciphertext)
    tampered[10] ^= 1
    response = harness.put_evidence(rid, bytes(tampered))
    assert response.status_code == 422 and error_code(response) == "evidence_mismatch"
    with harness.service.engine.connect() as conn:
        [row] = conn.execute(select(Evidence.__table__)).all()
    assert (row.record_id, bytes(row.ciphertext)) == (rid, ciphertext)
    assert audit(harness) == [
        ("accepted", "activated", 201, rid),
        ("accepted", "evidence_stored", 201, rid),
        ("repeated", "evidence_resent", 200, rid),
        ("refused", "evidence_mismatch", 422, rid),
    ]

    capsys.readouterr()
    out = tmp_path / "dispute" / "case-1"
    assert harness.cli("evidence", rid, "--out", str(out), "--reason", REASON, "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["record_id"] == rid
    assert audit(harness)[-1] == ("opened", "evidence_opened", 0, rid)
    with harness.service.engine.connect() as conn:
        reason = conn.execute(select(AuditEntry.reason).order_by(AuditEntry.id.desc())).first()[0]
    who = pwd.getpwuid(os.getuid()).pw_name
    assert reason == f"evidence opened by {who} (uid {os.getuid()}): {REASON}"
    assert out.stat().st_mode & 0o777 == 0o700
    written = {item["name"]: Path(item["file"]) for item in result["images"]}
    assert {n: p.name for n, p in written.items()} == {
        "document_portrait": "document_portrait.jpg",
        "live_face": "live_face.png",
    }
    for name, path in written.items():
        assert path.parent == out and path.stat().st_mode & 0o777 == 0o600
        data = path.read_bytes()
        assert data == pictures[name]
        assert hashlib.sha256(data).hexdigest() == record["evidence"]["digests"][name]
    assert cv2.imdecode(
        np.frombuffer(written["live_face"].read_bytes(), np.uint8), cv2.IMREAD_COLOR
    ).shape == (96, 80, 3)


def test_uploads_that_cannot_be_stored_are_refused_and_audited(harness) -> None:
    plain = harness.kiosk.record()  # evidence mode "digests": nothing sealed
    assert harness.post(harness.kiosk.envelope(plain)).status_code == 201
    response = harness.put_evidence(plain["record_id"], b"\x00" * 64)
    assert response.status_code == 409 and error_code(response) == "no_sealed_evidence"
    unknown = str(uuid.uuid4())
    response = harness.put_evidence(unknown, b"x")
    assert response.status_code == 404 and error_code(response) == "unknown_record"
    response = harness.put_evidence("NOT-a-record-id", b"x")
    assert response.status_code == 404 and error_code(response) == "unknown_record"
    # a sealed record the server refused is no accepted activation: its evidence is not taken
    record, ciphertext = harness.kiosk.sealed_record(
        harness.client.get("/v1/server-key").json()["evidence_public_key_pem"],
        images(),
        created_at="2001-01-01T00:00:00.000Z",
    )
    assert harness.post(harness.kiosk.envelope(record)).status_code == 422
    response = harness.put_evidence(record["record_id"], ciphertext)
    assert response.status_code == 404 and error_code(response) == "unknown_record"
    response = harness.client.get(f"/v1/activations/{unknown}/evidence")
    assert response.status_code == 405 and error_code(response) == "method_not_allowed"
    assert [row[:3] for row in audit(harness)] == [
        ("accepted", "activated", 201),
        ("refused", "no_sealed_evidence", 409),
        ("refused", "unknown_record", 404),
        ("refused", "unknown_record", 404),
        ("refused", "too_old", 422),
        ("refused", "unknown_record", 404),
    ]
    # ids in the audit only when they are ids
    assert [row[3] for row in audit(harness)][1:4] == [plain["record_id"], unknown, None]
    with harness.service.engine.connect() as conn:
        assert conn.execute(select(Evidence.record_id)).all() == []


@pytest.mark.postgres
def test_an_upload_racing_the_same_bytes_is_a_resend_on_postgres(pg_cluster, tmp_path) -> None:
    """Deterministic form of two kiosks' (or retries') racing uploads: while another transaction
    holds the not yet committed evidence row, the upload waits on the primary key, then finds
    the row stored and answers 200 (the retry after the unique violation), never 5xx."""
    gen = make_harness(pg_cluster.create_database(), tmp_path / "home")
    h = next(gen)
    engine = h.service.engine

    def waiting_on_a_lock() -> int:
        with engine.connect() as conn:
            return conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            ).scalar_one()

    try:
        record, ciphertext = activated_sealed(h)
        rid, sha = record["record_id"], hashlib.sha256(ciphertext).hexdigest()
        with ThreadPoolExecutor(1) as pool:
            with engine.begin() as conn:
                conn.execute(
                    Evidence.__table__.insert(),
                    [
                        {
                            "record_id": rid,
                            "ciphertext": ciphertext,
                            "ciphertext_sha256": sha,
                            "received_at": datetime.now(UTC),
                        }
                    ],
                )
                racer = pool.submit(h.put_evidence, rid, ciphertext)
                deadline = time.monotonic() + 30  # not a timing check: a stuck-test guard
                while not (waiting_on_a_lock() or racer.done()) and time.monotonic() < deadline:
                    time.sleep(0.02)
                assert waiting_on_a_lock() == 1, "the racing upload did not wait"
            response = racer.result(timeout=60)
        assert response.status_code == 200, response.text
        assert response.json() == {"record_id": rid, "ciphertext_sha256": sha}
        assert audit(h)[-1] == ("repeated", "evidence_resent", 200, rid)
    finally:
        gen.close()


def _raw_put(port: int, path: str, declared: int, sent: bytes) -> bytes:
    """Declares a Content-Length but sends only ``sent``: the answer must come without the
    rest of the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(
            f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            f"application/octet-stream\r\nContent-Length: {declared}\r\n\r\n".encode()
            + sent
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_evidence_has_its_own_body_limit(small) -> None:
    record, _ciphertext = activated_sealed(small)
    rid = record["record_id"]
    path = f"/v1/activations/{rid}/evidence"
    # above the activations' 64 KiB, within the evidence limit: read and checked
    response = small.put_evidence(rid, b"\x01" * (80 * 1024))
    assert response.status_code == 422 and error_code(response) == "evidence_mismatch"
    response = small.post(body=b" " * (80 * 1024))
    assert response.status_code == 413 and error_code(response) == "body_too_large"
    # over the evidence limit by Content-Length: refused before the body arrives
    answer = _raw_put(
        int(small.client.base_url.rsplit(":", 1)[1]), path, SMALL_LIMIT + 1, b"\x00" * 100
    )
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert json.loads(body)["error"]["code"] == "body_too_large"

    def stream():  # chunked, no Content-Length: counted as it arrives
        for _ in range(SMALL_LIMIT // 4096 + 2):
            yield b"\x00" * 4096

    response = small.put_evidence(rid, stream())
    assert response.status_code == 413 and error_code(response) == "body_too_large"
    assert [row[1:] for row in audit(small)[1:]] == [
        ("evidence_mismatch", 422, rid),
        ("body_too_large", 413, None),
        ("body_too_large", 413, rid),
        ("body_too_large", 413, rid),
    ]


def test_cli_refuses_what_it_cannot_open(harness, tmp_path, capsys) -> None:
    out = tmp_path / "out"

    def cli_error(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = harness.cli("evidence", *args)
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        return code, err

    assert cli_error("nonsense", "--out", str(out), "--reason", REASON)[0] == 2
    code, err = cli_error(str(uuid.uuid4()), "--out", str(out), "--reason", REASON)
    assert code == 1 and "no accepted activation" in err
    plain = harness.kiosk.record()
    harness.post(harness.kiosk.envelope(plain))
    code, err = cli_error(plain["record_id"], "--out", str(out), "--reason", REASON)
    assert code == 1 and "no sealed evidence" in err
    record, ciphertext = activated_sealed(harness)
    code, err = cli_error(record["record_id"], "--out", str(out), "--reason", REASON)
    assert code == 1 and "not uploaded" in err
    assert harness.put_evidence(record["record_id"], ciphertext).status_code == 201
    # without the server's evidence key (another home directory) nothing can be opened
    capsys.readouterr()
    assert (
        server_cli(
            [
                "evidence",
                record["record_id"],
                "--out",
                str(out),
                "--reason",
                REASON,
                "--db",
                harness.config.db,
                "--home",
                str(tmp_path / "elsewhere"),
            ]
        )
        == 1
    )
    assert "no evidence key" in capsys.readouterr().err
    # an output directory others can read is refused: the images are biometric data
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    code, err = cli_error(record["record_id"], "--out", str(shared), "--reason", REASON)
    assert code == 1 and "only its owner" in err and list(shared.iterdir()) == []
    assert not out.exists()


def test_cli_refuses_images_that_do_not_match_the_record(harness, tmp_path, capsys) -> None:
    """A kiosk that signed digests of other images than it sealed: the CLI writes nothing."""
    offered = harness.client.get("/v1/server-key").json()["evidence_public_key_pem"]
    record, ciphertext = harness.kiosk.sealed_record(offered, images())
    record["evidence"]["digests"]["live_face"] = "0" * 64
    assert harness.post(harness.kiosk.envelope(record)).status_code == 201
    assert harness.put_evidence(record["record_id"], ciphertext).status_code == 201
    capsys.readouterr()
    out = tmp_path / "out"
    assert harness.cli("evidence", record["record_id"], "--out", str(out), "--reason", REASON) == 1
    assert "does not match its digest" in capsys.readouterr().err
    assert not out.exists()


def test_a_0001_database_upgrades_and_keeps_its_activations(db_url) -> None:
    engine = make_engine(db_url, pool_size=1)
    try:
        migrate(engine, "0001")
        assert schema_revision(engine) == "0001"
        kiosk = SigningKiosk("kiosk-old")
        record = kiosk.record()
        now = datetime.now(UTC)
        with engine.begin() as conn:
            conn.execute(
                Kiosk.__table__.insert(),
                [
                    {
                        "kiosk_id": kiosk.kiosk_id,
                        "key_id": kiosk.key_id,
                        "public_key_pem": kiosk.public_key_pem,
                        "registered_at": now,
                    }
                ],
            )
            conn.execute(
                Activation.__table__.insert(),
                [
                    {
                        "record_id": record["record_id"],
                        "record_sha256": "0" * 64,
                        "record": json.dumps(record).encode(),
                        "signature": "s",
                        "kiosk_id": kiosk.kiosk_id,
                        "iccid": record["sim"]["iccid"],
                        "iin": record["subscriber"]["iin"],
                        "created_at": now,
                        "activated_at": now,
                        "receipt": "{}",
                        "active": True,
                    }
                ],
            )
        migrate(engine)
        assert schema_revision(engine) == head_revision()
        with engine.begin() as conn:
            assert conn.execute(select(Activation.record_id)).scalar_one() == record["record_id"]
            conn.execute(
                Evidence.__table__.insert(),
                [
                    {
                        "record_id": record["record_id"],
                        "ciphertext": b"\x00\xff" * 8,
                        "ciphertext_sha256": "1" * 64,
                        "received_at": now,
                    }
                ],
            )
            assert bytes(conn.execute(select(Evidence.ciphertext)).scalar_one()) == b"\x00\xff" * 8
    finally:
        engine.dispose()


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    record_id=st.one_of(st.text(max_size=40), st.uuids(version=4).map(str)),
    body=st.binary(max_size=300),
)
def test_arbitrary_uploads_never_fail_the_server(sqlite_harness, record_id, body) -> None:
    response = sqlite_harness.client.put(
        f"/v1/activations/{quote(record_id, safe='')}/evidence", data=body
    )
    assert response.status_code == 404, response.text
    assert error_code(response) in {"unknown_record", "not_found"}


def test_evidence_past_the_retention_period_is_deleted(harness, capsys) -> None:
    old_record, old_ciphertext = activated_sealed(harness)
    new_record, new_ciphertext = activated_sealed(harness)
    for record, ciphertext in ((old_record, old_ciphertext), (new_record, new_ciphertext)):
        assert harness.put_evidence(record["record_id"], ciphertext).status_code == 201
    with harness.service.engine.begin() as conn:
        conn.execute(
            Evidence.__table__.update()
            .where(Evidence.record_id == old_record["record_id"])
            .values(received_at=datetime.now(UTC) - timedelta(days=40))
        )
    capsys.readouterr()
    assert harness.cli("purge-evidence", "--older-than-days", "30", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"purged": 1, "older_than_days": 30.0}
    with harness.service.engine.connect() as conn:
        assert conn.execute(select(Evidence.record_id)).scalars().all() == [new_record["record_id"]]
        # the activation and its digests stay: the record still proves what was matched
        assert conn.execute(
            select(Activation.record_id).where(Activation.record_id == old_record["record_id"])
        ).scalar_one()
    assert audit(harness)[-1] == ("purged", "evidence_purged", 0, None)
    assert (
        harness.cli(
            "evidence", old_record["record_id"], "--out", "/nonexistent", "--reason", REASON
        )
        == 1
    )
    assert "deleted after the retention period" in capsys.readouterr().err
    assert harness.cli("purge-evidence", "--older-than-days", "-1") == 2
