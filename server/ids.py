"""The identifiers the server checks, in one place, matched against the WHOLE string.

Python's ``$`` also matches before a final newline, so ``re.match(r"^...$", "id\\n")`` accepts
a value the published schema's ECMAScript patterns refuse, and one column wider than the id
(PostgreSQL's varchar(36) then fails the insert with a 500). Every check here uses
``fullmatch``; every id that reaches storage (activations, evidence, the audit) passes one
of these functions first.
"""

from __future__ import annotations

import re
from typing import TypeGuard

KIOSK_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
IIN = re.compile(r"[0-9]{12}")
KEY_ID = re.compile(r"[0-9a-f]{32}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def _full(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def is_kiosk_id(value: object) -> TypeGuard[str]:
    return _full(KIOSK_ID, value)


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
