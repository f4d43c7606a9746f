"""Sealed evidence, for an operator: open a record's images for a dispute (with a reason that is
audited before anything is decrypted) and purge what is past the retention period."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select

from server.activations import audit_row
from server.errors import ServerInputError, ServerOpError
from server.evidence import OpenedImage, open_evidence
from server.keys import EvidenceKey, ReceiptKey
from server.models import Activation, AuditEntry, Evidence
from simcontract import ids

# an evidence opening's reason: a few real words (a case number and why), kept in the audit
REASON_MIN_WORDS, REASON_MIN_CHARS, REASON_MAX_CHARS = 3, 10, 200


def _now() -> datetime:
    return datetime.now(UTC)


def reason_problem(reason: str) -> str | None:
    """Why ``reason`` is not good enough to open a person's biometric data, or None."""
    if any(not ch.isprintable() for ch in reason):
        return "the reason must be one line of printable text"
    words = reason.split()
    if len(" ".join(words)) < REASON_MIN_CHARS or len(words) < REASON_MIN_WORDS:
        return (
            f"give a real reason: at least {REASON_MIN_WORDS} words and "
            f'{REASON_MIN_CHARS} characters (e.g. "case 2026-114: customer disputes '
            f'the match")'
        )
    if len(reason) > REASON_MAX_CHARS:
        return f"the reason must be at most {REASON_MAX_CHARS} characters"
    return None


def open_record_evidence(
    engine: Engine,
    receipt_key: ReceiptKey,
    evidence_key: EvidenceKey,
    *,
    record_id: str,
    reason: str,
    operator: str,
    out_dir: Path,
) -> list[OpenedImage]:
    """Decrypt a record's sealed evidence into ``out_dir`` (OSError when it cannot be written).
    Who (``operator``) and why is in the audit before the images are decrypted; a refused
    attempt (no good reason, nothing to open) is audited too."""

    def audit(
        outcome: str, code: str, why: str, kiosk_id: str | None = None, iin: str | None = None
    ) -> None:
        with engine.begin() as conn:
            conn.execute(
                insert(AuditEntry).values(
                    audit_row(
                        receipt_key,
                        outcome=outcome,
                        code=code,
                        status=0,
                        kiosk_id=kiosk_id,
                        record_id=record_id,
                        iin=iin,
                        reason=why,
                    )
                )
            )

    def refuse(error: ServerOpError, why: str, **found: str | None) -> ServerOpError:
        audit(
            "refused", "evidence_refused", f"evidence opening by {operator} refused: {why}", **found
        )
        return error

    if not ids.is_record_id(record_id):
        # the audit keeps no id that is not exactly one (audit_row drops it)
        raise refuse(ServerInputError("not a record id (a lowercase UUID v4)"), "no record id")
    problem = reason_problem(reason)
    if problem is not None:
        raise refuse(ServerInputError(problem), "no acceptable reason given")
    with engine.connect() as conn:
        row = conn.execute(
            select(Activation.record, Activation.kiosk_id, Activation.iin, Evidence.ciphertext)
            .outerjoin(Evidence, Evidence.record_id == Activation.record_id)
            .where(Activation.record_id == record_id)
        ).first()
    if row is None:
        raise refuse(
            ServerOpError(f"no accepted activation has the record id {record_id}"),
            "no such activation",
        )
    found = {"kiosk_id": row.kiosk_id, "iin": row.iin}
    record = json.loads(row.record)
    if not isinstance(record.get("evidence", {}).get("sealed"), dict):
        raise refuse(
            ServerOpError(
                f"record {record_id} has no sealed evidence (evidence mode "
                f"{record.get('evidence', {}).get('mode')!r})"
            ),
            "no sealed evidence",
            **found,
        )
    if row.ciphertext is None:
        raise refuse(
            ServerOpError(
                f"no sealed evidence is stored for record {record_id}: not "
                "uploaded by the kiosk yet, or deleted after the retention "
                "period"
            ),
            "no stored evidence",
            **found,
        )
    # Who looked at a person's biometric data, and why, is on record before they can: the
    # reason exactly as given (UTF-8), the operator from the system, not the environment.
    audit("opened", "evidence_opened", f"evidence opened by {operator}: {reason}", **found)
    return open_evidence(record, bytes(row.ciphertext), evidence_key, out_dir)


def purge_evidence(
    engine: Engine, receipt_key: ReceiptKey, *, older_than_days: float, operator: str
) -> int:
    """Delete stored evidence older than the retention period; how many items went. The
    activations and their digests stay: the record still proves what was matched."""
    cutoff = _now() - timedelta(days=older_than_days)
    with engine.begin() as conn:
        purged = conn.execute(delete(Evidence).where(Evidence.received_at < cutoff)).rowcount
        conn.execute(
            insert(AuditEntry).values(
                audit_row(
                    receipt_key,
                    outcome="purged",
                    code="evidence_purged",
                    status=0,
                    kiosk_id=None,
                    record_id=None,
                    iin=None,
                    reason=f"{purged} sealed evidence item(s) older than {older_than_days:g} days "
                    f"deleted by {operator}",
                )
            )
        )
    return purged
