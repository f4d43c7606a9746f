"""The operators' operations on the server's data, one function each, for the command line (and
anything else that administers a server): kiosks (register, revoke, enrolment tokens, the fleet's
states), activations (list, deactivate), sealed evidence (open for a dispute, purge) and the web
page's operators. Each takes an engine (and the keys it needs), returns typed rows and raises
:class:`~server.errors.ServerError` / :class:`~server.errors.ServerInputError` with one plain
line. Printing and argument parsing are the command line's (server.cli)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select, update

from server.activations import audit_row
from server.errors import ServerError, ServerInputError
from server.evidence import OpenedImage, open_evidence
from server.keys import EvidenceKey, ReceiptKey
from server.models import Activation, AuditEntry, Evidence, Kiosk
from simcontract import ids
from simcontract.signing import SignatureError, key_id, load_public_key_pem

# an evidence opening's reason: a few real words (a case number and why), kept in the audit
REASON_MIN_WORDS, REASON_MIN_CHARS, REASON_MAX_CHARS = 3, 10, 200


def _now() -> datetime:
    return datetime.now(UTC)


# -- kiosks -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class KioskRegistration:
    kiosk_id: str
    key_id: str
    state: str  # registered | already registered | replaced


def register_kiosk(engine: Engine, kiosk_id: str, public_key_pem: str, *,
                   replace: bool = False) -> KioskRegistration:
    """Register (or, with ``replace``, re-register) a kiosk's Ed25519 public key."""
    if not ids.is_kiosk_id(kiosk_id):
        raise ServerInputError(f"not a kiosk id ({ids.KIOSK_ID_RULE}): {kiosk_id!r}")
    try:
        public = load_public_key_pem(public_key_pem)
    except SignatureError as exc:
        raise ServerInputError(f"the kiosk's public key is unusable: {exc}") from None
    kid = key_id(public)
    pem = public_key_pem.strip() + "\n"
    with engine.begin() as conn:
        row = conn.execute(select(Kiosk.key_id, Kiosk.revoked_at)
                           .where(Kiosk.kiosk_id == kiosk_id)).first()
        if row is None:
            conn.execute(insert(Kiosk), [{
                "kiosk_id": kiosk_id, "key_id": kid, "public_key_pem": pem,
                "registered_at": _now(), "revoked_at": None}])
            state = "registered"
        elif row.key_id == kid and row.revoked_at is None:
            state = "already registered"
        elif not replace:
            why = "was revoked" if row.revoked_at else "has another key"
            raise ServerError(f"kiosk {kiosk_id} {why}; give --replace to register this key")
        else:
            conn.execute(update(Kiosk).where(Kiosk.kiosk_id == kiosk_id).values(
                key_id=kid, public_key_pem=pem, registered_at=_now(), revoked_at=None))
            state = "replaced"
    return KioskRegistration(kiosk_id, kid, state)


def revoke_kiosk(engine: Engine, kiosk_id: str) -> str:
    """Refuse every further record of a kiosk: "revoked" or "already revoked"."""
    with engine.begin() as conn:
        done = conn.execute(update(Kiosk).where(
            Kiosk.kiosk_id == kiosk_id, Kiosk.revoked_at.is_(None)).values(
            revoked_at=_now())).rowcount
        exists = done or conn.execute(select(Kiosk.kiosk_id).where(
            Kiosk.kiosk_id == kiosk_id)).first() is not None
    if not exists:
        raise ServerInputError(f"no kiosk {kiosk_id!r} is registered")
    return "revoked" if done else "already revoked"


# -- activations ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActivationRow:
    """One activation as the overview shows it."""

    record_id: str
    kiosk_id: str
    iccid: str
    iin: str
    active: bool
    created_at: datetime
    activated_at: datetime


def deactivate(engine: Engine, iccid: str) -> None:
    """Deactivate the active SIM card with this ICCID (frees a slot of its owner)."""
    with engine.begin() as conn:
        done = conn.execute(update(Activation).where(
            Activation.iccid == iccid, Activation.active.is_(True)).values(
            active=False, deactivated_at=_now())).rowcount
    if not done:
        raise ServerInputError("no active SIM card with that ICCID")


def activations(engine: Engine) -> list[ActivationRow]:
    with engine.connect() as conn:
        rows = conn.execute(select(
            Activation.record_id, Activation.kiosk_id, Activation.iccid, Activation.iin,
            Activation.active, Activation.created_at, Activation.activated_at)
            .order_by(Activation.id)).all()
    return [ActivationRow(r.record_id, r.kiosk_id, r.iccid, r.iin, r.active, r.created_at,
                          r.activated_at) for r in rows]


