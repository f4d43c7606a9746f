"""Sealed evidence: kiosks upload the ciphertext of an accepted activation's evidence images, and
authorised staff open it for a dispute (``simkiosk-server evidence``).

The upload needs no authentication beyond knowing the record id: the record, signed by the kiosk
and accepted earlier, pins the ciphertext's SHA-256 (``evidence.sealed.ciphertext_sha256``), so
the only bytes that can ever be stored for it are exactly those the kiosk sealed. The server
stores them as they are; it never decrypts them while serving.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from server.activations import INTEGRITY_RETRIES, ActivationService, Verdict, audit_row
from server.errors import ServerOpError
from server.keys import EvidenceKey
from server.refusals import Done, Refusal, http_status
from server.store import Transaction
from simcontract import ids, signing
from simcontract.answers import AnswerCode

# names of images written to disk by the CLI: nothing that could leave the output directory
_IMAGE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")  # used with fullmatch


class EvidenceError(ServerOpError):
    """The evidence of a record cannot be opened; the message is one plain line."""


def _sealed_block(record: dict[str, Any]) -> dict[str, Any] | None:
    evidence = record.get("evidence")
    sealed = evidence.get("sealed") if isinstance(evidence, dict) else None
    return sealed if isinstance(sealed, dict) else None


@dataclass
class _Upload:
    """What the audit row may name: ids only."""

    record_id: str | None = None
    kiosk_id: str | None = None
    iin: str | None = None


class EvidenceService:
    """``PUT /v1/activations/{record_id}/evidence``; thread-safe, shares the activation
    service's database, settings and audit."""

    def __init__(self, activations: ActivationService) -> None:
        self.activations = activations
        self.store = activations.store
        self.config = activations.config

    def upload(self, record_id: str, body: bytes, source: str | None = None) -> Done:
        """``evidence_stored``, or ``evidence_resent`` for the same bytes again; raises the
        Refusal, audited."""
        upload = _Upload(ids.record_id_or_none(record_id))
        try:
            if upload.record_id is None:
                raise Refusal(
                    AnswerCode.UNKNOWN_RECORD,
                    "no accepted activation has this record id",
                    "malformed record id",
                )
            sha = hashlib.sha256(body).hexdigest()
            for _attempt in range(INTEGRITY_RETRIES):
                try:
                    with self.store.transaction() as tx:
                        verdict = self._decide(tx, upload, body, sha)
                        tx.insert_audit(
                            self._audit_row(
                                upload,
                                verdict.audit_outcome,
                                verdict.result.code,
                                verdict.audit_reason,
                            )
                        )
                        assert isinstance(verdict.result, Done)
                        return verdict.result
                except self.store.unique_violation:
                    continue  # the same bytes were stored concurrently: decide again
            raise RuntimeError("evidence upload kept colliding with concurrent uploads")
        except Refusal as refusal:
            # nobody signs an upload: every refusal counts against the address's limit
            self.activations.audit_refusal(
                source,
                False,
                self._audit_row(upload, "refused", refusal.code, refusal.audit_reason),
            )
            raise

    def refuse_too_large(self, record_id: str | None, source: str | None = None) -> Refusal:
        """The audited refusal of a body over the limit (the edge answers it); ``record_id``
        as the request's path gave it."""
        upload = _Upload(ids.record_id_or_none(record_id))
        refusal = Refusal(
            AnswerCode.BODY_TOO_LARGE,
            f"the evidence exceeds {self.config.max_evidence_bytes} bytes",
        )
        self.activations.audit_refusal(
            source, False, self._audit_row(upload, "refused", refusal.code, refusal.audit_reason)
        )
        return refusal

    def _decide(self, tx: Transaction, upload: _Upload, body: bytes, sha: str) -> Verdict:
        assert upload.record_id is not None
        state = tx.evidence_state(upload.record_id)
        if state is None:
            raise Refusal(AnswerCode.UNKNOWN_RECORD, "no accepted activation has this record id")
        upload.kiosk_id, upload.iin = state.kiosk_id, state.iin
        sealed = _sealed_block(json.loads(state.record))
        if sealed is None:
            raise Refusal(
                AnswerCode.NO_SEALED_EVIDENCE,
                "the activation's record has no sealed evidence block",
            )
        if sha != sealed.get("ciphertext_sha256"):
            raise Refusal(
                AnswerCode.EVIDENCE_MISMATCH,
                "the body's SHA-256 is not the record's evidence.sealed.ciphertext_sha256",
            )
        answer = json.dumps({"record_id": upload.record_id, "ciphertext_sha256": sha}).encode()
        if state.stored_sha256 is not None:
            # the stored digest passed the same check: equal digests, equal bytes
            return Verdict(
                Done(AnswerCode.EVIDENCE_RESENT, answer), "repeated", "the same evidence again"
            )
        tx.insert_evidence(
            {
                "record_id": upload.record_id,
                "ciphertext": body,
                "ciphertext_sha256": sha,
                "received_at": datetime.now(UTC),
            }
        )
        return Verdict(
            Done(AnswerCode.EVIDENCE_STORED, answer), "accepted", "sealed evidence stored"
        )

    def _audit_row(
        self, upload: _Upload, outcome: str, code: AnswerCode, reason: str
    ) -> dict[str, Any]:
        return audit_row(
            self.activations.receipt_key,
            outcome=outcome,
            code=code,
            status=http_status(code),
            kiosk_id=upload.kiosk_id,
            record_id=upload.record_id,
            iin=upload.iin,
            reason=reason,
        )


