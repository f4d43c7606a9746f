"""The activation record's published JSON Schema and its validation: the schema, then the check
digits that a pattern cannot express (the ICCID's Luhn digit, the IIN's). Shared with the server:
imports nothing else of ``kiosk`` but the check-digit functions."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from kiosk.checksums import iin_checksum_ok, luhn_ok

SCHEMA_VERSION = 1
SCHEMA_FILE = "activation-record.schema.json"


class RecordInvalid(ValueError):
    """The record does not satisfy the schema; the message names the first offending path.

    ``path`` and ``rule`` (the JSON Schema keyword that failed) say where and why without the
    offending value, for callers that must not repeat personal data (the kiosk's logs)."""

    def __init__(self, message: str, path: str = "", rule: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.rule = rule


@functools.cache
def schema() -> dict[str, Any]:
    text = resources.files("kiosk.records").joinpath("schema", SCHEMA_FILE).read_text("utf-8")
    return json.loads(text)


@functools.cache
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def validate_record(record: Any) -> None:
    """Raise RecordInvalid naming the path and the reason of the first violation."""
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        path = "/".join(str(p) for p in err.absolute_path) or "(record)"
        raise RecordInvalid(f"{path}: {err.message[:200]}", path, str(err.validator))
    # The schema has passed, so both fields are strings of digits of the right length.
    if not luhn_ok(record["sim"]["iccid"]):
        raise RecordInvalid("sim/iccid: the Luhn check digit does not match", "sim/iccid",
                            "checksum")
    if not iin_checksum_ok(record["subscriber"]["iin"]):
        raise RecordInvalid("subscriber/iin: the IIN check digit does not match",
                            "subscriber/iin", "checksum")
