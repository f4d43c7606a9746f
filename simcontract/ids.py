"""The identifiers of the contract, taken from the published schema and matched against the
WHOLE string: the one source for the kiosk's settings and clerks and for the server.

Python's ``$`` also matches before a final newline, so ``re.match(r"^...$", "id\\n")`` accepts
a value the published schema's ECMAScript patterns refuse, and one column wider than the id
(PostgreSQL's varchar(36) then fails the insert with a 500). The compiled patterns here are the
schema's without its anchors, for ``fullmatch``; every id that reaches the server's storage
(activations, evidence, the audit) passes one of these functions first.
"""

from __future__ import annotations

import re
from typing import Any, TypeGuard

from simcontract.validation import schema


def _schema_pattern(*path: str) -> str:
    node: Any = schema()
    for name in path:
        node = node[name]
    pattern = node["pattern"]
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise RuntimeError(f"schema pattern at {'/'.join(path)} is not anchored")
    return pattern


# The schema's own patterns (ECMAScript, anchored), for messages and other schemas.
KIOSK_ID_PATTERN = _schema_pattern("properties", "kiosk", "properties", "kiosk_id")
RECORD_ID_PATTERN = _schema_pattern("properties", "record_id")
KEY_ID_PATTERN = _schema_pattern("properties", "kiosk", "properties", "key_id")
IIN_PATTERN = _schema_pattern("properties", "subscriber", "properties", "iin")
SHA256_HEX_PATTERN = _schema_pattern(
    "properties", "evidence", "properties", "digests", "additionalProperties"
)

KIOSK_ID = re.compile(KIOSK_ID_PATTERN[1:-1])
RECORD_ID = re.compile(RECORD_ID_PATTERN[1:-1])
IIN = re.compile(IIN_PATTERN[1:-1])
KEY_ID = re.compile(KEY_ID_PATTERN[1:-1])
SHA256_HEX = re.compile(SHA256_HEX_PATTERN[1:-1])

# Clerk ids: the schema bounds them to 64 characters; the kiosk gives them the kiosk id's rule.
CLERK_ID = KIOSK_ID

# What a kiosk id may hold, in words (settings and the server's refusals say it).
KIOSK_ID_RULE = "1-64 of A-Z a-z 0-9 . _ -"


def _full(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def is_kiosk_id(value: object) -> TypeGuard[str]:
    return _full(KIOSK_ID, value)


def is_clerk_id(value: object) -> TypeGuard[str]:
    return _full(CLERK_ID, value)


def is_record_id(value: object) -> TypeGuard[str]:
    return _full(RECORD_ID, value)


def is_iin(value: object) -> TypeGuard[str]:
    return _full(IIN, value)


def is_key_id(value: object) -> TypeGuard[str]:
    return _full(KEY_ID, value)


def kiosk_id_or_none(value: object) -> str | None:
    return value if is_kiosk_id(value) else None


def record_id_or_none(value: object) -> str | None:
    return value if is_record_id(value) else None


def iin_or_none(value: object) -> str | None:
    return value if is_iin(value) else None
