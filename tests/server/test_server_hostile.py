"""Hostile input against the real server (``simkiosk-server serve`` in a subprocess on
127.0.0.1) on SQLite and PostgreSQL: hand-written attacks from issue 13 and hypothesis-made
bodies, paths and signed records. Asserts: never a 5xx, never a traceback (or an internal error)
in the server's log, every answer in the documented error shape, and every refusal audited
within the aggregate rule (a row each, or counted in its address's row for the minute)."""

from __future__ import annotations

import json
import re
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.cli import main as server_cli
from server.db import make_engine
from server.models import AuditEntry
from simcontract.signing import make_envelope
from tests.server.support import ServerProcess, SigningKiosk

HOSTILE = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NL_ID = "00000000-0000-4000-8000-000000000000\n"
CODES = {
    "malformed",
    "body_too_large",
    "schema_invalid",
    "unknown_kiosk",
    "kiosk_revoked",
    "key_mismatch",
    "bad_signature",
    "future_dated",
    "too_old",
    "record_conflict",
    "iccid_active",
    "sim_limit_reached",
    "unknown_record",
    "no_sealed_evidence",
    "evidence_mismatch",
    "rate_limited",
    "body_timeout",
    "server_busy",
}
ids_text = st.text(st.characters(codec="utf-8"), max_size=70) | st.sampled_from(
    [NL_ID, NL_ID.strip() + "\r", "kiosk-1\n", "\x00", "a" * 65, "../../etc/passwd", "%0A"]
)


class Target:
    """The served app, a registered kiosk, and what was sent (to check the audit after)."""

    def __init__(self, server: ServerProcess, kiosk: SigningKiosk, db: str) -> None:
        self.server, self.kiosk, self.db = server, kiosk, db
        self.session = requests.Session()
        self.refused = 0  # refusals the app answered on its audited endpoints

    def send(self, method: str, path: str, body: bytes, **headers: str) -> requests.Response:
        response = self.session.request(
            method, self.server.url + path, data=body, headers=headers, timeout=30
        )
        assert response.status_code < 500, (path, response.status_code, response.text[:300])
        if response.status_code >= 400:
            error = response.json()["error"]
            assert set(error) == {"code", "message"} and error["message"], error
            self.refused += error["code"] in CODES  # these the server audits
        return response

    def post(self, body: bytes) -> requests.Response:
        return self.send("POST", "/v1/activations", body, **{"content-type": "application/json"})

    def raw(self, data: bytes) -> bytes:
        """Bytes straight onto a socket; the server's answer (or b"" when it just closed)."""
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as sock:
            answer = b""
            try:
                sock.sendall(data)
                while chunk := sock.recv(65536):
                    answer += chunk
                    sock.settimeout(0.5)  # the answer is in; a kept-alive connection idles on
            except (ConnectionResetError, BrokenPipeError, TimeoutError):
                pass
        assert not re.match(rb"HTTP/1\.[01] 5", answer), answer[:300]
        _head, _, body = answer.partition(b"\r\n\r\n")
        if body.startswith(b'{"error"'):
            self.refused += json.loads(body)["error"]["code"] in CODES
        return answer


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def target(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Target]:
    base = tmp_path_factory.mktemp("hostile")
    if request.param == "sqlite":
        db = f"sqlite:///{base / 'server.db'}"
    else:
        db = request.getfixturevalue("pg_cluster").create_database()
    home = base / "home"
    kiosk = SigningKiosk("kiosk-hostile")
    assert server_cli(["init-db", "--db", db, "--home", str(home)]) == 0
    assert (
        server_cli(
            [
                "register-kiosk",
                "--db",
                db,
                "--home",
                str(home),
                "--from-kiosk",
                str(kiosk.write_home(base / "kiosk")),
            ]
        )
        == 0
    )
    # refusals are counted in aggregate after the first 20 a minute; no 429s in this suite
    # (and a short body deadline, so that bodies that never end are cut off quickly)
    server = ServerProcess(
        db,
        home,
        env={
            "SIMKIOSK_SERVER_REFUSALS_PER_MINUTE": "10000000",
            "SIMKIOSK_SERVER_AUDITED_REFUSALS_PER_MINUTE": "20",
            "SIMKIOSK_SERVER_BODY_IDLE_TIMEOUT_S": "1",
        },
    )
    server.start()
    t = Target(server, kiosk, db)
    try:
        yield t
    finally:
        server.stop()  # a clean shutdown writes the counted refusals into the audit
        log = server.proc.stderr.read().decode(errors="replace") if server.proc.stderr else ""
        if server.proc.stderr:
            server.proc.stderr.close()
    assert "Traceback" not in log and "internal error" not in log, log[-2000:]
    assert "Exception in ASGI" not in log, log[-2000:]
    engine = make_engine(db, pool_size=1)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(AuditEntry.code, AuditEntry.outcome, AuditEntry.reason)
            ).all()
    finally:
        engine.dispose()
    own = sum(1 for r in rows if r.outcome == "refused" and r.code != "refusals_counted")
    counted = sum(int(r.reason.split()[0]) for r in rows if r.code == "refusals_counted")
    assert own + counted == t.refused, (own, counted, t.refused)
    assert any(r.code == "refusals_counted" for r in rows)  # the aggregate rule was used


def test_the_issues_one_line_requests(target: Target) -> None:
    body = json.dumps(
        {
            "record": {"kiosk": {"kiosk_id": "nosuch"}, "record_id": NL_ID},
            "key_id": "x",
            "signature": "y",
        }
    ).encode()
    assert target.post(body).status_code == 403
    assert (
        target.send("PUT", f"/v1/activations/{NL_ID.strip()}%0A/evidence", b"x").status_code == 404
    )
    for kiosk_id in ("kiosk-hostile\n", "kiosk-hostile\x00", "k" * 65, "ключ"):
        body = json.dumps(
            {"record": {"kiosk": {"kiosk_id": kiosk_id}}, "key_id": "x", "signature": "y"}
        ).encode()
        assert target.post(body).status_code == 422


