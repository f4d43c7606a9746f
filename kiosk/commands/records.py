"""``simkiosk records sample [--iin IIN] [--iccid ICCID] [--enqueue]``: a signed activation record
for a synthetic subject, for integrators and tests. A fresh valid ICCID each time unless given;
``--enqueue`` also stores it in the outbox like a real enrollment. The subject is made up
(kiosk.documents' synthetic people); the evidence images are random noise."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from kiosk.biometrics.decision import MatchDecision
from kiosk.errors import InputError
from kiosk.imaging.moves import ChallengeKind
from kiosk.settings import KioskMode, Settings

if TYPE_CHECKING:  # the records layer is imported by the commands that need it
    from kiosk.records.record import Subscriber, Verification


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["sample"])
    p.add_argument("--iin", help="use this IIN (must be valid); birth date and sex follow it")
    p.add_argument(
        "--iccid", help="use this ICCID (19-20 digits, 89..., Luhn) instead of a fresh one"
    )
    p.add_argument("--msisdn", help="E.164 digits without '+' (default: a random +7 700 number)")
    p.add_argument("--enqueue", action="store_true", help="also store it in the outbox")


def synthetic_subject(iin: str | None) -> Subscriber:
    """A made-up subscriber in the record's shape (built here: the records layer must not
    import the documents layer)."""
    import datetime as dt
    import random

    from kiosk.documents.iin import parse_iin
    from kiosk.documents.synthetic import random_person

    person = random_person(random.Random())  # seeded from the OS: a new subject every time
    birth: dt.date | None = person.birth_date
    sex: str | None = person.sex
    if iin is not None:
        parsed = parse_iin(iin)
        if not parsed.valid:
            raise InputError(f"--iin is not a valid IIN: {parsed.reason}")
        birth, sex, person_iin = parsed.birth_date, parsed.sex, iin
    else:
        person_iin = person.iin
    assert birth is not None and sex is not None
    if birth > dt.date.today():
        raise InputError("--iin gives a birth date in the future")
    return {
        "iin": person_iin,
        "document": {
            "format": "TD1",
            "code": "ID",
            "issuer": person.nationality,
            "number": person.document_number,
            "expiry_date": person.expiry_date.isoformat(),
        },
        "surname": person.surname,
        "given_names": person.given_names,
        "birth_date": birth.isoformat(),
        "sex": "F" if sex == "F" else "M",  # IINs: M or F
        "nationality": person.nationality,
    }


def sample_verification(settings: Settings) -> Verification:
    import secrets

    kinds = list(ChallengeKind)
    secrets.SystemRandom().shuffle(kinds)
    bio = settings.biometrics
    return {
        "liveness": {
            "passed": True,
            "model": "sample",
            "challenges": [
                {"kind": k, "passed": True, "at_ms": 900.0 + 1500 * i}
                for i, k in enumerate(kinds[: bio.challenges_min])
            ],
        },
        "match": {
            "distance": round(bio.match_threshold * 0.7, 4),
            "threshold": bio.match_threshold,
            "decision": MatchDecision.MATCH,
            "model": "sample",
        },
        "document_checks": {"mrz_valid": True, "iin_valid": True, "problems": []},
        "manual_overrides": [],
        "clerk_review": None,
    }


def run(args: argparse.Namespace, settings: Settings) -> int:
    import secrets

    import numpy as np

    from kiosk.records.keys import ensure_device_key
    from kiosk.records.record import build_record, random_iccid, sign_record

    key = ensure_device_key(settings)
    rng = np.random.default_rng()
    evidence = {
        name: rng.integers(0, 256, (96, 96, 3), dtype=np.uint8)
        for name in ("document_portrait", "live_face")
    }
    msisdn = args.msisdn or f"7700{secrets.randbelow(10**7):07d}"
    record = build_record(
        settings=settings,
        key=key,
        subscriber=synthetic_subject(args.iin),
        sim={"iccid": args.iccid or random_iccid(), "msisdn": msisdn},
        verification=sample_verification(settings),
        evidence=evidence,
        clerk_id="clerk-sample" if settings.kiosk.mode == KioskMode.ASSISTED else None,
    )
    envelope = sign_record(record, key)
    if args.enqueue:
        from kiosk.records.at_rest import open_outbox

        with open_outbox(settings) as outbox:
            outbox.enqueue(envelope)
    print(
        json.dumps(envelope, ensure_ascii=False)
        if args.json
        else json.dumps(envelope, ensure_ascii=False, indent=2)
    )
    return 0
