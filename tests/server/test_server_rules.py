"""The activation rules through the HTTP API, on SQLite and on a real PostgreSQL.

The answer codes are spelled as strings in these tests on purpose: they are the wire format the
kiosk reads (simcontract.answers.AnswerCode), and a renamed enum value must fail here."""

from __future__ import annotations

import copy
import json
import time

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from server.models import Activation, AuditEntry
from simcontract.signing import load_public_key_pem, make_envelope, open_envelope
from tests.server.support import SigningKiosk, days_ago, new_iccid, new_iin


def error_code(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return body["error"]["code"]


def audit_rows(h) -> list:
    with h.service.engine.connect() as conn:
        return conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)).all()


def test_every_answer_code_has_one_http_status() -> None:
    from server.refusals import HTTP_STATUS
    from simcontract.answers import AnswerCode

    assert set(HTTP_STATUS) == set(AnswerCode)
    assert HTTP_STATUS[AnswerCode("future_dated")] == 422  # the value is the wire's word


def test_activation_gets_a_receipt_the_server_key_verifies(harness) -> None:
    envelope = harness.kiosk.envelope()
    record = envelope["record"]
    response = harness.post(envelope)
    assert response.status_code == 201, response.text
    key = harness.client.get("/v1/server-key").json()
    receipt = open_envelope("receipt", response.json(), load_public_key_pem(key["public_key_pem"]))
    assert receipt["record_id"] == record["record_id"]
    assert receipt["kiosk_id"] == "kiosk-test-01"
    assert receipt["iccid"] == record["sim"]["iccid"]
    assert receipt["status"] == "activated"
    assert receipt["issued_at"].endswith("Z") and len(receipt["receipt_id"]) == 36
    [row] = audit_rows(harness)
    assert (row.outcome, row.code, row.http_status, row.record_id) == (
        "accepted",
        "activated",
        201,
        record["record_id"],
    )


def test_health_and_server_key(harness) -> None:
    response = harness.client.get("/health")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert response.json()["time"].endswith("Z")
    key = harness.client.get("/v1/server-key").json()
    assert key["key_id"] == harness.service.receipt_key.key_id
    assert len(key["key_id"]) == 32


def test_resend_returns_the_same_receipt_and_activates_once(harness) -> None:
    envelope = harness.kiosk.envelope()
    first = harness.post(envelope)
    again = harness.post(envelope)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.content == first.content
    with harness.service.engine.connect() as conn:
        assert conn.execute(select(Activation.id)).all().__len__() == 1
    assert [r.outcome for r in audit_rows(harness)] == ["accepted", "repeated"]


def test_another_record_under_a_used_record_id_is_a_conflict(harness) -> None:
    envelope = harness.kiosk.envelope()
    assert harness.post(envelope).status_code == 201
    other = harness.kiosk.envelope(record_id=envelope["record"]["record_id"])
    response = harness.post(other)
    assert response.status_code == 409 and error_code(response) == "record_conflict"


def test_tampered_record_and_garbage_signature_are_refused(harness) -> None:
    envelope = harness.kiosk.envelope()
    tampered = copy.deepcopy(envelope)
    tampered["record"]["sim"]["msisdn"] = "77019999999"
    response = harness.post(tampered)
    assert response.status_code == 403 and error_code(response) == "bad_signature"
    for signature in ("!!", "", "AAAA", envelope["signature"][:-4] + "AAA="):
        response = harness.post({**envelope, "signature": signature})
        assert response.status_code == 403 and error_code(response) == "bad_signature"
    # signed by another key that claims to be the registered one
    impostor = SigningKiosk("kiosk-test-01")
    forged = make_envelope("record", envelope["record"], impostor.private_key)
    forged["key_id"] = harness.kiosk.key_id
    response = harness.post(forged)
    assert response.status_code == 403 and error_code(response) == "bad_signature"


