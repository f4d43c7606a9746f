"""Hypothesis against the live endpoint: garbage bytes, arbitrary JSON, and records mutated at
every path the published OpenAPI document describes (re-signed, so the mutations get past the
signature check and reach the schema and the rules). Nothing may answer 5xx; every answer must be
a verifiable receipt or a refusal in the documented shape."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simcontract.signing import SignatureError, load_public_key_pem, make_envelope, open_envelope
from tests.server.support import REPO, iin_complete

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
}
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _record_paths() -> list[tuple[str, ...]]:
    """Every property path of the record, read from docs/openapi.json."""
    doc = json.loads((REPO / "docs" / "openapi.json").read_text("utf-8"))
    body = doc["paths"]["/v1/activations"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    paths: list[tuple[str, ...]] = []

    def walk(schema: dict[str, Any], prefix: tuple[str, ...]) -> None:
        for name, sub in schema.get("properties", {}).items():
            paths.append((*prefix, name))
            walk(sub, (*prefix, name))

    walk(body["properties"]["record"], ())
    return paths


RECORD_PATHS = _record_paths()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def check(harness: Any, response: Any) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code in (200, 201):
        key = load_public_key_pem(harness.service.receipt_key.public_key_pem)
        assert open_envelope("receipt", body, key)["status"] == "activated"
    else:
        assert 400 <= response.status_code < 500
        assert set(body) == {"error"} and body["error"]["code"] in CODES


@FUZZ
@given(body=st.binary(max_size=600))
def test_garbage_bytes(sqlite_harness, body: bytes) -> None:
    check(sqlite_harness, sqlite_harness.post(body=body))


@FUZZ
@given(value=json_values)
def test_arbitrary_json(sqlite_harness, value: Any) -> None:
    check(sqlite_harness, sqlite_harness.post(body=json.dumps(value).encode()))


@FUZZ
@given(
    path=st.sampled_from(RECORD_PATHS),
    value=json_values,
    action=st.sampled_from(["replace", "delete", "add_key"]),
    new_key=st.text(max_size=10),
    resign=st.booleans(),
)
def test_records_mutated_along_the_documented_schema(
    harness, path, value, action, new_key, resign
) -> None:
    """On SQLite and PostgreSQL: the database must cope with whatever a signed record holds."""
    kiosk = harness.kiosk
    record = copy.deepcopy(kiosk.record())
    target = record
    for name in path[:-1]:
        target = target.setdefault(name, {}) if isinstance(target, dict) else target
    if isinstance(target, dict):
        if action == "delete":
            target.pop(path[-1], None)
        elif action == "replace":
            target[path[-1]] = value
        elif isinstance(target.get(path[-1]), dict):
            target[path[-1]][new_key] = value
    envelope = kiosk.envelope(kiosk.record())
    if resign:
        try:
            envelope = make_envelope("record", record, kiosk.private_key)
        except SignatureError:  # NaN or a huge integer: cannot be signed, send it unsigned
            envelope = {**envelope, "record": record}
    else:
        envelope = {**envelope, "record": record}
    check(harness, harness.post(envelope))


@FUZZ
@given(
    iin=st.sampled_from([iin_complete("90010130000"), iin_complete("90010130001")]),
    iccid_tail=st.integers(0, 40),
    hours=st.floats(-2, 800, allow_nan=False),
    envelope_change=st.sampled_from([None, "key_id", "signature", "extra"]),
)
def test_plausible_records_get_consistent_answers(
    sqlite_harness, iin, iccid_tail, hours, envelope_change
) -> None:
    """Records that are right in every way but the rules; all answers follow the contract."""
    from tests.server.support import luhn_complete

    kiosk = sqlite_harness.kiosk
    created = datetime.now(UTC) - timedelta(hours=hours)
    envelope = kiosk.envelope(
        iin=iin, iccid=luhn_complete(f"897700000000000{iccid_tail:04d}"), created_at=created
    )
    if envelope_change == "key_id":
        envelope["key_id"] = "0" * 32
    elif envelope_change == "signature":
        envelope["signature"] = envelope["signature"][::-1]
    elif envelope_change == "extra":
        envelope["extra"] = 1
    response = sqlite_harness.post(envelope)
    check(sqlite_harness, response)
    if envelope_change is None and 0 <= hours <= 720 and response.status_code != 201:
        assert response.json()["error"]["code"] in {"iccid_active", "sim_limit_reached"}
