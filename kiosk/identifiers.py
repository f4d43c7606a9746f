"""Identifiers the activation record carries, checked by the record contract's own rules.

The kiosk id and the clerk ids end up in every signed record; a value the settings or the clerk
registry let through but the schema refuses would fail every record later, one customer at a
time. So the rules are read from the published schema (``kiosk.records.contract``), not
restated: one source for the kiosk, the server and the schema's readers.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from kiosk.records import contract


def _property(*path: str) -> dict[str, Any]:
    """The schema's definition of a record property, e.g. ``("kiosk", "kiosk_id")``."""
    node: dict[str, Any] = contract.schema()
    for name in path:
        node = node["properties"][name]
    return node


@functools.cache
def kiosk_id_pattern() -> str:
    """The schema's pattern for ``kiosk.kiosk_id`` (``^[A-Za-z0-9._-]{1,64}$`` in version 2)."""
    return _property("kiosk", "kiosk_id")["pattern"]


def _identifier(pattern: str) -> re.Pattern[str]:
    return contract.ecma_regex(pattern)  # "$" as the schema means it: no final newline


def kiosk_id_problem(value: str) -> str | None:
    """Why ``value`` cannot be a kiosk id in a record, or None when it can."""
    if not _identifier(kiosk_id_pattern()).search(value):
        return ("must be 1 to 64 Latin letters, digits, '.', '_' or '-' "
                f"(the record contract's {kiosk_id_pattern()})")
    return None


@functools.cache
def clerk_id_max_length() -> int:
    """The schema's bound on ``clerk_id`` (the clerk who ran or reviewed the session)."""
    return int(_property("clerk_id")["maxLength"])


def clerk_id_problem(value: str) -> str | None:
    """Why ``value`` cannot be a clerk id, or None when it can. The schema bounds its length; the
    kiosk holds clerk ids to the same identifier rule as kiosk ids (they are typed at a login
    screen and written in logs), which stays inside that bound."""
    if len(value) > clerk_id_max_length() or not _identifier(kiosk_id_pattern()).search(value):
        return (f"clerk id must be 1-{clerk_id_max_length()} letters, digits, '.', '_' or '-' "
                "(Latin letters only: it goes into the records)")
    return None


def schema_choices(*path: str) -> tuple[str, ...]:
    """The values the schema allows for a property, e.g. ``("mode",)`` or
    ``("evidence", "mode")`` (the settings that become those fields must offer no other)."""
    return tuple(_property(*path)["enum"])