def test_unknown_kiosk_and_foreign_key_are_refused(harness) -> None:
    stranger = SigningKiosk("kiosk-unknown")
    response = harness.post(stranger.envelope())
    assert response.status_code == 403 and error_code(response) == "unknown_kiosk"
    # a registered kiosk id but another key, declared honestly in the envelope
    impostor = SigningKiosk("kiosk-test-01")
    response = harness.post(impostor.envelope())
    assert response.status_code == 403 and error_code(response) == "key_mismatch"
    # the envelope's key id is right but the record names another key
    record = harness.kiosk.record()
    record["kiosk"]["key_id"] = impostor.key_id
    response = harness.post(harness.kiosk.envelope(record))
    assert response.status_code == 403 and error_code(response) == "key_mismatch"


def test_revocation_takes_effect_at_once(harness) -> None:
    assert harness.post(harness.kiosk.envelope()).status_code == 201  # key now cached
    assert harness.cli("revoke-kiosk", "kiosk-test-01") == 0
    response = harness.post(harness.kiosk.envelope())
    assert response.status_code == 403 and error_code(response) == "kiosk_revoked"
    response = harness.post(harness.kiosk.envelope())  # and from the refreshed cache
    assert response.status_code == 403 and error_code(response) == "kiosk_revoked"


def test_re_registered_key_is_used_without_restart(harness, tmp_path) -> None:
    assert harness.post(harness.kiosk.envelope()).status_code == 201  # old key cached
    renewed = SigningKiosk("kiosk-test-01")
    assert (
        harness.cli(
            "register-kiosk",
            "--replace",
            "--from-kiosk",
            str(renewed.write_home(tmp_path / "renewed")),
        )
        == 0
    )
    assert harness.post(renewed.envelope()).status_code == 201
    response = harness.post(harness.kiosk.envelope())
    assert response.status_code == 403 and error_code(response) == "key_mismatch"


def test_clock_window(harness) -> None:
    response = harness.post(created_at=days_ago(-1 / 24))  # an hour ahead, skew is 5 minutes
    assert response.status_code == 422 and error_code(response) == "future_dated"
    response = harness.post(created_at=days_ago(31))
    assert response.status_code == 422 and error_code(response) == "too_old"
    # queued for five days in an offline kiosk (beyond its 72 h freeze limit): still accepted
    assert harness.post(created_at=days_ago(5)).status_code == 201
    assert harness.post(created_at=days_ago(-1 / 24 / 60)).status_code == 201  # 1 min ahead


def test_resend_of_an_accepted_record_after_the_age_limit_still_gets_its_receipt(
    tmp_path, db_url
) -> None:
    from tests.server.harness import make_harness

    gen = make_harness(db_url, tmp_path / "home", max_record_age_h=100)
    h = next(gen)
    try:
        envelope = h.kiosk.envelope(created_at=days_ago(4))
        first = h.post(envelope)
        assert first.status_code == 201
        h.service.config = h.config.with_overrides(max_record_age_h=24)
        again = h.post(envelope)
        assert again.status_code == 200 and again.content == first.content
        response = h.post(created_at=days_ago(4))
        assert response.status_code == 422 and error_code(response) == "too_old"
    finally:
        gen.close()


@pytest.mark.parametrize(
    "change",
    [
        {"schema_version": 2},
        {"mode": "drive_through"},
        {"record_id": "not-a-uuid"},
        {"created_at": "2026-13-45T10:00:00Z"},
        {"created_at": "yesterday"},
        {"sim": {"iccid": "12345", "msisdn": None}},
        {"extra_field": True},
    ],
)
def test_schema_invalid_records_are_refused(harness, change) -> None:
    response = harness.post(harness.kiosk.envelope(harness.kiosk.record(**change)))
    assert response.status_code == 422 and error_code(response) == "schema_invalid"