def test_bodies_that_parsers_disagree_on(target: Target) -> None:
    envelope = target.kiosk.envelope()
    text = json.dumps(envelope, ensure_ascii=False)
    for body in (
        text.encode("utf-16"),
        b"\xef\xbb\xbf" + text.encode(),
        text.encode("cp1251"),
        ('{"key_id": 1, ' + text[1:]).encode(),
        b"[" * 100_000,
        b'{"record": ' + b"1" * 5000 + b"}",
        b"\xff\xfe\x00",
        b'{"record": {}, "key_id": "\\ud800", "signature": NaN}',
        b'{"record": {"kiosk": {"kiosk_id": "kiosk-hostile"}, "x": 1e99999}, '
        b'"key_id": "x", "signature": "y"}',
    ):
        assert 400 <= target.post(body).status_code < 500


def test_signed_records_with_hostile_values(target: Target) -> None:
    kiosk = target.kiosk
    for changes in (
        {"record_id": NL_ID},
        {"sim": {"iccid": "8997" + "0" * 15 + "\n", "msisdn": None}},
        {"mode": "ТЕСТ" * 1000},
        {"schema_version": 2},
        {"created_at": "9999-12-31T23:59:59.999Z"},
        {"created_at": "2026-02-30T00:00:00.000Z"},
    ):
        record = (
            kiosk.record(**changes) if "record_id" not in changes else {**kiosk.record(), **changes}
        )
        response = target.post(
            json.dumps(make_envelope("record", record, kiosk.private_key)).encode()
        )
        assert response.status_code == 422, changes
    # a NUL-filled clerk id is schema-valid text: stored (PostgreSQL too), or refused, never 5xx
    record = kiosk.record(clerk_id="\x00" * 10)
    assert target.post(
        json.dumps(make_envelope("record", record, kiosk.private_key)).encode()
    ).status_code in (201, 422)
    record = kiosk.record()
    record["subscriber"]["surname"] = "\ud800"
    assert target.post(
        json.dumps(
            {"record": record, "key_id": kiosk.key_id, "signature": "A" * 86 + "=="}
        ).encode()
    ).status_code in (403, 422)


def test_raw_http_garbage(target: Target) -> None:
    attacks = [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,  # a TLS hello
        b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"a" * 70_000 + b"\r\n\r\n",
        b"POST /v1/activations HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        b"POST /v1/activations HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        b"Content-Length: 7\r\n\r\n{}",
        b"POST /v1/activations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Length: 3\r\n\r\nzz\r\n",
        b"POST /v1/activations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"fffffffffffffffff\r\n",
        b"PUT /v1/activations/%00/evidence HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx",
        b"PUT /v1/activations/%C0%AF%ZZ/evidence HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx",
        b"PUT /v1/activations/\xff\xfe/evidence HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
        b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /v1/activations HTTP/1.1\r\nHost: x\r\nX-\x00: y\r\n\r\n",
        b"POST /v1/activations HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
    ]
    for attack in attacks:
        target.raw(attack)
    assert target.send("GET", "/health", b"").status_code == 200


@HOSTILE
@given(
    body=st.binary(max_size=300)
    | st.builds(
        lambda kid, rid, key, sig: json.dumps(
            {
                "record": {"kiosk": {"kiosk_id": kid}, "record_id": rid},
                "key_id": key,
                "signature": sig,
            }
        ).encode(),
        ids_text,
        ids_text,
        ids_text,
        ids_text,
    )
)
def test_hypothesis_bodies(target: Target, body: bytes) -> None:
    target.post(body)


@HOSTILE
@given(segment=ids_text, body=st.binary(max_size=64))
def test_hypothesis_evidence_paths(target: Target, segment: str, body: bytes) -> None:
    quoted = requests.utils.quote(segment.encode("utf-8", "surrogatepass"), safe="")
    target.send(
        "PUT",
        f"/v1/activations/{quoted}/evidence",
        body,
        **{"content-type": "application/octet-stream"},
    )


@HOSTILE
@given(
    where=st.sampled_from(
        [
            ("record_id",),
            ("sim", "msisdn"),
            ("subscriber", "surname"),
            ("subscriber", "document", "number"),
            ("kiosk", "software_version"),
            ("evidence", "digests", "live_face"),
            ("subscriber", "iin"),
        ]
    ),
    value=ids_text | st.integers() | st.none() | st.lists(st.integers(), max_size=3),
)
def test_hypothesis_signed_records(target: Target, where: tuple[str, ...], value: Any) -> None:
    record = target.kiosk.record()
    node = record
    for name in where[:-1]:
        node = node[name]
    node[where[-1]] = value
    try:
        body = json.dumps(
            make_envelope("record", record, target.kiosk.private_key), ensure_ascii=False
        ).encode("utf-8", "surrogatepass")
    except Exception:  # a value the kiosk's signer refuses to sign: nothing to send
        return
    response = target.post(body)
    assert response.status_code in (201, 409, 422), response.text[:300]


def test_paths_are_not_files(target: Target, tmp_path: Path) -> None:
    for path in (
        "/v1/activations/..%2f..%2fetc%2fpasswd/evidence",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/v1/activations/" + str(uuid.uuid4()) + "/evidence/",
    ):
        assert target.send("PUT", path, b"x").status_code in (404, 405)
