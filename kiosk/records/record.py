"""The activation record: a typed model of the published schema and the one builder of it.

The record is plain JSON (see ``simcontract/schemas/activation-record.schema.json``, schema version
:data:`~simcontract.validation.SCHEMA_VERSION`); the TypedDicts below name its parts for the
type checker and for readers. :func:`build_record` fills what the kiosk knows (record id, time,
kiosk, key id, software version, mode), digests (and, in evidence mode ``sealed``, seals) the
evidence images, checks ICCID and MSISDN, and validates the whole against the schema before
anything is signed.

In sealed mode the ciphertext is not part of the record (only its digest is): it rides along as
the ``sealed_evidence`` attribute of the returned :class:`ActivationRecord` and of the envelope
from :func:`sign_record`, and the outbox stores it beside the envelope. Plain images never leave
this module.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any, Literal, NotRequired, TypedDict

from kiosk import __version__
from kiosk.errors import InputError, KioskError
from kiosk.records.keys import DeviceKey, configured_evidence_key
from kiosk.settings import EvidenceMode, Settings
from simcontract import signing, validation
from simcontract.checkdigits import iccid_problem, luhn_check_digit
from simcontract.times import rfc3339
from simcontract.validation import RecordInvalid

SCHEMA_VERSION = validation.SCHEMA_VERSION
_EVIDENCE_NAME = re.compile(r"^[a-z0-9_]{1,64}$")


class DocumentInfo(TypedDict):
    format: Literal["TD1", "TD2", "TD3"]
    code: str
    issuer: str
    number: str
    expiry_date: str | None  # ISO date


class Subscriber(TypedDict):
    iin: str
    document: DocumentInfo
    surname: str
    given_names: str
    birth_date: str | None  # ISO date
    sex: Literal["M", "F", "X"]
    nationality: str


class Sim(TypedDict):
    iccid: str
    msisdn: str | None


class Challenge(TypedDict):
    kind: str
    passed: bool
    at_ms: float | None


class Liveness(TypedDict):
    passed: bool
    challenges: list[Challenge]
    model: str


class Match(TypedDict):
    distance: float
    threshold: float
    # a kiosk.biometrics.decision.MatchDecision (records do not import the biometrics layer)
    decision: str
    model: str


class DocumentChecks(TypedDict):
    mrz_valid: bool
    iin_valid: bool
    problems: list[str]


class Override(TypedDict):
    field: str
    clerk_id: str
    reason: str


class ReviewDecision(enum.StrEnum):
    """A clerk's decision on a referred customer. The record schema's ``review.decision``
    carries these exact strings."""

    APPROVED = "approved"
    REFUSED = "refused"


class ClerkReview(TypedDict):
    clerk_id: str
    decision: ReviewDecision
    reason: str


class ChipVerdict(TypedDict):
    access_protocol: str | None  # BAC or PACE
    passive_authentication: str  # passed, failed, not_performed
    chip_authentication: str  # passed, failed, not_supported
    active_authentication: str
    document_signer_key_id: str | None
    document_signer_country: NotRequired[str | None]
    problems: list[str]


class Verification(TypedDict):
    liveness: Liveness
    match: Match
    document_checks: DocumentChecks
    manual_overrides: list[Override]
    clerk_review: ClerkReview | None
    chip: NotRequired[ChipVerdict]  # schema version 2


class KioskInfo(TypedDict):
    kiosk_id: str
    key_id: str
    software_version: str


class ActivationRecord(dict):
    """The record as a plain JSON object (a dict), carrying the sealed evidence ciphertext, if
    any, as an attribute: it is not part of what is signed, only its digest is."""

    sealed_evidence: bytes | None = None


class SignedEnvelope(dict):
    """``{"record", "key_id", "signature"}``, with the record's ``sealed_evidence`` alongside."""

    sealed_evidence: bytes | None = None


# -- ICCID, MSISDN ------------------------------------------------------------------------------


def random_iccid(prefix: str = "8970", length: int = 19) -> str:
    """A fresh valid ICCID (CSPRNG digits after ``prefix``, Luhn digit last): for samples and
    tests; 897 is the telecom prefix with country code 7 (Kazakhstan)."""
    body = prefix + "".join(str(secrets.randbelow(10)) for _ in range(length - 1 - len(prefix)))
    return body + str(luhn_check_digit(body))