def test_check_digits_are_checked_by_the_server(harness) -> None:
    """The schema's patterns cannot see a wrong check digit; the contract does, on both sides."""
    iccid, iin = new_iccid(), new_iin()
    wrong_iccid = iccid[:-1] + str((int(iccid[-1]) + 1) % 10)
    wrong_iin = iin[:-1] + str((int(iin[-1]) + 1) % 10)
    for record, path, value in (
        (
            harness.kiosk.record(sim={"iccid": wrong_iccid, "msisdn": None}),
            "sim/iccid",
            wrong_iccid,
        ),
        (harness.kiosk.record(iin=wrong_iin), "subscriber/iin", wrong_iin),
    ):
        response = harness.post(harness.kiosk.envelope(record))
        assert response.status_code == 422 and error_code(response) == "schema_invalid"
        message = response.json()["error"]["message"]
        assert path in message and "check digit" in message and value not in message
    assert harness.post(iin=iin, sim={"iccid": iccid, "msisdn": None}).status_code == 201


def test_an_active_iccid_cannot_be_activated_again(harness) -> None:
    first = harness.kiosk.record()
    assert harness.post(harness.kiosk.envelope(first)).status_code == 201
    response = harness.post(iccid=first["sim"]["iccid"])  # another person, same SIM card
    assert response.status_code == 409 and error_code(response) == "iccid_active"


def test_the_per_person_cap_and_deactivation(harness) -> None:
    iin = new_iin()
    iccids = []
    for _ in range(3):
        envelope = harness.kiosk.envelope(iin=iin)
        iccids.append(envelope["record"]["sim"]["iccid"])
        assert harness.post(envelope).status_code == 201
    response = harness.post(iin=iin)
    assert response.status_code == 409 and error_code(response) == "sim_limit_reached"
    assert "3" in response.json()["error"]["message"]
    assert harness.post(iin=new_iin()).status_code == 201  # other people are not affected
    assert harness.cli("deactivate", iccids[0]) == 0
    assert harness.post(iin=iin).status_code == 201  # the freed slot
    # a deactivated SIM card may be activated again (for its next owner)
    assert harness.post(iccid=iccids[0]).status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b"null",
        b"42",
        b'{"record": {}}',
        b"\xff\xfe\x00",
        b'{"record": {}, "key_id": 1, "signature": "x"}',
        b'{"record": [], "key_id": "k", "signature": "x"}',
        b'{"record": NaN, "key_id": "k", "signature": "x"}',
        b"[" * 100_00 + b"]" * 100_00,
    ],
)
def test_malformed_bodies_are_400(harness, body) -> None:
    response = harness.post(body=body)
    assert response.status_code == 400 and error_code(response) == "malformed"


def test_unrepresentable_numbers_and_missing_kiosk_are_422(harness) -> None:
    kiosk = harness.kiosk
    envelope = kiosk.envelope()
    envelope["record"]["verification"]["match"]["distance"] = 2**60
    response = harness.post(envelope)
    assert response.status_code == 422 and error_code(response) == "schema_invalid"
    record = kiosk.record()
    del record["kiosk"]
    response = harness.post({"record": record, "key_id": kiosk.key_id, "signature": "x"})
    assert response.status_code == 422 and error_code(response) == "schema_invalid"


