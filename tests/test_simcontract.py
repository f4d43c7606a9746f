"""The record contract package (simcontract): the id patterns are the published schema's, one
time format, one error base; and the server's refusal codes all have their HTTP status."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from simcontract import checkdigits, ids, sealing, signing, validation
from simcontract.errors import ContractError
from simcontract.times import rfc3339, rfc3339_from_epoch

REPO = Path(__file__).resolve().parents[1]


def test_id_patterns_are_the_schemas_own() -> None:
    props = validation.schema()["properties"]
    assert props["kiosk"]["properties"]["kiosk_id"]["pattern"] == ids.KIOSK_ID_PATTERN
    assert props["record_id"]["pattern"] == ids.RECORD_ID_PATTERN
    assert props["subscriber"]["properties"]["iin"]["pattern"] == ids.IIN_PATTERN
    assert ids.is_kiosk_id("almaty-07.a_b") and not ids.is_kiosk_id("алматы-07")
    # Python's $ would let a final newline through; the contract's ids never do
    assert not ids.is_kiosk_id("kiosk-01\n") and not ids.is_clerk_id("clerk\n")
    assert not ids.is_kiosk_id("k" * 65) and not ids.is_record_id(None)


def test_one_rfc3339_form_at_three_precisions() -> None:
    moment = datetime(2026, 3, 1, 14, 30, 0, 250_999, tzinfo=timezone(timedelta(hours=5)))
    assert rfc3339(moment) == "2026-03-01T09:30:00.250Z"
    assert rfc3339(moment, "seconds") == "2026-03-01T09:30:00Z"
    assert rfc3339(moment, "microseconds") == "2026-03-01T09:30:00.250999Z"
    assert rfc3339_from_epoch(0) == "1970-01-01T00:00:00.000000Z"
    # every form is one the record schema's created_at accepts
    pattern = validation.ecma_regex(validation.schema()["properties"]["created_at"]["pattern"])
    for spec in ("seconds", "milliseconds", "microseconds"):
        assert pattern.search(rfc3339(datetime.now(UTC), spec))
    with pytest.raises(ValueError, match="timezone-aware"):
        rfc3339(datetime(2026, 3, 1))


def test_every_contract_error_is_a_contract_error_and_a_value_error() -> None:
    for error in (
        validation.RecordInvalid,
        signing.SignatureError,
        signing.SealError,
        sealing.SealedRecordError,
    ):
        assert issubclass(error, ContractError) and issubclass(error, ValueError)
    with pytest.raises(ContractError) as caught:
        validation.validate_record({"schema_version": 1})
    assert caught.value.exit_code == 1 and caught.value.path == "(record)"


def test_check_digits_of_all_three_kinds_live_in_one_module() -> None:
    assert checkdigits.icao_check_digit("L898902C3") == "6"  # ICAO 9303's own example
    assert checkdigits.luhn_check_digit("7992739871") == 3  # the textbook Luhn example
    assert checkdigits.luhn_ok("79927398713") and not checkdigits.luhn_ok("79927398714")
    first11 = "90010130000"
    digit = checkdigits.iin_check_digit(first11)
    assert digit is not None and checkdigits.iin_checksum_ok(f"{first11}{digit}")
    assert not checkdigits.iin_checksum_ok(f"{first11}{(digit + 1) % 10}")


def test_every_refusal_the_server_raises_has_an_http_status() -> None:
    from server.refusals import HTTP_STATUS, Refusal
    from simcontract.answers import AnswerCode

    raised = set()
    for path in (REPO / "server").rglob("*.py"):
        text = path.read_text("utf-8")
        raised |= set(re.findall(r'Refusal\(\s*"([a-z_]+)"', text))  # none should be left
        raised |= {
            AnswerCode[name] for name in re.findall(r"Refusal\(\s*AnswerCode\.([A-Z_]+)", text)
        }
    assert len(raised) > 10 and raised <= set(HTTP_STATUS), raised - set(HTTP_STATUS)
    with pytest.raises(ValueError, match="no HTTP status"):
        Refusal("no_such_code", "a code the table does not know")