def normalise_sim(iccid: str, msisdn: str | None) -> Sim:
    iccid = iccid.strip().replace(" ", "")
    problem = iccid_problem(iccid)
    if problem:
        raise InputError(problem)
    if msisdn is not None:
        msisdn = msisdn.strip().removeprefix("+")
        if not (msisdn.isdigit() and 10 <= len(msisdn) <= 15):
            raise InputError("an MSISDN has 10 to 15 digits (E.164 without '+')")
    return {"iccid": iccid, "msisdn": msisdn}


# -- evidence -----------------------------------------------------------------------------------


def _encode_image(image: Any) -> tuple[bytes, Any]:
    """PNG bytes of a BGR image (lossless: the digest identifies exactly these pixels), and the
    numpy buffer to wipe afterwards."""
    import cv2

    ok, buf = cv2.imencode(".png", image)
    if not ok:
        raise InputError("an evidence image could not be encoded")
    return buf.tobytes(), buf


def encode_evidence(evidence: dict[str, Any]) -> dict[str, bytes]:
    """name -> encoded image bytes (bytes are taken as already encoded, e.g. JPEG)."""
    if len(evidence) > 10:
        raise InputError("at most 10 evidence images per record")
    out: dict[str, bytes] = {}
    for name, item in evidence.items():
        if not _EVIDENCE_NAME.match(name):
            raise InputError(f"evidence name {name!r} must be 1-64 of a-z, 0-9, _")
        if isinstance(item, (bytes, bytearray, memoryview)):
            out[name] = bytes(item)
        else:
            data, buf = _encode_image(item)
            out[name] = data
            buf.fill(0)
    return out


# -- the builder --------------------------------------------------------------------------------


def build_record(
    *,
    settings: Settings,
    key: DeviceKey,
    subscriber: Subscriber,
    sim: Sim,
    verification: Verification,
    evidence: dict[str, Any],
    clerk_id: str | None,
    record_id: str | None = None,
    created_at: datetime | None = None,
) -> ActivationRecord:
    """The activation record, validated against the schema. ``evidence``: name -> BGR image
    (numpy) or encoded image bytes. Raises InputError for a bad ICCID/MSISDN or evidence,
    RecordInvalid when the record breaks the schema, KioskError when sealing has no key."""
    record_id = record_id or str(uuid.uuid4())
    images = encode_evidence(evidence)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in images.items()}
    ev: dict[str, Any] = {"mode": settings.records.evidence, "digests": digests}
    sealed_evidence: bytes | None = None
    if settings.records.evidence == EvidenceMode.SEALED:
        server_key = configured_evidence_key(settings)
        if server_key is None:
            raise KioskError(
                "evidence is to be sealed but the server's evidence key is unknown: "
                "set records.evidence_key or contact the server once"
            )
        ev["sealed"], sealed_evidence = signing.seal(
            signing.pack_evidence(images), server_key, record_id=record_id
        )
    images.clear()
    record = ActivationRecord(
        # 2 only when the chip was read: a record without it stays valid for version-1 servers
        schema_version=2 if "chip" in verification else 1,
        record_id=record_id,
        created_at=rfc3339(created_at or datetime.now(UTC)),
        kiosk=KioskInfo(
            kiosk_id=settings.kiosk.id, key_id=key.key_id, software_version=__version__
        ),
        mode=settings.kiosk.mode,
        clerk_id=clerk_id,
        subscriber=subscriber,
        sim=normalise_sim(str(sim.get("iccid", "")), sim.get("msisdn")),
        verification=verification,
        evidence=ev,
    )
    record.sealed_evidence = sealed_evidence
    check_record(record)
    return record


def check_record(record: dict) -> None:
    try:
        validation.validate_record(record)
    except validation.RecordInvalid as exc:
        # The schema library's message quotes the offending value (a name, an IIN): keep it out.
        raise RecordInvalid(
            f"activation record invalid at {exc.path} ({exc.rule})", exc.path, exc.rule
        ) from None


def sign_record(record: dict, key: DeviceKey) -> SignedEnvelope:
    """The envelope ``{"record", "key_id", "signature"}`` (Ed25519 over RFC 8785)."""
    if record.get("kiosk", {}).get("key_id") != key.key_id:
        raise KioskError("the record names a different device key than the one signing it")
    envelope = SignedEnvelope(signing.make_envelope("record", dict(record), key.private_key))
    envelope.sealed_evidence = getattr(record, "sealed_evidence", None)
    return envelope