def test_bodies_over_the_limit_are_413_before_parsing(harness) -> None:
    limit = harness.config.max_body_bytes
    response = harness.post(body=b"{" * (limit + 1))
    assert response.status_code == 413 and error_code(response) == "body_too_large"

    def stream():  # no Content-Length: chunked, counted as it arrives
        for _ in range(limit // 1000 + 2):
            yield b" " * 1000

    response = harness.client.post("/v1/activations", data=stream())
    assert response.status_code == 413 and error_code(response) == "body_too_large"
    assert [r.code for r in audit_rows(harness)] == ["body_too_large"] * 2
    # just under the limit is parsed (and refused for what it is)
    response = harness.post(body=b" " * (limit - 10) + b"[]")
    assert response.status_code == 400


def test_unknown_paths_and_methods_answer_in_the_error_shape(harness) -> None:
    response = harness.client.get("/v1/nothing")
    assert response.status_code == 404 and error_code(response) == "not_found"
    response = harness.client.get("/v1/activations")
    assert response.status_code == 405 and error_code(response) == "method_not_allowed"


def test_audit_records_every_submission_without_personal_data(harness) -> None:
    iin = new_iin()
    record = harness.kiosk.record(iin=iin)
    envelope = harness.kiosk.envelope(record)
    harness.post(envelope)
    harness.post(envelope)
    harness.post(harness.kiosk.envelope(harness.kiosk.record(iin=iin, mode="x")))
    harness.post(body=b"junk")
    rows = audit_rows(harness)
    assert [(r.outcome, r.code) for r in rows] == [
        ("accepted", "activated"),
        ("repeated", "resent"),
        ("refused", "schema_invalid"),
        ("refused", "malformed"),
    ]
    dumped = json.dumps(
        [
            {c: str(getattr(r, c)) for c in ("kiosk_id", "record_id", "subject_hash", "reason")}
            for r in rows
        ]
    )
    for personal in (iin, record["sim"]["iccid"], "ТЕСТОВ", "drive"):
        assert personal not in dumped
    # the same person is recognisable across rows by a keyed hash only
    assert rows[0].subject_hash == rows[2].subject_hash and len(rows[0].subject_hash) == 64
    assert rows[3].subject_hash is None


def test_audit_is_append_only_in_the_database(harness) -> None:
    harness.post(body=b"junk")
    for statement in ("UPDATE audit SET code = 'x'", "DELETE FROM audit"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            harness.service.engine.begin() as conn,
        ):
            conn.execute(text(statement))
    assert [r.code for r in audit_rows(harness)] == ["malformed"]


def test_hostile_keys_in_a_signed_record_are_refused_and_audited(harness) -> None:
    """A registered kiosk's signed record with NUL and odd characters in a key: the schema
    refuses it, and the audit row (which names where) is stored on every database."""
    record = harness.kiosk.record()
    record["evidence"]["digests"]["\x00портрет\u2028"] = "zz"
    response = harness.post(harness.kiosk.envelope(record))
    assert response.status_code == 422 and error_code(response) == "schema_invalid"
    [row] = audit_rows(harness)
    assert row.code == "schema_invalid" and row.reason.startswith("schema violation at evidence")
    assert row.reason.isascii() and "\x00" not in row.reason


@pytest.mark.postgres
def test_one_persons_transactions_wait_for_each_other_on_postgres(pg_cluster, tmp_path) -> None:
    """Deterministic form of the last-slot race: while one transaction holds the person's lock
    and takes the last slot, a kiosk's request for the same person must wait (PostgreSQL shows
    it waiting on the advisory lock) and then see the slot gone."""
    from concurrent.futures import ThreadPoolExecutor
    from datetime import UTC, datetime

    from tests.server.harness import make_harness

    gen = make_harness(pg_cluster.create_database(), tmp_path / "home", max_sims_per_person=1)
    h = next(gen)
    engine = h.service.engine

    def waiting_for_advisory_lock() -> int:
        with engine.connect() as conn:
            return conn.execute(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            ).scalar_one()

    try:
        iin, now = new_iin(), datetime.now(UTC)
        taken = h.kiosk.record(iin=iin)
        with ThreadPoolExecutor(1) as pool:
            with h.service.store.transaction() as tx:
                assert tx.kiosk_locking_person(h.kiosk.kiosk_id, iin) is not None
                racer = pool.submit(h.post, iin=iin)
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
                        "iccid": taken["sim"]["iccid"],
                        "iin": iin,
                        "created_at": now,
                        "activated_at": now,
                        "receipt": "{}",
                        "active": True,
                    }
                )
            response = racer.result(timeout=60)
        assert response.status_code == 409 and error_code(response) == "sim_limit_reached"
    finally:
        gen.close()
