"""Schema version 2 (issue 17): the record carries the document chip's verdict in
verification.chip; the server accepts it and still accepts version 1 from kiosks without a
chip reader. A version that says 2 without the block, or 1 with it, is refused."""

from __future__ import annotations

import copy

import pytest

from simcontract.validation import RecordInvalid, validate_record

CHIP = {
    "access_protocol": "BAC",
    "passive_authentication": "passed",
    "chip_authentication": "not_supported",
    "active_authentication": "passed",
    "document_signer_key_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
    "document_signer_country": "KZ",
    "problems": [],
}


def _v2(kiosk, chip=CHIP, **kw) -> dict:
    record = kiosk.record(schema_version=2, **kw)
    record["verification"]["chip"] = copy.deepcopy(chip)
    return record


def test_server_accepts_version_2_with_the_chip_verdict(sqlite_harness) -> None:
    h = sqlite_harness
    response = h.post(h.kiosk.envelope(_v2(h.kiosk)))
    assert response.status_code == 201, response.text


def test_server_still_accepts_version_1(sqlite_harness) -> None:
    h = sqlite_harness
    record = h.kiosk.record()
    assert record["schema_version"] == 1 and "chip" not in record["verification"]
    response = h.post(h.kiosk.envelope(record))
    assert response.status_code == 201, response.text


def test_a_refused_chip_verdict_is_still_a_valid_record_shape(sqlite_harness) -> None:
    # a clerk-approved document whose issuing state's CSCA is not installed
    h = sqlite_harness
    chip = {
        **CHIP,
        "passive_authentication": "failed",
        "problems": ["chip_csca_missing"],
        "document_signer_key_id": None,
        "access_protocol": "PACE",
    }
    assert h.post(h.kiosk.envelope(_v2(h.kiosk, chip))).status_code == 201


def test_version_and_chip_block_must_agree(sqlite_harness) -> None:
    h = sqlite_harness
    no_block = h.kiosk.record(schema_version=2)
    assert h.post(h.kiosk.envelope(no_block)).status_code == 422
    with_block_v1 = _v2(h.kiosk)
    with_block_v1["schema_version"] = 1
    assert h.post(h.kiosk.envelope(with_block_v1)).status_code == 422


@pytest.mark.parametrize(
    "change",
    [
        {"passive_authentication": "verified"},  # not one of the three words
        {"access_protocol": "NONE"},
        {"document_signer_key_id": "not hex"},
        {"problems": ["Chip MRZ differs: SMITH"]},  # codes only, never personal text
        {"surname": "SMITH"},  # no extra fields
    ],
)
def test_chip_block_is_strict(sqlite_harness, change) -> None:
    h = sqlite_harness
    record = _v2(h.kiosk, {**CHIP, **change})
    with pytest.raises(RecordInvalid) as err:
        validate_record(record)
    assert "verification/chip" in err.value.path
    assert h.post(h.kiosk.envelope(record)).status_code == 422
