"""The activation record: builder, schema, ICCID rules, signatures, sealed evidence."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kiosk.errors import InputError, KioskError
from kiosk.records.keys import SERVER_EVIDENCE_KEY_FILE, write_file_atomically
from kiosk.records.record import (
    build_record,
    random_iccid,
    sign_record,
)
from simcontract import signing, validation
from simcontract.checkdigits import iccid_problem, luhn_check_digit, luhn_ok
from simcontract.validation import RecordInvalid
from tests.records.support import SUBSCRIBER, VERIFICATION, make_envelope, make_record

_HYPOTHESIS_KEY = Ed25519PrivateKey.generate()


def test_luhn_and_iccid_rules() -> None:
    assert luhn_ok("79927398713") and not luhn_ok("79927398710")  # the textbook example
    assert luhn_check_digit("7992739871") == 3
    for _ in range(200):
        iccid = random_iccid()
        assert iccid_problem(iccid) == "" and len(iccid) == 19 and iccid.startswith("8970")
    twenty = random_iccid(length=20)
    assert len(twenty) == 20 and iccid_problem(twenty) == ""
    good = random_iccid()
    wrong_digit = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert "check digit" in iccid_problem(wrong_digit)
    assert "19 or 20" in iccid_problem(good[:-2])
    assert "starts with 89" in iccid_problem("1" + good[1:])
    assert "digits only" in iccid_problem(good[:-1] + "X")


def test_record_is_complete_and_valid(settings, device_key) -> None:
    iccid = random_iccid()
    spaced = " ".join(iccid[i : i + 4] for i in range(0, len(iccid), 4))
    record = make_record(settings, device_key, iccid=spaced)
    validation.validate_record(record)
    assert record["sim"] == {"iccid": iccid, "msisdn": "77001234567"}
    assert uuid.UUID(record["record_id"]).version == 4
    assert record["created_at"].endswith("Z")
    assert abs(
        datetime.fromisoformat(record["created_at"].replace("Z", "+00:00")) - datetime.now(UTC)
    ) < timedelta(minutes=1)
    assert record["kiosk"] == {
        "kiosk_id": settings.kiosk.id,
        "key_id": device_key.key_id,
        "software_version": "0.1.0",
    }
    assert record["mode"] == "self_service" and record["clerk_id"] is None
    assert record["evidence"]["mode"] == "digests" and "sealed" not in record["evidence"]
    assert record["evidence"]["digests"]["document_portrait"] == hashlib.sha256(b"png").hexdigest()
    assert record.sealed_evidence is None


def test_numpy_evidence_is_digested_as_png(settings, device_key) -> None:
    import cv2

    image = np.random.default_rng(1).integers(0, 256, (40, 30, 3), dtype=np.uint8)
    record = make_record(settings, device_key, evidence={"live_face": image})
    ok, png = cv2.imencode(".png", image)
    assert ok
    assert record["evidence"]["digests"]["live_face"] == hashlib.sha256(png.tobytes()).hexdigest()
    decoded = cv2.imdecode(png, cv2.IMREAD_COLOR)
    assert np.array_equal(decoded, image)  # lossless: the digest names exactly these pixels


def test_created_at_is_utc_with_milliseconds(settings, device_key) -> None:
    local = datetime(2026, 3, 1, 10, 0, 0, 123456, tzinfo=timezone(timedelta(hours=5)))
    record = make_record(settings, device_key, created_at=local, record_id=str(uuid.uuid4()))
    assert record["created_at"] == "2026-03-01T05:00:00.123Z"
    with pytest.raises(ValueError, match="timezone"):
        make_record(settings, device_key, created_at=datetime(2026, 3, 1))


def test_bad_inputs_are_refused_without_echoing_personal_values(settings, device_key) -> None:
    good = random_iccid()
    with pytest.raises(InputError, match="check digit") as err:
        make_record(settings, device_key, iccid=good[:-1] + str((int(good[-1]) + 1) % 10))
    assert good[:-1] not in str(err.value)
    bad_iin = copy.deepcopy(SUBSCRIBER)
    bad_iin["iin"] = "12345"
    with pytest.raises(RecordInvalid) as err:
        build_record(
            settings=settings,
            key=device_key,
            subscriber=bad_iin,
            sim={"iccid": random_iccid(), "msisdn": None},
            verification=VERIFICATION,
            evidence={},
            clerk_id=None,
        )
    assert "subscriber/iin" in str(err.value) and "12345" not in str(err.value)
    bad_iin["iin"] = SUBSCRIBER["iin"][:-1] + str((int(SUBSCRIBER["iin"][-1]) + 1) % 10)
    with pytest.raises(RecordInvalid) as err:
        build_record(
            settings=settings,
            key=device_key,
            subscriber=bad_iin,
            sim={"iccid": random_iccid(), "msisdn": None},
            verification=VERIFICATION,
            evidence={},
            clerk_id=None,
        )
    assert "subscriber/iin (checksum)" in str(err.value)
    assert bad_iin["iin"] not in str(err.value)
    with pytest.raises(InputError, match="MSISDN"):
        build_record(
            settings=settings,
            key=device_key,
            subscriber=SUBSCRIBER,
            sim={"iccid": random_iccid(), "msisdn": "12"},
            verification=VERIFICATION,
            evidence={},
            clerk_id=None,
        )
    with pytest.raises(InputError, match="evidence name"):
        make_record(settings, device_key, evidence={"Live Face": b"x"})


def test_signature_verifies_and_any_changed_byte_fails(settings, device_key) -> None:
    envelope = make_envelope(settings, device_key)
    public = signing.load_public_key_pem(device_key.public_key_pem)
    assert signing.open_envelope("record", envelope, public) == envelope["record"]
    canonical = signing.canonical_bytes(envelope["record"])
    signature = base64.b64decode(envelope["signature"])
    public.verify(signature, canonical)
    # Every single byte of the signed form, and of the signature, matters.
    for i in range(len(canonical)):
        changed = bytearray(canonical)
        changed[i] ^= 0x01
        with pytest.raises(InvalidSignature):
            public.verify(signature, bytes(changed))
    for i in range(len(signature)):
        changed = bytearray(signature)
        changed[i] ^= 0x80
        with pytest.raises(InvalidSignature):
            public.verify(bytes(changed), canonical)


def _leaves(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _leaves(v, (*path, i))
    else:
        yield path, obj


def test_changing_any_field_of_the_record_breaks_the_envelope(settings, device_key) -> None:
    envelope = make_envelope(settings, device_key)
    public = device_key.public_key
    for path, value in _leaves(envelope["record"]):
        tampered = copy.deepcopy(envelope)
        target = tampered["record"]
        for p in path[:-1]:
            target = target[p]
        if isinstance(value, bool):
            target[path[-1]] = not value
        elif isinstance(value, (int, float)):
            target[path[-1]] = value + 1
        elif value is None:
            target[path[-1]] = "x"
        else:
            target[path[-1]] = value + "0"
        with pytest.raises(signing.SignatureError, match="does not verify"):
            signing.open_envelope("record", tampered, public)


def test_sign_refuses_a_record_of_another_key(settings, device_key) -> None:
    from kiosk.records.keys import init_device_key

    record = make_record(settings, device_key)
    other = init_device_key(settings, force=True)
    with pytest.raises(KioskError, match="different device key"):
        sign_record(record, other)


def test_sealed_evidence_round_trip_and_tamper(make_settings, device_key) -> None:
    settings = make_settings(evidence="sealed")
    image = b"\x89PNG fake live face"
    with pytest.raises(KioskError, match="evidence key"):
        make_record(settings, device_key, evidence={"live_face": image})
    server_private = X25519PrivateKey.generate()
    write_file_atomically(
        settings.keys_dir / SERVER_EVIDENCE_KEY_FILE,
        signing.x25519_public_pem(server_private.public_key()).encode(),
        0o644,
    )
    record = make_record(settings, device_key, evidence={"live_face": image})
    envelope = sign_record(record, device_key)
    sealed, ciphertext = record["evidence"]["sealed"], envelope.sealed_evidence
    assert record["evidence"]["mode"] == "sealed" and ciphertext is not None
    assert image not in ciphertext
    assert sealed["ciphertext_sha256"] == hashlib.sha256(ciphertext).hexdigest()
    assert sealed["server_key_id"] == signing.x25519_key_id(server_private.public_key())
    validation.validate_record(record)
    plain = signing.unseal(sealed, ciphertext, server_private, record_id=record["record_id"])
    assert signing.unpack_evidence(plain) == {"live_face": image}
    assert record["evidence"]["digests"]["live_face"] == hashlib.sha256(image).hexdigest()
    flipped = bytearray(ciphertext)
    flipped[3] ^= 1
    with pytest.raises(signing.SealError, match="digest"):
        signing.unseal(sealed, bytes(flipped), server_private, record_id=record["record_id"])
    with pytest.raises(signing.SealError, match="does not decrypt"):
        signing.unseal(
            {**sealed, "ciphertext_sha256": hashlib.sha256(flipped).hexdigest()},
            bytes(flipped),
            server_private,
            record_id=record["record_id"],
        )
    with pytest.raises(signing.SealError, match="does not decrypt"):  # bound to its record id
        signing.unseal(sealed, ciphertext, server_private, record_id=str(uuid.uuid4()))
    with pytest.raises(signing.SealError, match="different server key"):
        signing.unseal(
            sealed, ciphertext, X25519PrivateKey.generate(), record_id=record["record_id"]
        )


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False, width=64),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@hypothesis_settings(max_examples=60, deadline=None, database=None)  # no .hypothesis dir
@given(
    obj=st.dictionaries(st.text(max_size=8), _json, min_size=1, max_size=6),
    position=st.integers(0, 10_000),
)
def test_any_json_object_signs_verifies_and_breaks_on_a_changed_byte(obj, position) -> None:
    key = _HYPOTHESIS_KEY
    envelope = signing.make_envelope("record", obj, key)
    # The verifier works from the wire form: parse it back as any integrator would.
    wire = json.loads(json.dumps(envelope))
    assert signing.open_envelope("record", wire, key.public_key()) == wire["record"]
    canonical = bytearray(signing.canonical_bytes(wire["record"]))
    canonical[position % len(canonical)] ^= 0x20
    with pytest.raises(InvalidSignature):
        key.public_key().verify(base64.b64decode(envelope["signature"]), bytes(canonical))
