"""The activation record's published JSON Schema (``schemas/activation-record.schema.json``) and
its validation: the schema, then the check digits that a pattern cannot express (the ICCID's
Luhn digit, the IIN's). The kiosk validates every record with it before signing, the server
every record it receives."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any

from simcontract.checkdigits import iin_checksum_ok, luhn_ok
from simcontract.errors import ContractError

SCHEMA_VERSION = 2  # the newest; version 2 adds verification.chip (the document chip's verdict)
SCHEMA_VERSIONS = (1, 2)  # what the server accepts: kiosks without a chip reader still send 1
SCHEMA_FILE = "activation-record.schema.json"


class RecordInvalid(ContractError):
    """The record does not satisfy the schema; the message names the first offending path.

    ``path`` and ``rule`` (the JSON Schema keyword that failed) say where and why without the
    offending value, for callers that must not repeat personal data (the kiosk's logs)."""

    def __init__(self, message: str, path: str = "", rule: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.rule = rule


@functools.cache
def schema() -> dict[str, Any]:
    text = resources.files("simcontract").joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    return json.loads(text)


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A JSON Schema ``pattern`` compiled to mean in Python what it means in ECMAScript, as the
    specification says: there, ``$`` (without the m flag) matches only at the very end; Python's
    also matches before a final newline, which would let "id\\n" through ``^[a-z]+$``. Every
    unescaped ``$`` outside a character class becomes ``\\Z``."""
    out, escaped, in_class = [], False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "$" and not in_class:
            out.append("\\Z")
            continue
        out.append(ch)
    return re.compile("".join(out))


def _ecma_pattern(validator: Any, pattern: str, instance: Any, _schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    # the message names the rule, never the value (records carry personal data)
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"does not match the pattern {pattern}")


@functools.cache
def _validator() -> Any:  # a jsonschema validator class made here: Any to the type checker
    import jsonschema

    strict = jsonschema.validators.extend(
        jsonschema.Draft202012Validator, {"pattern": _ecma_pattern}
    )
    return strict(schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


# Draft 2020-12 keywords that draft 7 does not have or reads differently; the schema uses none
# of them, and _fast_validator refuses to stand in for jsonschema if it ever does.
_NOT_IN_DRAFT7 = frozenset(
    {
        "$defs",
        "$dynamicRef",
        "$dynamicAnchor",
        "prefixItems",
        "unevaluatedItems",
        "unevaluatedProperties",
        "dependentSchemas",
        "dependentRequired",
        "$anchor",
        "minContains",
        "maxContains",
    }
)


@functools.cache
def _fast_validator() -> Any:
    """The schema compiled to plain Python by fastjsonschema (draft 7, which reads every keyword
    the schema uses the same way), or None when it cannot stand in for jsonschema. jsonschema
    walks the schema object by object for every record: more than half of the server's CPU per
    activation went there. Formats are left out (fastjsonschema's "date" is a bare pattern) and
    checked by :func:`_formats_ok`."""
    import fastjsonschema

    if _keywords(schema()) & _NOT_IN_DRAFT7 or _format_paths() is None:
        return None
    draft7 = {**schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(draft7, use_formats=False)


def _keywords(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(_keywords(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_keywords(v) for v in node))
    return set()


@functools.cache
def _format_paths() -> tuple[tuple[tuple[str, ...], str], ...] | None:
    """(property path, format) of every ``format`` in the schema; None when one sits where a
    plain property path cannot reach it (inside items or oneOf)."""
    found: list[tuple[tuple[str, ...], str]] = []

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> bool:
        if isinstance(node.get("format"), str):
            found.append((path, node["format"]))
        if any(_has_format(sub) for key, sub in node.items() if key != "properties"):
            return False
        return all(
            walk(sub, (*path, name))
            for name, sub in node.get("properties", {}).items()
            if isinstance(sub, dict)
        )

    return tuple(found) if walk(schema(), ()) else None


def _has_format(node: Any) -> bool:
    """A ``format`` keyword anywhere in this subschema (a property named "format" is not one)."""
    if isinstance(node, dict):
        return (
            isinstance(node.get("format"), str)
            or any(_has_format(sub) for key, sub in node.items() if key != "properties")
            or any(_has_format(sub) for sub in node.get("properties", {}).values())
        )
    if isinstance(node, list):
        return any(_has_format(sub) for sub in node)
    return False


def _formats_ok(record: dict[str, Any]) -> bool:
    import jsonschema

    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for path, fmt in _format_paths() or ():
        value: Any = record
        for name in path:
            if not isinstance(value, dict) or name not in value:
                break
            value = value[name]
        else:
            if not checker.conforms(value, fmt):
                return False
    return True


def _fast_ok(record: Any) -> bool:
    """True only when the schema certainly holds; False sends the record to jsonschema, which
    has the last word and the error message."""
    fast = _fast_validator()
    if fast is None:
        return False
    try:
        fast(record)
    except Exception:  # JsonSchemaValueException, or anything odd in the input: ask jsonschema
        return False
    return _formats_ok(record)


def validate_record(record: Any) -> None:
    """Raise RecordInvalid naming the path and the reason of the first violation."""
    if not _fast_ok(record):
        errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
        if errors:
            err = errors[0]
            path = "/".join(str(p) for p in err.absolute_path) or "(record)"
            raise RecordInvalid(f"{path}: {err.message[:200]}", path, str(err.validator))
    # The schema has passed, so both fields are strings of digits of the right length.
    if not luhn_ok(record["sim"]["iccid"]):
        raise RecordInvalid(
            "sim/iccid: the Luhn check digit does not match", "sim/iccid", "checksum"
        )
    if not iin_checksum_ok(record["subscriber"]["iin"]):
        raise RecordInvalid(
            "subscriber/iin: the IIN check digit does not match", "subscriber/iin", "checksum"
        )
