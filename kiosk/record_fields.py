"""What the session's data becomes in the activation record: the document's personal fields, the
match decision and the chip's verdict in the record's shapes."""

from __future__ import annotations

from typing import Any

from kiosk.biometrics.decision import MatchDecision
from kiosk.documents.reader import DocumentReading
from kiosk.errors import KioskError
from kiosk.records.record import ChipVerdict


def document_fields(reading: DocumentReading) -> dict[str, Any]:
    """The personal fields the session keeps (and wipes) from a read document."""
    mrz = reading.mrz
    assert mrz is not None
    return {
        "format": mrz.format,
        "document_code": mrz.document_code,
        "issuer": mrz.issuer,
        "number": mrz.number,
        "surname": mrz.surname,
        "given_names": mrz.given_names,
        "birth_date": mrz.birth_date.isoformat() if mrz.birth_date else None,
        "expiry_date": mrz.expiry_date.isoformat() if mrz.expiry_date else None,
        "sex": mrz.sex,
        "nationality": mrz.nationality,
        "iin": reading.iin.value if reading.iin is not None else "",
    }


def match_decision(decision: str) -> MatchDecision:
    """The matcher's decision as the record spells it (anything else is a programming error)."""
    try:
        return MatchDecision(decision)
    except ValueError:
        raise KioskError(f"unknown match decision {decision!r}") from None


def chip_verdict(chip: dict[str, Any]) -> ChipVerdict:
    """The chip step's verdict (kiosk.documents.chip.policy.record_fields) in the record's
    shape; a key missing there fails here, before anything is signed."""
    verdict: ChipVerdict = {
        "access_protocol": chip["access_protocol"],
        "passive_authentication": chip["passive_authentication"],
        "chip_authentication": chip["chip_authentication"],
        "active_authentication": chip["active_authentication"],
        "document_signer_key_id": chip["document_signer_key_id"],
        "problems": list(chip["problems"]),
    }
    if "document_signer_country" in chip:
        verdict["document_signer_country"] = chip["document_signer_country"]
    return verdict
