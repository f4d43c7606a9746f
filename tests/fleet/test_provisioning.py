"""Provisioning end to end: enroll-token on the server's command line, ``simkiosk provision``
against the real server process, the keys pinned, refusals with a plain reason."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from kiosk.records import keys
from kiosk.settings import load_settings
from server.admin import mint_token
from server.db import make_engine
from server.keys import load_receipt_key
from simcontract import signing
from tests.fleet.support import Fleet, kiosk


@pytest.fixture
def kiosk_id(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SIMKIOSK_KIOSK_ID", "kiosk-almaty-07")
    return "kiosk-almaty-07"


def _audit_codes(fleet: Fleet) -> list[str]:
    db = sqlite3.connect(fleet.db_url.removeprefix("sqlite:///"))
    try:
        return [r[0] for r in db.execute("SELECT code FROM audit ORDER BY id")]
    finally:
        db.close()


def test_provision_registers_the_key_and_pins_the_servers_keys(
    fleet: Fleet, kiosk_id: str, capsys
) -> None:
    token = fleet.token(capsys, kiosk_id)
    settings = load_settings()
    assert keys.configured_server_key(settings) is None  # nothing pinned before

    code, out, err = kiosk(capsys, "provision", "--server", fleet.url, "--token", token, "--json")
    assert code == 0, err
    done = json.loads(out)
    device = keys.load_device_key(settings)  # created by provision
    assert (done["kiosk_id"], done["key_id"], done["state"]) == (
        kiosk_id,
        device.key_id,
        "registered",
    )

    served = requests.get(fleet.url + "/v1/server-key", timeout=10).json()
    pinned = keys.configured_server_key(settings)
    evidence = keys.configured_evidence_key(settings)
    assert pinned is not None and signing.key_id(pinned) == served["key_id"]
    assert evidence is not None and signing.x25519_key_id(evidence) == served["evidence_key_id"]

    code, listing, _ = fleet.server(capsys, "kiosks")
    assert code == 0
    assert [(k["kiosk_id"], k["key_id"], k["state"]) for k in listing["kiosks"]] == [
        (kiosk_id, device.key_id, "never")
    ]
    codes = _audit_codes(fleet)
    assert codes == ["enroll_token_minted", "kiosk_provisioned"]
    # only the token's hash is stored
    assert token.encode() not in Path(fleet.db_url.removeprefix("sqlite:///")).read_bytes()


def test_a_used_token_is_refused_with_a_plain_reason(fleet: Fleet, kiosk_id: str, capsys) -> None:
    token = fleet.token(capsys, kiosk_id)
    assert kiosk(capsys, "provision", "--server", fleet.url, "--token", token)[0] == 0
    code, out, err = kiosk(capsys, "provision", "--server", fleet.url, "--token", token)
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert "token_used" in err and "mint a new one" in err
    assert _audit_codes(fleet)[-1] == "token_used"


def test_a_wrong_token_and_an_expired_token_are_refused(
    fleet: Fleet, kiosk_id: str, capsys
) -> None:
    real = fleet.token(capsys, kiosk_id)
    wrong = real[:-4] + ("AAAA" if not real.endswith("AAAA") else "BBBB")
    code, _, err = kiosk(capsys, "provision", "--server", fleet.url, "--token", wrong)
    assert code == 1 and "token_invalid" in err and "not known" in err
    code, _, err = kiosk(capsys, "provision", "--server", fleet.url, "--token", "hello")
    assert code == 1 and "token_invalid" in err

    engine = make_engine(fleet.db_url, pool_size=1)
    try:
        expired, _ = mint_token(
            engine,
            load_receipt_key(fleet.home),
            kiosk_id,
            timedelta(hours=1),
            minted_by="test",
            now=datetime.now(UTC) - timedelta(hours=2),
        )
    finally:
        engine.dispose()
    code, _, err = kiosk(capsys, "provision", "--server", fleet.url, "--token", expired)
    assert code == 1 and "token_expired" in err
    # none of the refusals registered a kiosk, and the real token still works
    assert fleet.server(capsys, "kiosks")[1]["count"] == 0
    assert kiosk(capsys, "provision", "--server", fleet.url, "--token", real)[0] == 0


def test_a_token_for_another_kiosk_is_refused_and_stays_usable(
    fleet: Fleet, kiosk_id: str, capsys, monkeypatch
) -> None:
    token = fleet.token(capsys, "kiosk-astana-01")
    code, _, err = kiosk(capsys, "provision", "--server", fleet.url, "--token", token)
    assert code == 1 and "kiosk_id_mismatch" in err and "kiosk-astana-01" in err
    monkeypatch.setenv("SIMKIOSK_KIOSK_ID", "kiosk-astana-01")
    code, out, err = kiosk(capsys, "provision", "--server", fleet.url, "--token", token, "--json")
    assert code == 0, err
    assert json.loads(out)["kiosk_id"] == "kiosk-astana-01"


def test_reprovisioning_with_a_new_key_replaces_the_old_one(
    fleet: Fleet, kiosk_id: str, capsys
) -> None:
    assert (
        kiosk(capsys, "provision", "--server", fleet.url, "--token", fleet.token(capsys, kiosk_id))[
            0
        ]
        == 0
    )
    assert kiosk(capsys, "keys", "init", "--force")[0] == 0
    code, out, _ = kiosk(
        capsys,
        "provision",
        "--server",
        fleet.url,
        "--token",
        fleet.token(capsys, kiosk_id),
        "--json",
    )
    assert code == 0 and json.loads(out)["state"] == "replaced"
    new_key = keys.load_device_key(load_settings()).key_id
    assert fleet.server(capsys, "kiosks")[1]["kiosks"][0]["key_id"] == new_key


def test_one_token_provisions_once_under_concurrent_use(fleet: Fleet, capsys) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    token = fleet.token(capsys, "kiosk-race")
    statuses: list[int] = []

    def attempt() -> None:
        pem = signing.public_key_pem(Ed25519PrivateKey.generate().public_key())
        statuses.append(
            requests.post(
                fleet.url + "/v1/provision",
                timeout=30,
                json={"token": token, "kiosk_id": "kiosk-race", "public_key_pem": pem},
            ).status_code
        )

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [409] * 5


def test_plain_http_to_another_machine_is_refused_before_any_request(capsys) -> None:
    code, _, err = kiosk(
        capsys, "provision", "--server", "http://fleet.example.kz", "--token", "skt-x"
    )
    assert code == 2 and "https://" in err


def test_enroll_token_refuses_a_bad_duration_and_a_revoked_kiosk(
    fleet: Fleet, kiosk_id: str, capsys
) -> None:
    code, _, err = fleet.server(
        capsys, "enroll-token", "--kiosk-id", kiosk_id, "--expires", "forever"
    )
    assert code == 2 and "not a duration" in err
    assert (
        kiosk(capsys, "provision", "--server", fleet.url, "--token", fleet.token(capsys, kiosk_id))[
            0
        ]
        == 0
    )
    assert fleet.server(capsys, "revoke-kiosk", kiosk_id)[0] == 0
    code, _, err = fleet.server(capsys, "enroll-token", "--kiosk-id", kiosk_id)
    assert code == 2 and "revoked" in err
