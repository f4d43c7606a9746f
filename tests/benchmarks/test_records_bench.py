"""Enqueue + sign per record (goal: under 5 ms on the kiosk, so submission never slows the
customer). Prints figures; asserts nothing about time.

Peers, run in the same process on the same records: signing over ``json.dumps(sort_keys=True)``
instead of RFC 8785 (the cost of canonicalisation), and an SQLite insert with
``synchronous=OFF`` (the cost of the outbox's durability: each enqueue waits for the disk).
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time

from kiosk.records.keys import init_device_key
from kiosk.records.outbox import Outbox
from kiosk.records.record import build_record, random_iccid, sign_record
from kiosk.settings import load_settings
from simcontract import signing

N = 200
SUBSCRIBER = {
    "iin": "900101401001",
    "document": {
        "format": "TD1",
        "code": "ID",
        "issuer": "KAZ",
        "number": "012345678",
        "expiry_date": "2031-05-01",
    },
    "surname": "ZHAKSYBEKOVA",
    "given_names": "ARUZHAN MARATKYZY",
    "birth_date": "1990-01-01",
    "sex": "F",
    "nationality": "KAZ",
}
VERIFICATION = {
    "liveness": {
        "passed": True,
        "model": "mediapipe_face_mesh_0.10.21",
        "challenges": [
            {"kind": k, "passed": True, "at_ms": 700.0 + 1500 * i}
            for i, k in enumerate(("blink", "turn_left", "smile"))
        ],
    },
    "match": {"distance": 0.41, "threshold": 0.5, "decision": "match", "model": "dlib_resnet_v1"},
    "document_checks": {"mrz_valid": True, "iin_valid": True, "problems": []},
    "manual_overrides": [],
    "clerk_review": None,
}
EVIDENCE = {
    "document_portrait": b"\x89PNG" + bytes(30_000),
    "live_face": b"\xff\xd8" + bytes(60_000),
}


def _ms(samples: list[float]) -> str:
    s = sorted(samples)
    return f"median {statistics.median(s) * 1000:.2f} ms, p95 {s[int(len(s) * 0.95)] * 1000:.2f} ms"


def test_enqueue_and_sign_per_record(simkiosk_home) -> None:
    settings = load_settings(env={"SIMKIOSK_HOME": str(simkiosk_home)})
    settings.ensure_dirs()
    key = init_device_key(settings)
    records = [
        build_record(
            settings=settings,
            key=key,
            subscriber=SUBSCRIBER,
            sim={"iccid": random_iccid(), "msisdn": "77001234567"},
            verification=VERIFICATION,
            evidence=EVIDENCE,
            clerk_id=None,
        )
        for _ in range(N)
    ]

    build, sign, enqueue, total = [], [], [], []
    peer_sign, peer_insert = [], []
    with Outbox(settings.outbox_path) as outbox:
        for record in records:
            t0 = time.perf_counter()
            fresh = build_record(
                settings=settings,
                key=key,
                subscriber=SUBSCRIBER,
                sim={"iccid": random_iccid(), "msisdn": "77001234567"},
                verification=VERIFICATION,
                evidence=EVIDENCE,
                clerk_id=None,
            )
            t1 = time.perf_counter()
            envelope = sign_record(record, key)
            t2 = time.perf_counter()
            outbox.enqueue(envelope)
            t3 = time.perf_counter()
            build.append(t1 - t0)
            sign.append(t2 - t1)
            enqueue.append(t3 - t2)
            total.append(t3 - t1)
            assert fresh["record_id"] != record["record_id"]

    # Peers on the same records.
    peer_db = sqlite3.connect(simkiosk_home / "peer.sqlite3", isolation_level=None)
    peer_db.execute("PRAGMA journal_mode=WAL")
    peer_db.execute("PRAGMA synchronous=OFF")
    peer_db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT)")
    for record in records:
        t0 = time.perf_counter()
        body = json.dumps(record, sort_keys=True, separators=(",", ":")).encode()
        key.private_key.sign(body)
        t1 = time.perf_counter()
        peer_db.execute("INSERT INTO t VALUES (?, ?)", (record["record_id"] + "x", body))
        t2 = time.perf_counter()
        peer_sign.append(t1 - t0)
        peer_insert.append(t2 - t1)
    peer_db.close()
    for record in records[:5]:
        signing.verify(record, sign_record(record, key)["signature"], key.public_key)

    size = len(signing.canonical_bytes(records[0]))
    print(f"\nrecords: {N} records, {size} canonical bytes each")
    print(f"  build (schema check, evidence digests): {_ms(build)}")
    print(f"  sign (RFC 8785 + Ed25519):              {_ms(sign)}")
    print(f"  enqueue (SQLite WAL, synchronous=FULL): {_ms(enqueue)}")
    print(f"  sign + enqueue:                         {_ms(total)}  (goal < 5 ms)")
    print(
        f"  peer sign over json.dumps(sort_keys):   {_ms(peer_sign)}  ratio "
        f"{statistics.median(sign) / statistics.median(peer_sign):.1f}x"
    )
    print(
        f"  peer insert, synchronous=OFF:           {_ms(peer_insert)}  ratio "
        f"{statistics.median(enqueue) / statistics.median(peer_insert):.1f}x"
    )
