"""The compiled schema (fastjsonschema) that spares the server jsonschema's walk on every record
must never pass a record that jsonschema refuses: hypothesis breaks valid records at random
places and compares the two."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from simcontract import validation
from tests.records.support import make_record

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "",
            "2026-02-30",
            "2031-05-01",
            "TD1",
            "KAZ",
            "8970000000000000000",
            "900101401001\n",
            "X",
            "ID",
            "match",
            "<<<",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


def _mutate(record: dict, path: tuple, action: str, value: Any) -> dict:
    broken = copy.deepcopy(record)
    if not path:
        return value if action == "replace" else broken
    parent = broken
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent[f"extra_{len(parent)}"] = value
    elif action == "add" and isinstance(parent, list):
        parent.append(value)
    return broken


def _jsonschema_errors(record: Any) -> list:
    return list(validation._validator().iter_errors(record))


@pytest.fixture
def record(settings, device_key) -> dict:
    return copy.deepcopy(dict(make_record(settings, device_key)))


def test_the_fast_path_is_taken_for_valid_records(record) -> None:
    assert validation._fast_validator() is not None
    assert validation._fast_ok(record) and not _jsonschema_errors(record)
    validation.validate_record(record)


@pytest.mark.parametrize("date", ["2026-02-30", "2026-13-01", "31-05-2031"])
def test_impossible_dates_fail_both_ways(record, date) -> None:
    record["subscriber"]["document"]["expiry_date"] = date
    assert not validation._fast_ok(record)
    with pytest.raises(validation.RecordInvalid) as err:
        validation.validate_record(record)
    assert err.value.path == "subscriber/document/expiry_date"


@hypothesis_settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), action=st.sampled_from(["replace", "delete", "add"]), value=JSON)
def test_the_fast_path_never_passes_what_jsonschema_refuses(record, data, action, value) -> None:
    path = data.draw(st.sampled_from(_paths(record)))
    broken = _mutate(record, path, action, value)
    errors = _jsonschema_errors(broken)
    if validation._fast_ok(broken):
        assert not errors, f"fast path passed what jsonschema refuses: {errors[0].message}"
    try:
        validation.validate_record(broken)
    except validation.RecordInvalid as exc:
        assert errors or exc.rule == "checksum"
    else:
        assert not errors
