"""Every command's refusals, run as a technician runs them (a process of its own): the exit code
of kiosk/errors.py and kiosk/cli.py (2 bad input or settings, 1 a failure to act on, 0 done) and
one plain line on stderr, never a traceback; with --json the same reason as {"error": ...} on
stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk import __version__
from tests.cli.support import one_line, simkiosk

MISSING = "/nonexistent/simkiosk-test"

CASES = [
    # (arguments, exit code, words of the one line)
    (["read-document"], 2, "give one or more document images"),
    (["read-document", f"{MISSING}/front.png"], 2, "no such file"),
    (["match"], 2, "need a DOCUMENT_IMAGE and at least one LIVE_IMAGE"),
    (["match", f"{MISSING}/doc.png", f"{MISSING}/live.jpg"], 2, "image not found"),
    (["liveness", f"{MISSING}/clip.mp4", "--challenges", "blink"], 2, "video not found"),
    (["read-chip", "--mrz", "ABC"], 2, "MRZ must be 3 lines of 30"),
    (["demo", "--sessions", "0"], 2, "--sessions must be at least 1"),
    (["keys", "show"], 1, "no device key: run simkiosk keys init"),
    (["heartbeat"], 1, "no device key"),
    (["provision", "--server", "http://127.0.0.1:9", "--token", "abc"], 1, "server unreachable"),
]


@pytest.mark.parametrize(("args", "code", "words"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_refusals_are_one_line_with_their_exit_code(
    tmp_path: Path, args: list[str], code: int, words: str
) -> None:
    done = simkiosk(tmp_path / "home", *args)
    assert done.returncode == code, done.stderr
    line = one_line(done.stderr)
    assert line.startswith("simkiosk: ") and words in line
    assert "Traceback" not in done.stdout
    as_json = simkiosk(tmp_path / "home", *args, "--json")
    assert as_json.returncode == code
    assert words in json.loads(as_json.stdout.splitlines()[-1])["error"]


def test_a_bad_setting_stops_every_command_with_one_line(tmp_path: Path) -> None:
    done = simkiosk(tmp_path / "home", "outbox", "status", kiosk_mode="robot")
    assert done.returncode == 2
    assert "kiosk.mode" in one_line(done.stderr)


def test_a_state_directory_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    home = tmp_path / "a-file"
    home.write_text("not a directory")
    done = simkiosk(home, "outbox", "status")
    assert done.returncode == 2
    assert f"state directory {home} is not writable" in one_line(done.stderr)


def test_no_command_or_an_unknown_one_is_a_usage_error(tmp_path: Path) -> None:
    bare = simkiosk(tmp_path / "home")
    assert bare.returncode == 2 and "usage: simkiosk" in bare.stdout
    unknown = simkiosk(tmp_path / "home", "activate")
    assert unknown.returncode == 2 and "invalid choice: 'activate'" in unknown.stderr
    version = simkiosk(tmp_path / "home", "--version")
    assert version.returncode == 0 and one_line(version.stdout) == f"simkiosk {__version__}"


def test_commands_that_succeed_exit_zero(tmp_path: Path) -> None:
    home = tmp_path / "home"
    status = simkiosk(home, "outbox", "status", "--json")
    assert status.returncode == 0, status.stderr
    assert set(json.loads(status.stdout)) >= {"pending", "delivered", "rejected"}
    sample = simkiosk(home, "records", "sample")
    assert sample.returncode == 0, sample.stderr
    assert json.loads(sample.stdout)["record"]["schema_version"] == 1
    shown = simkiosk(home, "keys", "show")  # `records sample` made the device key
    assert shown.returncode == 0, shown.stderr
