"""Fixtures for the records tests: fast settings, a device key, a real server on 127.0.0.1."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_activation_server import FakeActivationServer

from kiosk.records.keys import DeviceKey, init_device_key
from kiosk.records.record import build_record, random_iccid, sign_record
from kiosk.settings import Settings, load_settings

# Short timeouts and backoff so that retries happen for real but the suite stays quick.
FAST = {"retries": "2", "retry_backoff_s": "0.01", "retry_backoff_max_s": "0.05",
        "connect_timeout_s": "1", "read_timeout_s": "1", "sender_poll_s": "0.05"}


def settings_for(home: Path, **records: Any) -> Settings:
    env = {"SIMKIOSK_HOME": str(home)}
    for name, value in {**FAST, **records}.items():
        env[f"SIMKIOSK_RECORDS_{name.upper()}"] = str(value)
    return load_settings(env=env)


@pytest.fixture
def make_settings(simkiosk_home: Path) -> Callable[..., Settings]:
    def make(**records: Any) -> Settings:
        settings = settings_for(simkiosk_home, **records)
        settings.ensure_dirs()
        return settings
    return make


@pytest.fixture
def settings(make_settings) -> Settings:
    return make_settings()


@pytest.fixture
def device_key(settings: Settings) -> DeviceKey:
    return init_device_key(settings)


SUBSCRIBER = {
    "iin": "900101401001",
    "document": {"format": "TD1", "code": "ID", "issuer": "KAZ", "number": "012345678",
                 "expiry_date": "2031-05-01"},
    "surname": "ӘБЕНОВА", "given_names": "ASEL", "birth_date": "1990-01-01", "sex": "F",
    "nationality": "KAZ",
}
VERIFICATION = {
    "liveness": {"passed": True, "model": "mediapipe_face_mesh",
                 "challenges": [{"kind": "blink", "passed": True, "at_ms": 812.5},
                                {"kind": "turn_left", "passed": True, "at_ms": 2210.0}]},
    "match": {"distance": 0.41, "threshold": 0.5, "decision": "match", "model": "dlib_resnet_v1"},
    "document_checks": {"mrz_valid": True, "iin_valid": True, "problems": []},
    "manual_overrides": [], "clerk_review": None,
}


def make_record(settings: Settings, key: DeviceKey, *, iccid: str | None = None,
                evidence: dict | None = None, **kw: Any) -> dict:
    return build_record(settings=settings, key=key, subscriber=SUBSCRIBER,
                        sim={"iccid": iccid or random_iccid(), "msisdn": "77001234567"},
                        verification=VERIFICATION,
                        evidence=evidence if evidence is not None else
                        {"live_face": b"\xff\xd8jpeg-bytes", "document_portrait": b"png"},
                        clerk_id=None, **kw)


def make_envelope(settings: Settings, key: DeviceKey, **kw: Any) -> dict:
    return sign_record(make_record(settings, key, **kw), key)


@pytest.fixture
def server(device_key: DeviceKey) -> Iterator[FakeActivationServer]:
    srv = FakeActivationServer()
    srv.register(device_key.public_key)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
