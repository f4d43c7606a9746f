"""Records sealed at rest (issue 18): what sealing adds per record on the kiosk (goal under
2 ms) and what unsealing adds on the server (goal under 1 ms), against today's plain path in
the same run. Prints figures; asserts nothing about time.

Kiosk: the sealed wrapper and the plain facts (sealing.seal_envelope + public_fields) against
the plain JSON the outbox stored before; and a whole durable enqueue, sealed vs plain.
Server: transport.open_body on the sealed body against the plain body (which it passes on).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from server.transport import open_body

from kiosk.records.keys import init_device_key
from kiosk.records.outbox import Outbox
from kiosk.records.record import build_record, random_iccid, sign_record
from kiosk.settings import load_settings
from simcontract import sealing

N = 300
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


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    return (
        f"median {statistics.median(ordered) * 1000:.3f} ms, "
        f"p95 {ordered[int(len(ordered) * 0.95)] * 1000:.3f} ms"
    )


def _timed(func, items) -> list[float]:
    out = []
    for item in items:
        t0 = time.perf_counter()
        func(item)
        out.append(time.perf_counter() - t0)
    return out


def test_sealing_cost_per_record(tmp_path: Path) -> None:
    settings = load_settings(env={"SIMKIOSK_HOME": str(tmp_path)})
    settings.ensure_dirs()
    key = init_device_key(settings)
    envelopes = [
        sign_record(
            build_record(
                settings=settings,
                key=key,
                subscriber=SUBSCRIBER,
                sim={"iccid": random_iccid(), "msisdn": "77001234567"},
                verification=VERIFICATION,
                evidence={"live_face": b"\xff\xd8" + bytes(60_000)},
                clerk_id=None,
            ),
            key,
        )
        for _ in range(N)
    ]
    server = X25519PrivateKey.generate()
    public = server.public_key()

    plain_store = _timed(sealing.envelope_bytes, envelopes)
    sealed_store = _timed(
        lambda e: (sealing.seal_envelope(e, public), sealing.public_fields(e)), envelopes
    )

    # interleaved, one record each in turn: the shared disk's fsync noise falls on both alike
    plain_enqueue, sealed_enqueue = [], []
    with (
        Outbox(tmp_path / "plain.sqlite3") as plain_box,
        Outbox(tmp_path / "sealed.sqlite3", seal_to=public, require_sealed=True) as box,
    ):
        for envelope in envelopes:
            plain_enqueue += _timed(plain_box.enqueue, [envelope])
            sealed_enqueue += _timed(box.enqueue, [envelope])

    plain_bodies = [sealing.envelope_bytes(e) for e in envelopes]
    sealed_bodies = [sealing.envelope_bytes(sealing.seal_envelope(e, public)) for e in envelopes]
    server_plain = _timed(lambda b: open_body(b, server), plain_bodies)
    server_sealed = _timed(lambda b: open_body(b, server), sealed_bodies)
    assert all(isinstance(open_body(b, server), bytes) for b in sealed_bodies[:5])

    extra_kiosk = statistics.median(sealed_store) - statistics.median(plain_store)
    extra_server = statistics.median(server_sealed) - statistics.median(server_plain)
    print(f"\nrecord envelope {len(plain_bodies[0])} B plain, {len(sealed_bodies[0])} B sealed")
    print(f"kiosk  store form  plain:  {_ms(plain_store)}")
    print(f"kiosk  store form  sealed: {_ms(sealed_store)}")
    print(f"kiosk  enqueue     plain:  {_ms(plain_enqueue)}")
    print(f"kiosk  enqueue     sealed: {_ms(sealed_enqueue)}")
    print(f"server open body   plain:  {_ms(server_plain)}")
    print(f"server open body   sealed: {_ms(server_sealed)}")
    print(
        f"added by sealing: kiosk {extra_kiosk * 1000:.3f} ms/record (goal < 2 ms), "
        f"server {extra_server * 1000:.3f} ms/record (goal < 1 ms)"
    )
