"""The activation rules: one submission in, a :class:`~server.refusals.Done` (the signed
receipt) or a :class:`~server.refusals.Refusal` out; the HTTP edge gives both their status.

Order of checks: the envelope's shape; the kiosk's registered, non-revoked key; the Ed25519
signature over the RFC 8785 canonical record; the JSON Schema; then, in one database transaction
serialised per person: a resend of a known record id (same record: the stored receipt; another
record: a conflict), the clock window, an ICCID already active, and the per-person cap. Expensive
CPU work happens before the transaction, so locks are held only for a few indexed queries.
Every submission, accepted or refused, leaves one row in the audit table.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine, select

from server.config import ServerConfig
from server.keys import EvidenceKey, ReceiptKey
from server.limits import RefusalLimiter, Tally
from server.models import Kiosk
from server.refusals import Done, Refusal, http_status
from server.store import Store, Transaction
from simcontract import ids
from simcontract.answers import AnswerCode
from simcontract.signing import SignatureError, canonical_bytes, load_public_key_pem, sign
from simcontract.times import rfc3339
from simcontract.validation import RecordInvalid, validate_record

_UNPRINTABLE = re.compile(r"[^\x20-\x7e]")
# concurrent transactions that collide on a unique index are re-run; the re-read then decides
INTEGRITY_RETRIES = 3


def audit_row(
    receipt_key: ReceiptKey,
    *,
    outcome: str,
    code: str,
    status: int,
    kiosk_id: str | None,
    record_id: str | None,
    iin: str | None,
    reason: str,
) -> dict[str, Any]:
    """One audit table row: ids and a reason, the person only as a keyed hash of the IIN."""
    # the one gate before storage: a value that is not exactly an id is not kept
    iin = ids.iin_or_none(iin)
    return {
        "at": _utcnow(),
        "outcome": outcome,
        "code": code,
        "http_status": status,
        "kiosk_id": ids.kiosk_id_or_none(kiosk_id),
        "record_id": ids.record_id_or_none(record_id),
        "subject_hash": receipt_key.subject_hash(iin) if iin else None,
        # printable characters only: NUL and lone surrogates (a schema path can carry the
        # record's own keys) PostgreSQL's text type would refuse
        "reason": "".join(ch if ch.isprintable() else "?" for ch in reason)[:300],
    }


@dataclass
class ActivationAttempt:
    """What is known about a submitted record so far (for the audit row), then the checked
    record."""

    kiosk_id: str | None = None
    record_id: str | None = None
    iin: str | None = None
    key_id: str = ""
    record: dict[str, Any] = field(default_factory=dict)
    canonical: bytes = b""
    signature: str = ""
    created_at: datetime | None = None
    clock_refusal: Refusal | None = None
    # the signature verified with the kiosk's registered key: its refusals are always audited
    # one by one (unauthenticated ones may be counted per address and minute instead)
    authenticated: bool = False


@dataclass(frozen=True)
class Verdict:
    """What the transaction decided, and what its audit row says."""

    result: Done | Refusal
    audit_outcome: str  # accepted | repeated | refused
    audit_reason: str


@dataclass(frozen=True)
class KioskKey:
    key_id: str
    public_key: Ed25519PublicKey
    revoked: bool


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("duplicate key")
    return obj


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub("?", text)


def parse_json_strictly(body: bytes) -> Any:
    """The body as JSON, or a 400 Refusal: UTF-8 only (json.loads would also take UTF-16/32),
    no byte order mark, no duplicate keys (parsers differ on which one wins), no NaN/Infinity.
    The signature is checked over what this parser read; other readers of the same bytes must
    not be able to read anything else."""
    if body.startswith(b"\xef\xbb\xbf"):
        raise Refusal(AnswerCode.MALFORMED, "the body starts with a byte order mark")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(AnswerCode.MALFORMED, "the body is not UTF-8") from None
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError) as exc:
        duplicate = str(exc) == "duplicate key"
        raise Refusal(
            AnswerCode.MALFORMED,
            "the body has a duplicate key in an object"
            if duplicate
            else "the body is not valid JSON",
        ) from None


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return rfc3339(moment)


class ActivationService:
    """Thread-safe; one per server process, shared by the request threads."""

    def __init__(
        self,
        engine: Engine,
        config: ServerConfig,
        receipt_key: ReceiptKey,
        evidence_key: EvidenceKey,
    ) -> None:
        self.engine, self.config, self.receipt_key = engine, config, receipt_key
        self.transport_key = evidence_key.private_key  # opens records sent sealed (transport)
        # parsed kiosk keys; the commit transaction re-reads the kiosk row, so a revocation made
        # by another process is honoured at once and evicts the stale entry
        self._kiosk_keys: dict[str, KioskKey] = {}
        self._cache_lock = threading.Lock()
        self.store = Store(engine)
        self.refusals = RefusalLimiter(
            config.refusals_per_minute, config.audited_refusals_per_minute
        )
        self.server_key_body = json.dumps(
            {
                "key_id": receipt_key.key_id,
                "public_key_pem": receipt_key.public_key_pem,
                "evidence_key_id": evidence_key.key_id,
                "evidence_public_key_pem": evidence_key.public_key_pem,
            }
        ).encode()

    # -- entry points --------------------------------------------------------------------

    def submit(self, body: bytes, source: str | None = None) -> Done:
        """The receipt (``activated``, or ``resent`` for the same record again); raises the
        Refusal, audited. ``source``: the client's address, for the limits on unauthenticated
        refusals (None: no limit, every refusal audited)."""
        sub = ActivationAttempt()
        try:
            for _attempt in range(2):
                sub = ActivationAttempt()
                self._check(body, sub)
                verdict = self._commit(sub)
                if verdict is not None:
                    break
                # the cached kiosk key was stale (re-registered elsewhere): check again
            else:
                raise Refusal(
                    AnswerCode.KEY_MISMATCH, "the kiosk's registered key changed; try again"
                )
        except Refusal as refusal:
            self.audit_refusal(
                source,
                sub.authenticated,
                self._audit_row(sub, "refused", refusal.code, refusal.audit_reason),
            )
            raise
        if isinstance(verdict.result, Refusal):
            raise verdict.result  # audited in the transaction that decided it
        return verdict.result

    def refuse_too_large(self, source: str | None = None) -> Refusal:
        """The audited refusal of a body over the limit (the edge answers it)."""
        refusal = Refusal(
            AnswerCode.BODY_TOO_LARGE,
            f"the request body exceeds {self.config.max_body_bytes} bytes",
        )
        self.audit_refusal(
            source,
            False,
            self._audit_row(ActivationAttempt(), "refused", refusal.code, refusal.audit_reason),
        )
        return refusal

    def refuse_rate_limited(self, source: str | None) -> Refusal:
        """The address has used up this minute's refusals: answered without reading its
        request, counted (not one audit row each)."""
        refusal = Refusal(
            AnswerCode.RATE_LIMITED,
            "too many refused requests from this address; try again in a minute",
            "too many refused requests",
        )
        self.audit_refusal(
            source,
            False,
            self._audit_row(ActivationAttempt(), "refused", refusal.code, refusal.audit_reason),
        )
        return refusal

    def audit_refusal(self, source: str | None, authenticated: bool, row: dict[str, Any]) -> None:
        """Store a refusal's audit row; an unauthenticated refusal from a known address beyond
        the first few of its minute is counted instead, in one row per address and minute."""
        own_row = authenticated or source is None or self.refusals.note(source, row["code"])
        tallies = self.refusals.take_finished()
        if not own_row and not tallies:
            return
        try:
            with self.store.transaction() as tx:
                if own_row:
                    tx.insert_audit(row)
                for tally in tallies:
                    tx.insert_audit(self._tally_row(tally))
        except Exception:
            self.refusals.put_back(tallies)
            raise

    def flush_refusal_counts(self, *, everything: bool = True) -> None:
        """Store the counts of the minutes that are over (every minute's, with ``everything``:
        at shutdown)."""
        tallies = self.refusals.take_finished(everything=everything)
        if tallies:
            try:
                with self.store.transaction() as tx:
                    for tally in tallies:
                        tx.insert_audit(self._tally_row(tally))
            except Exception:
                self.refusals.put_back(tallies)
                raise

    def _tally_row(self, tally: Tally) -> dict[str, Any]:
        row = audit_row(
            self.receipt_key,
            outcome="refused",
            code="refusals_counted",
            status=0,
            kiosk_id=None,
            record_id=None,
            iin=None,
            reason=tally.reason(),
        )
        row["at"] = tally.minute_start
        return row

    # -- checks before the transaction -------------------------------------------------------

    def _check(self, body: bytes, sub: ActivationAttempt) -> None:
        envelope = parse_json_strictly(body)
        if not isinstance(envelope, dict) or set(envelope) != {"record", "key_id", "signature"}:
            raise Refusal(
                AnswerCode.MALFORMED,
                "the body must be an object with exactly record, key_id and signature",
            )
        record, key_id, signature = envelope["record"], envelope["key_id"], envelope["signature"]
        if (
            not isinstance(record, dict)
            or not isinstance(key_id, str)
            or not isinstance(signature, str)
        ):
            raise Refusal(
                AnswerCode.MALFORMED,
                "record must be an object; key_id and signature must be strings",
            )
        self._note_ids(record, sub)
        kiosk = record.get("kiosk")
        if not isinstance(kiosk, dict):
            kiosk = {}
        kiosk_id = kiosk.get("kiosk_id")
        if not ids.is_kiosk_id(kiosk_id):
            raise Refusal(AnswerCode.SCHEMA_INVALID, "kiosk/kiosk_id: missing or not a kiosk id")
        registered = self._kiosk_key(kiosk_id)
        if registered is not None and (registered.revoked or key_id != registered.key_id):
            # a cached entry may predate a re-registration made by another process
            self.forget_kiosk(kiosk_id)
            registered = self._kiosk_key(kiosk_id)
        if registered is None:
            raise Refusal(AnswerCode.UNKNOWN_KIOSK, "this kiosk is not registered with the server")
        if registered.revoked:
            raise Refusal(AnswerCode.KIOSK_REVOKED, "this kiosk's registration has been revoked")
        if key_id != registered.key_id:
            raise Refusal(
                AnswerCode.KEY_MISMATCH, "the envelope's key_id is not the kiosk's registered key"
            )
        if kiosk.get("key_id") != registered.key_id:
            raise Refusal(
                AnswerCode.KEY_MISMATCH,
                "the record's kiosk/key_id is not the kiosk's registered key",
            )
        try:
            canonical = canonical_bytes(record)
        except (SignatureError, RecursionError):
            raise Refusal(
                AnswerCode.SCHEMA_INVALID, "the record holds values that JSON cannot carry exactly"
            ) from None
        try:
            raw_signature = base64.b64decode(signature, validate=True)
            if len(raw_signature) != 64:
                raise ValueError("an Ed25519 signature has 64 bytes")
            if base64.b64encode(raw_signature).decode("ascii") != signature:
                # non-zero padding bits: another decoder of the stored text may read other bytes
                raise ValueError("not canonical base64")
            registered.public_key.verify(raw_signature, canonical)
            sub.authenticated = True
        except (binascii.Error, ValueError, InvalidSignature):
            raise Refusal(
                AnswerCode.BAD_SIGNATURE,
                "the signature does not verify with the kiosk's registered key",
            ) from None
        try:
            validate_record(record)
            created_at = datetime.fromisoformat(record["created_at"])
        except RecordInvalid as exc:
            # where and which rule, never the value: the record is personal data
            where = _printable(exc.path or "(record)")[:120]
            rule = "check digit" if exc.rule == "checksum" else _printable(exc.rule)[:40]
            raise Refusal(
                AnswerCode.SCHEMA_INVALID,
                f"the record does not match the schema at {where} (rule: {rule})",
                f"schema violation at {where} ({rule})",
            ) from None
        except ValueError:
            raise Refusal(
                AnswerCode.SCHEMA_INVALID, "created_at: not a real date and time"
            ) from None
        sub.kiosk_id, sub.key_id, sub.record, sub.canonical = kiosk_id, key_id, record, canonical
        sub.signature, sub.created_at = signature, created_at
        sub.clock_refusal = self._clock_refusal(created_at)

    @staticmethod
    def _note_ids(record: dict[str, Any], sub: ActivationAttempt) -> None:
        """Ids for the audit row, kept only when they look like ids (never free text)."""
        kiosk = record.get("kiosk")
        sub.kiosk_id = ids.kiosk_id_or_none(
            kiosk.get("kiosk_id") if isinstance(kiosk, dict) else None
        )
        sub.record_id = ids.record_id_or_none(record.get("record_id"))
        subscriber = record.get("subscriber")
        sub.iin = ids.iin_or_none(subscriber.get("iin") if isinstance(subscriber, dict) else None)

    def _clock_refusal(self, created_at: datetime) -> Refusal | None:
        now = _utcnow()
        if created_at > now + timedelta(seconds=self.config.clock_skew_s):
            return Refusal(
                AnswerCode.FUTURE_DATED,
                f"the record is dated in the future beyond the allowed "
                f"{self.config.clock_skew_s:g} s of clock skew; check the kiosk's clock",
            )
        if created_at < now - timedelta(hours=self.config.max_record_age_h):
            return Refusal(
                AnswerCode.TOO_OLD,
                f"the record is older than the accepted {self.config.max_record_age_h:g} hours",
            )
        return None

    def _kiosk_key(self, kiosk_id: str) -> KioskKey | None:
        cached = self._kiosk_keys.get(kiosk_id)
        if cached is not None:
            return cached
        with self.store.writer, self.engine.connect() as conn:
            row = conn.execute(
                select(Kiosk.key_id, Kiosk.public_key_pem, Kiosk.revoked_at).where(
                    Kiosk.kiosk_id == kiosk_id
                )
            ).first()
        if row is None:
            return None  # not cached: a registration takes effect at once
        entry = KioskKey(
            row.key_id, load_public_key_pem(row.public_key_pem), row.revoked_at is not None
        )
        with self._cache_lock:
            self._kiosk_keys[kiosk_id] = entry
        return entry

    def forget_kiosk(self, kiosk_id: str) -> None:
        with self._cache_lock:
            self._kiosk_keys.pop(kiosk_id, None)

    # -- the transaction ---------------------------------------------------------------------

    def _commit(self, sub: ActivationAttempt) -> Verdict | None:
        """The verdict, or None when the cached kiosk key turned out stale (caller re-checks).
        Three statements: the kiosk row with the person's lock, the rules' reads, the inserts."""
        assert sub.kiosk_id is not None and sub.record_id is not None and sub.iin is not None
        for _attempt in range(INTEGRITY_RETRIES):
            try:
                with self.store.transaction() as tx:
                    kiosk = tx.kiosk_locking_person(
                        sub.kiosk_id, sub.iin, sub.record["sim"]["iccid"]
                    )
                    if kiosk is None or kiosk.key_id != sub.key_id:
                        self.forget_kiosk(sub.kiosk_id)
                        return None
                    if kiosk.revoked_at is not None:
                        self.forget_kiosk(sub.kiosk_id)
                        raise Refusal(
                            AnswerCode.KIOSK_REVOKED, "this kiosk's registration has been revoked"
                        )
                    verdict = self._decide(tx, sub)
                    tx.insert_audit(
                        self._audit_row(
                            sub, verdict.audit_outcome, verdict.result.code, verdict.audit_reason
                        )
                    )
                    return verdict
            except self.store.unique_violation:
                continue  # a concurrent transaction inserted first; re-read and decide again
        raise RuntimeError("activation kept colliding with concurrent transactions")

    def _decide(self, tx: Transaction, sub: ActivationAttempt) -> Verdict:
        sha = hashlib.sha256(sub.canonical).hexdigest()
        iccid = sub.record["sim"]["iccid"]
        assert sub.record_id is not None and sub.iin is not None
        state = tx.rule_state(sub.record_id, iccid, sub.iin)
        stored_sha, person_active = state.record_sha256, state.person_active
        limit = self.config.max_sims_per_person
        if stored_sha is not None:
            if stored_sha == sha and state.receipt is not None:
                return Verdict(
                    Done(AnswerCode.RESENT, state.receipt.encode()),
                    "repeated",
                    "the same record again: the stored receipt",
                )
            refusal = Refusal(
                AnswerCode.RECORD_CONFLICT,
                "a different record was already submitted under this record id",
            )
        elif sub.clock_refusal is not None:
            refusal = sub.clock_refusal
        elif state.iccid_active:
            refusal = Refusal(AnswerCode.ICCID_ACTIVE, "this SIM card (ICCID) is already active")
        elif person_active >= limit:
            refusal = Refusal(
                AnswerCode.SIM_LIMIT_REACHED,
                f"this person already has {person_active} active SIM cards; the limit is {limit}",
            )
        else:
            return self._activate(tx, sub, sha, iccid)
        return Verdict(refusal, "refused", refusal.audit_reason)

    def _activate(self, tx: Transaction, sub: ActivationAttempt, sha: str, iccid: str) -> Verdict:
        now = _utcnow()
        receipt = {
            "receipt_id": str(uuid.uuid4()),
            "record_id": sub.record_id,
            "kiosk_id": sub.kiosk_id,
            "iccid": iccid,
            "status": AnswerCode.ACTIVATED,
            "issued_at": _iso(now),
        }
        envelope = {
            "receipt": receipt,
            "key_id": self.receipt_key.key_id,
            "signature": sign(receipt, self.receipt_key.private_key),
        }
        receipt_text = json.dumps(envelope, separators=(",", ":"))
        tx.insert_activation(
            {
                "record_id": sub.record_id,
                "record_sha256": sha,
                "record": sub.canonical,
                "signature": sub.signature,
                "kiosk_id": sub.kiosk_id,
                "iccid": iccid,
                "iin": sub.iin,
                "created_at": sub.created_at,
                "activated_at": now,
                "receipt": receipt_text,
                "active": True,
            }
        )
        return Verdict(Done(AnswerCode.ACTIVATED, receipt_text.encode()), "accepted", "activated")

    # -- audit -------------------------------------------------------------------------------

    def _audit_row(
        self, sub: ActivationAttempt, outcome: str, code: AnswerCode, reason: str
    ) -> dict[str, Any]:
        return audit_row(
            self.receipt_key,
            outcome=outcome,
            code=code,
            status=http_status(code),
            kiosk_id=sub.kiosk_id,
            record_id=sub.record_id,
            iin=sub.iin,
            reason=reason,
        )