# -- opening evidence (the CLI) ------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedImage:
    name: str
    path: Path
    sha256: str
    size: int


def _extension(data: bytes) -> str:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    return ".bin"


def open_evidence(
    record: dict[str, Any], ciphertext: bytes, key: EvidenceKey, out_dir: Path
) -> list[OpenedImage]:
    """Decrypt the record's sealed evidence, check every image against the record's digests
    (the same names, the same SHA-256) and only then write them into ``out_dir`` (0700, files
    0600). Raises EvidenceError."""
    record_id = str(record.get("record_id", ""))
    sealed = _sealed_block(record)
    if sealed is None:
        raise EvidenceError(f"record {record_id} has no sealed evidence block")
    try:
        images = signing.unpack_evidence(
            signing.unseal(sealed, ciphertext, key.private_key, record_id=record_id)
        )
    except signing.SealError as exc:
        raise EvidenceError(f"the evidence of record {record_id} cannot be opened: {exc}") from None
    try:
        return _check_and_write(record_id, images, record["evidence"]["digests"], out_dir)
    finally:
        images.clear()


def _check_and_write(
    record_id: str, images: dict[str, bytes], digests: dict[str, str], out_dir: Path
) -> list[OpenedImage]:
    if set(images) != set(digests):
        raise EvidenceError(
            f"the evidence of record {record_id} holds other images than its "
            f"record lists ({', '.join(sorted(digests)) or 'none'})"
        )
    found = {name: hashlib.sha256(data).hexdigest() for name, data in images.items()}
    for name in sorted(images):
        if not _IMAGE_NAME.fullmatch(name):
            raise EvidenceError(f"the evidence of record {record_id} has an unusable image name")
        if found[name] != digests[name]:
            raise EvidenceError(
                f"image {name} of record {record_id} does not match its digest in the record"
            )
    if out_dir.exists():
        mode = out_dir.stat().st_mode & 0o777
        if not out_dir.is_dir() or mode & 0o077:
            raise EvidenceError(
                f"{out_dir} must be a directory only its owner can open (chmod "
                f"700 it, or give a new one): the images are biometric data"
            )
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    opened = []
    for name in sorted(images):
        path = out_dir / (name + _extension(images[name]))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        os.fchmod(fd, 0o600)  # an earlier file of the same name may have had another mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(images[name])
        opened.append(OpenedImage(name, path, found[name], len(images[name])))
    return opened
