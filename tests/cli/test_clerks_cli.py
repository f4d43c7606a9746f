"""``simkiosk clerks add|list|remove`` in a process of its own: the accounts land in the state
directory, the PIN never shows (not on the screen, not in the log), and every mistake is one
line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.clerks import ClerkRegistry
from kiosk.settings import load_settings
from tests.cli.support import one_line, simkiosk

PIN = "482913"


def _clerks_file(home: Path) -> Path:
    return load_settings(env={"SIMKIOSK_HOME": str(home)}).clerks_path


def _registry(home: Path) -> ClerkRegistry:
    return ClerkRegistry(_clerks_file(home))


def test_add_list_and_remove_a_clerk(tmp_path: Path) -> None:
    home = tmp_path / "home"
    added = simkiosk(home, "clerks", "add", "clerk-7", "--pin-stdin", stdin=PIN + "\n")
    assert added.returncode == 0, added.stderr
    assert one_line(added.stdout) == "added"
    assert _registry(home).authenticate("clerk-7", PIN)
    assert not _registry(home).authenticate("clerk-7", "000000")

    second = simkiosk(home, "clerks", "add", "clerk-2", "--pin-stdin", "--json", stdin="7391\n")
    assert json.loads(second.stdout) == {"added": "clerk-2"}
    listed = simkiosk(home, "clerks", "list")
    assert listed.returncode == 0 and sorted(listed.stdout.split()) == ["clerk-2", "clerk-7"]
    as_json = json.loads(simkiosk(home, "clerks", "list", "--json").stdout)
    assert sorted(as_json["clerks"]) == ["clerk-2", "clerk-7"]

    removed = simkiosk(home, "clerks", "remove", "clerk-7")
    assert removed.returncode == 0 and one_line(removed.stdout) == "removed"
    assert _registry(home).ids() == ["clerk-2"]
    assert not _registry(home).authenticate("clerk-7", PIN)

    everything = [added, second, listed, removed]
    assert all(PIN not in r.stdout + r.stderr for r in everything)
    log_dir = load_settings(env={"SIMKIOSK_HOME": str(home)}).log_dir
    assert log_dir.is_dir()
    assert PIN not in "".join(p.read_text() for p in log_dir.glob("*.log*"))
    assert PIN not in _clerks_file(home).read_text()  # stored as a hash only


def test_changing_a_pin_replaces_the_old_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for pin in ("4829", "7391"):  # not defaults: `clerks add` refuses "1111" (see below)
        done = simkiosk(home, "clerks", "add", "clerk-1", "--pin-stdin", stdin=pin + "\n")
        assert done.returncode == 0, done.stderr
    assert _registry(home).authenticate("clerk-1", "7391")
    assert not _registry(home).authenticate("clerk-1", "4829")


def test_listing_no_clerks_is_empty_not_an_error(tmp_path: Path) -> None:
    done = simkiosk(tmp_path / "home", "clerks", "list", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"clerks": []}


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["remove", "nobody"], "", "no clerk 'nobody'"),
        (["add"], "", "clerks add needs a clerk id"),
        (["remove"], "", "clerks remove needs a clerk id"),
        (["add", "clerk 7", "--pin-stdin"], "4829\n", "clerk id must be 1-64 letters"),
        (["add", "clerk-7", "--pin-stdin"], "12\n", "PIN must be 4 to 12 digits"),
        (["add", "clerk-7", "--pin-stdin"], "abcd\n", "PIN must be 4 to 12 digits"),
        (["add", "clerk-7", "--pin-stdin"], "", "PIN must be 4 to 12 digits"),  # nothing typed
        (["add", "clerk-7", "--pin-stdin"], "1111\n", "PIN is a well-known default"),
        (["add", "кассир-7", "--pin-stdin"], "4829\n", "Latin letters only"),
    ],
)
def test_mistakes_are_one_line_with_exit_code_2(
    tmp_path: Path, args: list[str], stdin: str, message: str
) -> None:
    home = tmp_path / "home"
    done = simkiosk(home, "clerks", *args, stdin=stdin)
    assert done.returncode == 2, done.stderr
    line = one_line(done.stderr)
    assert line.startswith("simkiosk: ") and message in line
    assert done.stdout == ""
    as_json = simkiosk(home, "clerks", *args, "--json", stdin=stdin)
    assert as_json.returncode == 2 and message in json.loads(as_json.stdout)["error"]
    assert _registry(home).ids() == []  # nothing half-added


def test_an_unknown_action_is_refused_by_the_parser(tmp_path: Path) -> None:
    done = simkiosk(tmp_path / "home", "clerks", "promote", "clerk-1")
    assert done.returncode == 2
    assert "invalid choice: 'promote'" in done.stderr
