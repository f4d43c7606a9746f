"""Records built for the records tests: fast settings, a subscriber, a verification block
and signed envelopes (a module of its own: several test folders have a conftest.py, and
`from conftest import` would pick whichever was imported last)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.records.keys import DeviceKey
from kiosk.records.record import build_record, random_iccid, sign_record
from kiosk.settings import Settings, load_settings

# Short timeouts and backoff so that retries happen for real but the suite stays quick.
FAST = {
    "retries": "2",
    "retry_backoff_s": "0.01",
    "retry_backoff_max_s": "0.05",
    "connect_timeout_s": "1",
    "read_timeout_s": "1",
    "sender_poll_s": "0.05",
    # The fake server of these tests cannot open sealed records: they exercise the outbox
    # and the transport on plain records (the air-gapped rig setting). Sealing at rest is
    # tested against the real server in test_sealed_at_rest.py.
    "seal_at_rest": "false",
}


def settings_for(home: Path, **records: Any) -> Settings:
    env = {"SIMKIOSK_HOME": str(home)}
    for name, value in {**FAST, **records}.items():
        env[f"SIMKIOSK_RECORDS_{name.upper()}"] = str(value)
    return load_settings(env=env)


SUBSCRIBER = {
    "iin": "900101401001",
    "document": {
        "format": "TD1",
        "code": "ID",
        "issuer": "KAZ",
        "number": "012345678",
        "expiry_date": "2031-05-01",
    },
    "surname": "ӘБЕНОВА",
    "given_names": "ASEL",
    "birth_date": "1990-01-01",
    "sex": "F",
    "nationality": "KAZ",
}
VERIFICATION = {
    "liveness": {
        "passed": True,
        "model": "mediapipe_face_mesh",
        "challenges": [
            {"kind": "blink", "passed": True, "at_ms": 812.5},
            {"kind": "turn_left", "passed": True, "at_ms": 2210.0},
        ],
    },
    "match": {"distance": 0.41, "threshold": 0.5, "decision": "match", "model": "dlib_resnet_v1"},
    "document_checks": {"mrz_valid": True, "iin_valid": True, "problems": []},
    "manual_overrides": [],
    "clerk_review": None,
}


def make_record(
    settings: Settings,
    key: DeviceKey,
    *,
    iccid: str | None = None,
    evidence: dict | None = None,
    **kw: Any,
) -> dict:
    return build_record(
        settings=settings,
        key=key,
        subscriber=SUBSCRIBER,
        sim={"iccid": iccid or random_iccid(), "msisdn": "77001234567"},
        verification=VERIFICATION,
        evidence=evidence
        if evidence is not None
        else {"live_face": b"\xff\xd8jpeg-bytes", "document_portrait": b"png"},
        clerk_id=None,
        **kw,
    )


def make_envelope(settings: Settings, key: DeviceKey, **kw: Any) -> dict:
    return sign_record(make_record(settings, key, **kw), key)
