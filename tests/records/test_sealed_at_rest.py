"""Records sealed at rest (issue 18), against the real server (``simkiosk-server`` in its own
process on 127.0.0.1): after several enrollments, a copy of the kiosk's whole home (outbox
database, its WAL, free pages, keys, everything) holds none of the customers' personal values;
the server opens what the kiosk sealed and answers with the receipt as for a plain record; a
record sealed for one server does not open with another's key; a kiosk that does not know the
server's key stores nothing rather than a plain record; an old outbox's plain records are
sealed when it is opened."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.cli import main
from kiosk.demo.server import LocalServer
from kiosk.diagnosis import run_all
from kiosk.documents.synthetic import Person, random_person
from kiosk.records.at_rest import open_outbox, protection
from kiosk.records.client import ActivationClient
from kiosk.records.freeze import freeze_reasons
from kiosk.records.keys import (
    TPM_DEVICES,
    DeviceKey,
    configured_evidence_key,
    ensure_device_key,
)
from kiosk.records.outbox import Outbox, OutboxError
from kiosk.records.record import build_record, random_iccid, sign_record
from kiosk.records.submission import SubmissionOutcome, flush, send_record, submit_record
from kiosk.records.submissions import today
from kiosk.settings import Settings, load_settings
from simcontract import sealing
from tests.records.support import VERIFICATION, make_envelope
from tests.support.plain_values import plainly_in


def _settings(home: Path, url: str, **records: str) -> Settings:
    env = {
        "SIMKIOSK_HOME": str(home),
        "SIMKIOSK_RECORDS_SERVER_URL": url,
        "SIMKIOSK_RECORDS_RETRIES": "0",
        "SIMKIOSK_RECORDS_CONNECT_TIMEOUT_S": "1",
    }
    env.update({f"SIMKIOSK_RECORDS_{k.upper()}": v for k, v in records.items()})
    settings = load_settings(env=env)
    settings.ensure_dirs()
    return settings


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, LocalServer]]:
    home = tmp_path_factory.mktemp("sealed-kiosk")
    ensure_device_key(_settings(home, "http://127.0.0.1:9"))
    # the server's files live outside the kiosk's home: the copy is of the kiosk alone
    with LocalServer(home, folder=tmp_path_factory.mktemp("sealed-server")) as srv:
        yield home, srv


def _subscriber(p: Person) -> dict:
    return {
        "iin": p.iin,
        "surname": p.surname,
        "given_names": p.given_names,
        "birth_date": p.birth_date.isoformat(),
        "sex": p.sex,
        "nationality": p.nationality,
        "document": {
            "format": "TD1",
            "code": "ID",
            "issuer": "KAZ",
            "number": p.document_number,
            "expiry_date": p.expiry_date.isoformat(),
        },
    }


def _personal_values(p: Person) -> set[bytes]:
    """Every personal value, in the forms a record, an MRZ or a screen would spell it."""
    b = p.birth_date
    texts = {
        p.iin,
        p.surname,
        p.document_number,
        b.isoformat(),
        b.strftime("%y%m%d"),
        b.strftime("%d.%m.%Y"),
        b.strftime("%Y%m%d"),
        *p.given_names.split(),
    }
    found = set()
    for text in texts:
        found |= {text.encode("utf-8"), text.encode("utf-16-le"), text.lower().encode()}
        found.add(json.dumps(text).encode())  # \u escapes of non-ASCII names
    return found


def _readable(folder: Path, people: list[Person]) -> list[str]:
    """Which personal values are found in which file's bytes (of a copy of ``folder``)."""
    hits = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for person in people:
            hits += [
                f"{path.relative_to(folder)}: {value!r}"
                for value in _personal_values(person)
                if plainly_in(value, data)
            ]
    return hits


def _server_private_key(srv: LocalServer) -> X25519PrivateKey:
    key = serialization.load_pem_private_key(
        (srv.folder / "evidence_x25519.pem").read_bytes(), password=None
    )
    assert isinstance(key, X25519PrivateKey)
    return key


def _enroll(
    settings: Settings, key: DeviceKey, outbox: Outbox, client: ActivationClient, person: Person
):
    return submit_record(
        settings,
        key,
        outbox,
        client,
        subscriber=_subscriber(person),
        sim={"iccid": random_iccid(), "msisdn": "77001234567"},
        verification=VERIFICATION,
        evidence={"live_face": b"\xff\xd8jpeg", "document_portrait": b"png"},
        clerk_id=None,
    )


