"""The operator's chip policy turns a reading into one action; tampering is never a clerk's
call, and a missing CSCA follows documents.chip_csca_missing."""

from __future__ import annotations

import pytest

from kiosk.documents.chip import ChipPolicy, policy, reader
from kiosk.documents.chip.passive_auth import PassiveAuthResult
from kiosk.documents.rules import DocumentVerdict

OFF, PREFERRED, REQUIRED = ChipPolicy.OFF, ChipPolicy.PREFERRED, ChipPolicy.REQUIRED
CLERK, REFUSE = DocumentVerdict.REVIEW, DocumentVerdict.REFUSE  # documents.chip_csca_missing


def _doc(problems, *, verified=False, access="BAC"):
    pa = PassiveAuthResult(
        verified=verified and not problems, signer_key_id="ab" * 20, signer_country="KZ"
    )
    return reader.ChipDocument(access_protocol=access, passive_auth=pa, problems=problems)


def test_a_verified_chip_is_used():
    assert policy.decide(_doc([], verified=True), policy=PREFERRED).action == policy.USE_CHIP
    assert policy.decide(_doc([], verified=True), policy=REQUIRED).action == policy.USE_CHIP


@pytest.mark.parametrize(
    "code",
    [
        "chip_mrz_mismatch",
        "chip_dg_hash_mismatch",
        "chip_sod_signature_invalid",
        "chip_signer_untrusted",
        "chip_signer_revoked",
        "chip_active_auth_failed",
        "chip_auth_failed",
    ],
)
@pytest.mark.parametrize("pol", [PREFERRED, REQUIRED])
def test_tampering_is_refused_whatever_the_policy(code, pol):
    d = policy.decide(_doc([code]), policy=pol, csca_missing=CLERK, attempts_left=2)
    assert d.action == policy.REFUSE and d.problems == [code]


def test_a_missing_csca_follows_the_setting():
    doc = _doc(["chip_csca_missing"])
    assert policy.decide(doc, policy=PREFERRED, csca_missing=CLERK).action == policy.REVIEW
    assert policy.decide(doc, policy=REQUIRED, csca_missing=REFUSE).action == policy.REFUSE


def test_a_lifted_passport_is_retried_then_reviewed_or_refused():
    doc = reader.ChipDocument(problems=["chip_card_removed"])
    assert policy.decide(doc, policy=PREFERRED, attempts_left=1).action == policy.RETRY
    assert policy.decide(doc, policy=PREFERRED, attempts_left=0).action == policy.REVIEW
    assert policy.decide(doc, policy=REQUIRED, attempts_left=0).action == policy.REFUSE


def test_no_chip_is_optical_only_unless_required():
    doc = reader.ChipDocument(problems=[reader.NOT_EMRTD])
    assert policy.decide(doc, policy=PREFERRED).action == policy.OPTICAL_ONLY
    assert policy.decide(doc, policy=REQUIRED).action == policy.REFUSE
    assert policy.decide(None, policy=PREFERRED).action == policy.OPTICAL_ONLY
    assert policy.decide(None, policy=REQUIRED).action == policy.REFUSE
    assert policy.decide(_doc(["chip_dg_hash_mismatch"]), policy=OFF).action == policy.OPTICAL_ONLY


def test_a_chip_the_mrz_does_not_open_goes_to_a_clerk_or_is_refused():
    doc = reader.ChipDocument(problems=[reader.ACCESS_DENIED])
    assert policy.decide(doc, policy=PREFERRED).action == policy.REVIEW
    assert policy.decide(doc, policy=REQUIRED).action == policy.REFUSE


def test_record_fields_carry_the_verdict_without_personal_data(passport, trust):
    from hardware.chip_reader import SimulatedChipReader
    from kiosk.documents.chip.emulator import EPassportCard

    rdr = SimulatedChipReader(EPassportCard(passport.files, passport.key))
    rdr.connect()
    doc = reader.read_and_verify(rdr.transmit, passport.mrz_lines, passport.key, trust)
    fields = policy.record_fields(doc)
    assert fields == {
        "access_protocol": "BAC",
        "passive_authentication": "passed",
        "chip_authentication": "not_supported",
        "active_authentication": "not_supported",
        "document_signer_key_id": doc.passive_auth.signer_key_id,
        "document_signer_country": "KZ",
        "problems": [],
    }
    text = repr(fields)
    assert passport.mrz_lines[0][5:15].strip("<") not in text  # no name
    assert passport.key.document_number not in text
