"""The one exception tree (kiosk/errors.py), its command-line table, and validation that takes
its rules from the record contract instead of restating them."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from kiosk import errors
from kiosk.cli import EXIT_CODES, exit_code, one_line
from kiosk.extras import MissingExtra
from simcontract.validation import RecordInvalid

ROOT = Path(__file__).resolve().parents[1]


def _exception_classes(packages: tuple[str, ...]) -> list[type[BaseException]]:
    """Every exception class defined in these packages (found by reading the source, then
    imported from its module)."""
    found: list[type[BaseException]] = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "__main__.py":
                continue
            tree = ast.parse(path.read_text("utf-8"))
            names = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
            if not names:
                continue
            module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
            found += [
                c
                for n in names
                if isinstance(c := getattr(module, n), type) and issubclass(c, BaseException)
            ]
    return found


def test_every_exception_of_the_kiosk_and_its_devices_is_in_the_tree() -> None:
    classes = _exception_classes(("kiosk", "hardware"))
    assert len(classes) > 40  # the tree's own branches and every module's errors
    outside = sorted(
        f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, errors.KioskError)
    )
    assert outside == []


def test_every_exception_of_the_record_contract_is_in_its_branch() -> None:
    from simcontract.errors import ContractError

    classes = _exception_classes(("simcontract",))
    assert len(classes) >= 4
    assert [c for c in classes if not issubclass(c, ContractError)] == []


def test_errors_that_were_value_errors_still_are() -> None:
    from kiosk.documents.mrz import MrzFormatError
    from kiosk.settings import SettingsError
    from simcontract.errors import ContractError
    from simcontract.validation import RecordInvalid

    for cls in (MrzFormatError, SettingsError):
        assert issubclass(cls, ValueError) and issubclass(cls, errors.KioskError)
    assert issubclass(RecordInvalid, ValueError) and issubclass(RecordInvalid, ContractError)


def test_device_errors_are_one_class_for_hardware_and_kiosk() -> None:
    from hardware.base import DeviceError
    from hardware.chip_reader import NoCard

    assert DeviceError is errors.DeviceError
    assert issubclass(NoCard, errors.DeviceError)


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (errors.InputError("no such file: a.png"), 2),
        (errors.ConfigError("setting x: bad"), 2),
        (errors.DeviceError("scanner folder /x does not exist"), 4),
        (errors.RecordError("outbox damaged"), 1),
        (errors.SessionError("not accepted"), 1),
        (MissingExtra("the demo", "demo", "skimage"), 3),
        (RecordInvalid("record: does not match the schema"), 1),
    ],
)
def test_the_command_line_table_gives_each_branch_its_exit_code(exc, code) -> None:
    assert exit_code(exc) == code


def test_the_table_lists_specific_branches_before_their_parents() -> None:
    classes = [cls for cls, _, _ in EXIT_CODES]
    assert errors.KioskError in classes
    for i, cls in enumerate(classes):
        assert not any(issubclass(cls, earlier) for earlier in classes[:i])


def test_one_line_adds_the_branch_advice_once_and_never_a_second_line() -> None:
    line = one_line(errors.DeviceError("camera /dev/video0\nis busy"))
    assert "\n" not in line and line.startswith("camera /dev/video0 is busy; ")
    assert "simkiosk diagnose" in line
    own = errors.DeviceError("no documents", advice="run `simkiosk demo` once")
    assert one_line(own) == "no documents; run `simkiosk demo` once"
    assert one_line(errors.KioskError("plain")) == "plain"


# -- validation from one source: the record contract ------------------------------------------

IDS = ["shop-7", "kiosk.A_9", "алматы-07", "a b", "", "x" * 64, "x" * 65, "id\n", "ÄBC", "٣"]


@pytest.mark.parametrize("kiosk_id", IDS)
def test_settings_accept_a_kiosk_id_exactly_when_the_record_schema_does(tmp_path, kiosk_id) -> None:
    from kiosk.settings import SettingsError, load_settings
    from simcontract.validation import ecma_regex, schema

    pattern = schema()["properties"]["kiosk"]["properties"]["kiosk_id"]["pattern"]
    schema_ok = bool(ecma_regex(pattern).search(kiosk_id))
    env = {"SIMKIOSK_HOME": str(tmp_path), "SIMKIOSK_KIOSK_ID": kiosk_id}
    try:
        load_settings(env=env)
        settings_ok = True
    except SettingsError as exc:
        assert exc.key == "kiosk.id"
        settings_ok = False
    assert settings_ok == schema_ok, kiosk_id


def test_the_cyrillic_kiosk_id_of_the_issue_is_refused_with_the_contract_rule(tmp_path) -> None:
    from kiosk.settings import SettingsError, load_settings

    with pytest.raises(SettingsError, match="Latin letters") as info:
        load_settings(env={"SIMKIOSK_HOME": str(tmp_path), "SIMKIOSK_KIOSK_ID": "алматы-07"})
    assert info.value.key == "kiosk.id" and "^[A-Za-z0-9._-]{1,64}$" in str(info.value)


@pytest.mark.parametrize("clerk_id", ["clerk-7", "кассир", "c" * 64, "c" * 65, "a b", ""])
def test_clerk_ids_follow_the_record_contract(tmp_path, clerk_id) -> None:
    from kiosk.clerks import ClerkRegistry
    from simcontract.validation import schema

    bound = schema()["properties"]["clerk_id"]["maxLength"]
    acceptable = (
        0 < len(clerk_id) <= bound
        and clerk_id.isascii()
        and all(c.isalnum() or c in "._-" for c in clerk_id)
    )
    registry = ClerkRegistry(tmp_path / "clerks.json")
    if acceptable:
        registry.add(clerk_id, "482913")
        assert registry.ids() == [clerk_id]
    else:
        with pytest.raises(errors.InputError, match="clerk id"):
            registry.add(clerk_id, "482913")


def test_settings_offer_only_the_values_the_schema_allows() -> None:
    import dataclasses

    from kiosk.settings import KioskSettings, RecordSettings
    from simcontract.validation import schema

    def schema_choices(*path: str) -> tuple[str, ...]:
        node = schema()
        for name in path:
            node = node["properties"][name]
        return tuple(node["enum"])

    def choices(cls: type, name: str) -> tuple[str, ...]:
        return next(f for f in dataclasses.fields(cls) if f.name == name).metadata["choices"]

    assert set(choices(KioskSettings, "mode")) == set(schema_choices("mode"))
    assert set(choices(RecordSettings, "evidence")) == set(schema_choices("evidence", "mode"))


@pytest.mark.parametrize("pin", ["", "0000", "1234", "123456", "4321", "7777"])
def test_default_diagnostics_pins_are_refused_outside_the_demo(tmp_path, pin) -> None:
    import dataclasses

    from kiosk.app import ready_to_serve
    from kiosk.settings import SettingsError, load_settings

    settings = load_settings(
        env={"SIMKIOSK_HOME": str(tmp_path), "SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": pin}
    )
    with pytest.raises(SettingsError) as info:
        ready_to_serve(settings)
    assert info.value.key == "kiosk.diagnostics_pin"
    ready_to_serve(dataclasses.replace(settings, demo=True))  # the demo alone may