def test_a_copy_of_the_kiosk_holds_no_personal_value(rig, tmp_path: Path) -> None:
    home, srv = rig
    rng = random.Random(18)
    people = [random_person(rng, today=dt.date(2026, 11, 30)) for _ in range(6)]
    settings = _settings(home, srv.url)
    key = ensure_device_key(settings)
    client = ActivationClient(settings)
    assert client.learn_evidence_key()  # pinned with the receipt key on first contact
    with open_outbox(settings) as outbox:
        results = [_enroll(settings, key, outbox, client, p) for p in people[:4]]
        assert [r.outcome for r in results] == ["activated"] * 4, results
        # two more while the server cannot be reached: they wait, sealed
        offline = ActivationClient(_settings(home, "http://127.0.0.1:9"))
        queued = [_enroll(settings, key, outbox, offline, p) for p in people[4:]]
        assert [r.outcome for r in queued] == ["queued"] * 2
        entries = [outbox.get(r.record_id) for r in results + queued]
        assert all(e is not None and e.sealed for e in entries)
        # the clerk's list still has the SIM's last digits and the states
        rows = today(outbox)
        assert sorted(r.state for r in rows) == ["delivered"] * 4 + ["queued"] * 2
        assert all(len(r.iccid_tail) == 4 and r.iccid_tail.isdigit() for r in rows)
        copy = tmp_path / "copy"
        shutil.copytree(home, copy)  # while the outbox is open: its -wal and -shm too
    assert (copy / settings.outbox_path.relative_to(home)).exists()
    assert _readable(copy, people) == []
    # the harness can see a plain value at all (the same search on a plain record finds it)
    control = tmp_path / "control"
    control.mkdir()
    (control / "plain.json").write_text(json.dumps(_subscriber(people[0]), ensure_ascii=False))
    assert len(_readable(control, people)) >= 5

    # the queued ones go once the server is back: the server opens them, receipts as usual
    with open_outbox(settings) as outbox:
        counts = flush(settings, outbox, client)
        assert counts["activated"] == 2, counts
        assert outbox.status()["pending"] == 0
        receipt = outbox.get(queued[0].record_id).receipt
        assert receipt["receipt"]["status"] == "activated"
        # purge: even the ciphertext goes, overwritten in the files (not only unlinked)
        ciphertexts = [
            outbox.get(r.record_id).envelope["sealed"]["ciphertext"].encode()
            for r in results + queued
        ]
        assert outbox.purge_finished(0) == 6
        assert all(outbox.get(r.record_id).envelope == {} for r in results + queued)
        assert all(outbox.get(r.record_id).receipt for r in results + queued)
        assert [r.iccid_tail for r in today(outbox)] == [""] * 6
    files = [p.read_bytes() for p in settings.outbox_path.parent.glob("outbox.sqlite3*")]
    for ciphertext in ciphertexts:
        assert not any(ciphertext[:40] in data for data in files)


def test_sealed_for_one_server_opens_only_with_its_key(rig, tmp_path: Path) -> None:
    home, srv = rig
    settings = _settings(home, srv.url)
    key = ensure_device_key(settings)
    client = ActivationClient(settings)
    assert client.learn_evidence_key()
    envelope = make_envelope(settings, key)
    own = _server_private_key(srv)
    wrapper = sealing.seal_envelope(envelope, own.public_key())
    # the right key opens it to the very envelope the kiosk signed (bytes and signature)
    assert sealing.open_sealed(wrapper, own) == json.loads(json.dumps(dict(envelope)))
    other = X25519PrivateKey.generate()
    with pytest.raises(sealing.SealedRecordError, match="different server key"):
        sealing.open_sealed(wrapper, other)
    # a forger who rewrites the key id still cannot decrypt
    forged = {
        "sealed": {
            **wrapper["sealed"],
            "server_key_id": sealing.signing.x25519_key_id(other.public_key()),
        }
    }
    with pytest.raises(sealing.SealedRecordError, match="does not decrypt"):
        sealing.open_sealed(forged, other)
    # the real server refuses a record sealed to another server, in its error JSON
    foreign = sealing.seal_envelope(envelope, other.public_key())
    resp = requests.post(
        srv.url + "/v1/activations",
        data=sealing.envelope_bytes(foreign),
        headers={"Content-Type": sealing.SEALED_CONTENT_TYPE},
        timeout=10,
    )
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "unsealable"
    # a record moved into another record's wrapper (another record id) does not open either
    moved = {
        "sealed": {**wrapper["sealed"], "record_id": "0" * 8 + wrapper["sealed"]["record_id"][8:]}
    }
    with pytest.raises(sealing.SealedRecordError):
        sealing.open_sealed(moved, own)