# -- sealed evidence --------------------------------------------------------------------------

def reason_problem(reason: str) -> str | None:
    """Why ``reason`` is not good enough to open a person's biometric data, or None."""
    if any(not ch.isprintable() for ch in reason):
        return "the reason must be one line of printable text"
    words = reason.split()
    if len(" ".join(words)) < REASON_MIN_CHARS or len(words) < REASON_MIN_WORDS:
        return (f"give a real reason: at least {REASON_MIN_WORDS} words and "
                f"{REASON_MIN_CHARS} characters (e.g. \"case 2026-114: customer disputes "
                f"the match\")")
    if len(reason) > REASON_MAX_CHARS:
        return f"the reason must be at most {REASON_MAX_CHARS} characters"
    return None


def open_record_evidence(engine: Engine, receipt_key: ReceiptKey, evidence_key: EvidenceKey, *,
                         record_id: str, reason: str, operator: str,
                         out_dir: Path) -> list[OpenedImage]:
    """Decrypt a record's sealed evidence into ``out_dir`` (OSError when it cannot be written).
    Who (``operator``) and why is in the audit before the images are decrypted; a refused
    attempt (no good reason, nothing to open) is audited too."""

    def audit(outcome: str, code: str, why: str, kiosk_id: str | None = None,
              iin: str | None = None) -> None:
        with engine.begin() as conn:
            conn.execute(insert(AuditEntry).values(audit_row(
                receipt_key, outcome=outcome, code=code, status=0, kiosk_id=kiosk_id,
                record_id=record_id, iin=iin, reason=why)))

    def refuse(error: ServerError, why: str, **found: str | None) -> ServerError:
        audit("refused", "evidence_refused", f"evidence opening by {operator} refused: {why}",
              **found)
        return error

    if not ids.is_record_id(record_id):
        # the audit keeps no id that is not exactly one (audit_row drops it)
        raise refuse(ServerInputError("not a record id (a lowercase UUID v4)"), "no record id")
    problem = reason_problem(reason)
    if problem is not None:
        raise refuse(ServerInputError(problem), "no acceptable reason given")
    with engine.connect() as conn:
        row = conn.execute(select(Activation.record, Activation.kiosk_id, Activation.iin,
                                  Evidence.ciphertext)
                           .outerjoin(Evidence, Evidence.record_id == Activation.record_id)
                           .where(Activation.record_id == record_id)).first()
    if row is None:
        raise refuse(ServerError(f"no accepted activation has the record id {record_id}"),
                     "no such activation")
    found = {"kiosk_id": row.kiosk_id, "iin": row.iin}
    record = json.loads(row.record)
    if not isinstance(record.get("evidence", {}).get("sealed"), dict):
        raise refuse(ServerError(f"record {record_id} has no sealed evidence (evidence mode "
                                 f"{record.get('evidence', {}).get('mode')!r})"),
                     "no sealed evidence", **found)
    if row.ciphertext is None:
        raise refuse(ServerError(f"no sealed evidence is stored for record {record_id}: not "
                                 "uploaded by the kiosk yet, or deleted after the retention "
                                 "period"), "no stored evidence", **found)
    # Who looked at a person's biometric data, and why, is on record before they can: the
    # reason exactly as given (UTF-8), the operator from the system, not the environment.
    audit("opened", "evidence_opened", f"evidence opened by {operator}: {reason}", **found)
    return open_evidence(record, bytes(row.ciphertext), evidence_key, out_dir)


def purge_evidence(engine: Engine, receipt_key: ReceiptKey, *, older_than_days: float,
                   operator: str) -> int:
    """Delete stored evidence older than the retention period; how many items went. The
    activations and their digests stay: the record still proves what was matched."""
    cutoff = _now() - timedelta(days=older_than_days)
    with engine.begin() as conn:
        purged = conn.execute(delete(Evidence).where(Evidence.received_at < cutoff)).rowcount
        conn.execute(insert(AuditEntry).values(audit_row(
            receipt_key, outcome="purged", code="evidence_purged", status=0, kiosk_id=None,
            record_id=None, iin=None,
            reason=f"{purged} sealed evidence item(s) older than {older_than_days:g} days "
                   f"deleted by {operator}")))
    return purged
