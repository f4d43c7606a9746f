"""What the kiosk does with a chip reading, by the operator's policy (documents.chip_policy,
documents.chip_csca_missing and documents.chip_crl_stale): use the chip's portrait as the
reference, carry on with the printed page alone, send the customer to a clerk, ask to place the
passport again, or refuse.

The session and the record call this; they do not interpret problem codes themselves.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from kiosk.documents.chip import ChipPolicy, active_auth, chip_auth, passive_auth, reader
from kiosk.documents.rules import DocumentVerdict


class ChipAction(enum.StrEnum):
    """What the session does with a chip reading."""

    USE_CHIP = "use_chip"  # verified: DG2 is the reference face, the printed one a cross-check
    OPTICAL_ONLY = "optical_only"  # no chip used; the printed document decides alone
    REVIEW = "review"  # a clerk looks at it
    RETRY = "retry"  # place the passport again (lifted, no card seen)
    REFUSE = "refuse"  # tampered, cloned, or not the state's


# the module-level names the session's callers use (kiosk/services.py)
USE_CHIP, OPTICAL_ONLY, REVIEW, RETRY, REFUSE = (
    ChipAction.USE_CHIP,
    ChipAction.OPTICAL_ONLY,
    ChipAction.REVIEW,
    ChipAction.RETRY,
    ChipAction.REFUSE,
)

# The chip and the page disagree, or the chip is not what it claims: never a clerk's call.
_FATAL = {
    reader.MRZ_MISMATCH,
    passive_auth.DG_HASH_MISMATCH,
    passive_auth.DG_HASH_MISSING,
    passive_auth.SOD_SIGNATURE_INVALID,
    passive_auth.SOD_INVALID,
    passive_auth.SIGNER_UNTRUSTED,
    passive_auth.SIGNER_REVOKED,
    passive_auth.SIGNER_MISSING,
    active_auth.ACTIVE_AUTH_FAILED,
    chip_auth.CHIP_AUTH_FAILED,
}
# Validity problems of certificates: the data may be genuine, the trust is not current.
_STALE = {passive_auth.SIGNER_EXPIRED, passive_auth.SIGNER_NOT_YET_VALID, passive_auth.CSCA_EXPIRED}
_TRANSIENT = {
    "chip_card_removed",
    "chip_no_card",
    reader.SECURE_MESSAGING_FAILED,
    reader.PROTOCOL_ERROR,
}
_NO_CHIP = {reader.NOT_EMRTD, "chip_reader_absent", reader.FILE_MISSING}


@dataclass(frozen=True)
class ChipDecision:
    action: ChipAction
    problems: list[str] = field(default_factory=list)


def decide(
    doc: reader.ChipDocument | None,
    *,
    policy: ChipPolicy,
    csca_missing: DocumentVerdict = DocumentVerdict.REVIEW,
    crl_stale: DocumentVerdict = DocumentVerdict.REVIEW,
    attempts_left: int = 0,
) -> ChipDecision:
    """doc is None when no chip reading was attempted (no reader configured). crl_stale: what
    a document signer whose CSCA's CRLs are all past nextUpdate gets (review or refuse)."""
    if policy == ChipPolicy.OFF:
        return ChipDecision(OPTICAL_ONLY)
    required = policy == ChipPolicy.REQUIRED
    if doc is None:
        return ChipDecision(
            REFUSE if required else OPTICAL_ONLY, ["chip_not_read"] if required else []
        )
    problems = list(doc.problems)
    if doc.verified:
        return ChipDecision(USE_CHIP)
    codes = set(problems)
    if codes & _FATAL:
        return ChipDecision(REFUSE, problems)
    if codes & _TRANSIENT:
        if attempts_left > 0:
            return ChipDecision(RETRY, problems)
        return ChipDecision(REFUSE if required else REVIEW, problems)
    if codes & _NO_CHIP:
        return ChipDecision(REFUSE if required else OPTICAL_ONLY, problems)
    if reader.ACCESS_DENIED in codes:
        # The MRZ read from the page does not open the chip: a misread line or a page that
        # is not this chip's. Check digits make the first rare, so a clerk looks.
        return ChipDecision(REFUSE if required else REVIEW, problems)
    if passive_auth.CRL_STALE in codes and crl_stale == DocumentVerdict.REFUSE:
        return ChipDecision(REFUSE, problems)
    if codes == {passive_auth.CSCA_MISSING}:
        return ChipDecision(REFUSE if csca_missing == DocumentVerdict.REFUSE else REVIEW, problems)
    if codes <= _STALE | {passive_auth.CSCA_MISSING, passive_auth.CRL_STALE}:
        return ChipDecision(REVIEW, problems)
    return ChipDecision(REFUSE if required else REVIEW, problems)


def record_fields(doc: reader.ChipDocument) -> dict:
    """The chip verdict an activation record carries (no personal data, no image)."""
    pa = doc.passive_auth
    return {
        "access_protocol": doc.access_protocol or None,
        "passive_authentication": (
            "passed"
            if pa is not None and pa.verified
            else "failed"
            if pa is not None
            else "not_performed"
        ),
        "chip_authentication": doc.chip_auth,
        "active_authentication": doc.active_auth,
        "document_signer_key_id": pa.signer_key_id if pa is not None else None,
        "document_signer_country": pa.signer_country if pa is not None else None,
        "problems": list(doc.problems),
    }