def test_without_the_server_key_nothing_is_stored(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "home", "http://127.0.0.1:9")
    key = ensure_device_key(settings)
    with open_outbox(settings) as outbox:
        assert any("never stored plain" in r for r in freeze_reasons(settings, outbox))
        with pytest.raises(OutboxError, match="server's key is not known"):
            outbox.enqueue(make_envelope(settings, key))
        assert outbox.counts()["pending"] == 0
    # only an explicit setting for an air-gapped rig stores plain records
    rig_settings = _settings(tmp_path / "home", "http://127.0.0.1:9", seal_at_rest="false")
    with open_outbox(rig_settings) as outbox:
        assert not any("plain" in r for r in freeze_reasons(rig_settings, outbox))
        record_id = outbox.enqueue(make_envelope(rig_settings, key))
        assert not outbox.get(record_id).sealed


def test_an_old_outbox_is_sealed_when_opened_and_still_delivered(rig, tmp_path: Path) -> None:
    home, srv = rig
    settings = _settings(home, srv.url)
    key = ensure_device_key(settings)
    client = ActivationClient(settings)
    assert client.learn_evidence_key()
    old = tmp_path / "old" / "outbox.sqlite3"
    person = random_person(random.Random(7), today=dt.date(2026, 11, 30))
    envelope = sign_record(
        build_record(
            settings=settings,
            key=key,
            subscriber=_subscriber(person),
            sim={"iccid": random_iccid(), "msisdn": "77001234567"},
            verification=VERIFICATION,
            evidence={"live_face": b"x"},
            clerk_id=None,
        ),
        key,
    )
    with Outbox(old) as plain_box:  # as the previous release stored it
        record_id = plain_box.enqueue(envelope)
        assert not plain_box.get(record_id).sealed
    assert _readable(old.parent, [person])  # plain: readable before the migration
    with Outbox(old, seal_to=configured_evidence_key(settings), require_sealed=True) as box:
        entry = box.get(record_id)
        assert entry.sealed and entry.iccid_tail == envelope["record"]["sim"]["iccid"][-4:]
        assert _readable(old.parent, [person]) == []
        assert send_record(settings, box, client, record_id).outcome == SubmissionOutcome.ACTIVATED


def test_diagnostics_and_keys_show_say_how_records_and_key_are_kept(
    rig, capsys, monkeypatch
) -> None:
    home, srv = rig
    settings = _settings(home, srv.url)
    assert ActivationClient(settings).learn_evidence_key()
    by = {c.name: c for c in run_all(settings, devices=False)}
    assert "sealed to the server's key" in by["outbox"].info["records_at_rest"]
    assert "key file protected by file mode only" in by["key"].detail
    if not any(Path(d).exists() for d in TPM_DEVICES):
        assert "no TPM: key file protected by file mode only" in by["key"].detail
    rig_settings = _settings(home, srv.url, seal_at_rest="false")
    with open_outbox(rig_settings) as outbox:
        assert "PLAIN" in protection(rig_settings, outbox)
    monkeypatch.setenv("SIMKIOSK_HOME", str(home))
    assert main(["keys", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["protection"] == "file" and "file mode only" in shown["protection_detail"]


def test_plain_records_are_sealed_once_the_key_is_learnt(
    settings, device_key, tmp_path: Path
) -> None:
    """A kiosk started offline with an old outbox: its plain records are sealed as soon as the
    server's key becomes known (first contact), not only at the next start."""
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as old:
        record_id = old.enqueue(make_envelope(settings, device_key))
    server = X25519PrivateKey.generate()
    known: list = []
    with Outbox(path, seal_to=lambda: known[0] if known else None, require_sealed=True) as box:
        assert not box.get(record_id).sealed  # no key yet: left as it was, still sent
        with pytest.raises(OutboxError):
            box.enqueue(make_envelope(settings, device_key))
        known.append(server.public_key())
        box.enqueue(make_envelope(settings, device_key))
        entry = box.get(record_id)
        assert entry.sealed and entry.key_id == device_key.key_id
        opened = sealing.open_sealed(entry.envelope, server)
        assert opened["record"]["record_id"] == record_id
    assert b'"iin"' not in path.read_bytes()
