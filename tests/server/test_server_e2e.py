"""End to end: ``simkiosk-server serve`` in a real subprocess on 127.0.0.1, kiosks racing over
HTTP from many threads. On PostgreSQL the server runs two worker processes sharing the database,
as a scaled-out deployment does."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from server.cli import main as server_cli
from simcontract.signing import load_public_key_pem, open_envelope, x25519_key_id
from tests.server.support import SigningKiosk, new_iccid, new_iin, running_server

RACERS = 24
# the live server's cap on active SIMs per person (the default, 10, only makes set-up longer)
CAP = 3
RACED_PEOPLE, RACERS_PER_PERSON = 6, 8


def register(db_url: str, tmp_path: Path, kiosk: SigningKiosk) -> None:
    home = kiosk.write_home(tmp_path / f"kiosk-{kiosk.kiosk_id}")
    assert server_cli(["register-kiosk", "--db", db_url, "--from-kiosk", str(home)]) == 0


def race(url: str, envelopes: list[dict]) -> list[requests.Response]:
    """Send every envelope at the same moment, one thread each."""
    barrier = threading.Barrier(len(envelopes))

    def send(envelope: dict) -> requests.Response:
        with requests.Session() as session:
            barrier.wait(timeout=30)
            return session.post(url + "/v1/activations", json=envelope, timeout=60)

    with ThreadPoolExecutor(len(envelopes)) as pool:
        return list(pool.map(send, envelopes))


def active_count(db_url: str, **where: str) -> int:
    engine = create_engine(db_url)
    clause = " AND ".join(f"{k} = :{k}" for k in where)
    with engine.connect() as conn:
        count = conn.execute(
            text(f"SELECT count(*) FROM activations WHERE active AND {clause}"), where
        ).scalar_one()
    engine.dispose()
    return count


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live(request, tmp_path: Path):
    if request.param == "sqlite":
        db_url, workers = f"sqlite:///{tmp_path / 'server.db'}", 1
    else:
        db_url, workers = request.getfixturevalue("pg_cluster").create_database(), 2
    kiosks = [SigningKiosk("kiosk-a"), SigningKiosk("kiosk-b")]
    for kiosk in kiosks:
        register(db_url, tmp_path, kiosk)
    with running_server(
        db_url,
        tmp_path / "server-home",
        workers=workers,
        env={"SIMKIOSK_SERVER_MAX_SIMS_PER_PERSON": str(CAP)},
    ) as server:
        yield server, kiosks, db_url


def test_kiosk_round_trip_over_http(live) -> None:
    server, (kiosk, _), _db = live
    health = requests.get(server.url + "/health", timeout=10)
    assert health.status_code == 200 and "date" in health.headers
    key = load_public_key_pem(
        requests.get(server.url + "/v1/server-key", timeout=10).json()["public_key_pem"]
    )
    envelope = kiosk.envelope()
    first = requests.post(server.url + "/v1/activations", json=envelope, timeout=30)
    assert first.status_code == 201
    assert (
        open_envelope("receipt", first.json(), key)["record_id"] == envelope["record"]["record_id"]
    )
    again = requests.post(server.url + "/v1/activations", json=envelope, timeout=30)
    assert again.status_code == 200 and again.content == first.content
    too_big = requests.post(server.url + "/v1/activations", data=b"x" * 70_000, timeout=30)
    assert too_big.status_code == 413
    assert too_big.json()["error"]["code"] == "body_too_large"


def test_racing_kiosks_cannot_both_win_the_last_slot(live) -> None:
    """Several people at their last free slot (the server runs with a cap of 3), each raced
    for by RACERS_PER_PERSON requests from two kiosks at the same moment: one wins per person."""
    server, kiosks, db_url = live
    people = [new_iin() for _ in range(RACED_PEOPLE)]
    for iin in people:
        for _ in range(CAP - 1):
            response = requests.post(
                server.url + "/v1/activations", json=kiosks[0].envelope(iin=iin), timeout=30
            )
            assert response.status_code == 201
    envelopes = [
        kiosks[i % 2].envelope(iin=iin) for i in range(RACERS_PER_PERSON) for iin in people
    ]
    responses = race(server.url, envelopes)
    for iin in people:
        mine = [
            r
            for e, r in zip(envelopes, responses, strict=True)
            if e["record"]["subscriber"]["iin"] == iin
        ]
        assert sorted(r.status_code for r in mine) == [201] + [409] * (RACERS_PER_PERSON - 1)
        assert {r.json()["error"]["code"] for r in mine if r.status_code == 409} == {
            "sim_limit_reached"
        }
        assert active_count(db_url, iin=iin) == CAP


def test_one_sim_card_raced_by_many_people_is_activated_once(live) -> None:
    server, kiosks, db_url = live
    iccid = new_iccid()
    responses = race(
        server.url, [kiosks[i % 2].envelope(iccid=iccid, iin=new_iin()) for i in range(RACERS)]
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * (RACERS - 1)
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "iccid_active"
    }
    assert active_count(db_url, iccid=iccid) == 1


def test_one_record_resent_concurrently_activates_once_with_one_receipt(live) -> None:
    server, (kiosk, _), db_url = live
    envelope = kiosk.envelope()
    responses = race(server.url, [envelope] * RACERS)
    assert sorted(r.status_code for r in responses) == [200] * (RACERS - 1) + [201]
    assert len({r.content for r in responses}) == 1
    assert active_count(db_url, iccid=envelope["record"]["sim"]["iccid"]) == 1


def test_conflicting_records_under_one_id_from_different_people(live) -> None:
    """Different people are not serialised by the per-person lock: the unique index decides."""
    server, (kiosk, _), db_url = live
    record_id = kiosk.record()["record_id"]
    responses = race(
        server.url, [kiosk.envelope(record_id=record_id, iin=new_iin()) for _ in range(RACERS)]
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * (RACERS - 1)
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "record_conflict"
    }
    assert active_count(db_url, record_id=record_id) == 1


def test_kiosk_sealed_evidence_reaches_the_server_and_opens(live, tmp_path, capsys) -> None:
    """The kiosk's own code against the served contract: the client pins the evidence key the
    server offers, the record builder seals to it, the server takes the ciphertext the record
    pins, and ``simkiosk-server evidence`` gets the kiosk's images back."""
    from kiosk.records.client import ActivationClient
    from kiosk.records.keys import configured_evidence_key, init_device_key
    from kiosk.records.record import build_record, sign_record
    from kiosk.settings import load_settings

    server, (signer, _), db_url = live
    kiosk_home = tmp_path / "sealing-kiosk"
    settings = load_settings(
        env={
            "SIMKIOSK_HOME": str(kiosk_home),
            "SIMKIOSK_KIOSK_ID": "kiosk-sealing",
            "SIMKIOSK_RECORDS_SERVER_URL": server.url,
            "SIMKIOSK_RECORDS_EVIDENCE": "sealed",
        }
    )
    key = init_device_key(settings)
    assert server_cli(["register-kiosk", "--db", db_url, "--from-kiosk", str(kiosk_home)]) == 0
    offered = requests.get(server.url + "/v1/server-key", timeout=10).json()
    pictures = {
        "live_face": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "document_portrait": b"\xff\xd8\xff\xe0" + bytes(range(255, -1, -1)) * 4,
    }
    template = signer.record()
    with ActivationClient(settings) as client:
        client.server_key()
        assert x25519_key_id(configured_evidence_key(settings)) == offered["evidence_key_id"]
        record = build_record(
            settings=settings,
            key=key,
            subscriber=template["subscriber"],
            sim=template["sim"],
            verification=template["verification"],
            evidence=dict(pictures),
            clerk_id=None,
        )
        envelope = sign_record(record, key)
        client.submit(envelope)
    put = requests.put(
        f"{server.url}/v1/activations/{record['record_id']}/evidence",
        data=envelope.sealed_evidence,
        timeout=30,
        headers={"content-type": "application/octet-stream"},
    )
    assert put.status_code == 201, put.text
    out = tmp_path / "dispute"
    capsys.readouterr()
    assert (
        server_cli(
            [
                "evidence",
                record["record_id"],
                "--db",
                db_url,
                "--home",
                str(server.home),
                "--out",
                str(out),
                "--reason",
                "case 1: disputed match",
                "--json",
            ]
        )
        == 0
    )
    files = {item["name"]: item["file"] for item in json.loads(capsys.readouterr().out)["images"]}
    assert {name: Path(path).read_bytes() for name, path in files.items()} == pictures
