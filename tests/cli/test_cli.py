import json
import subprocess
import sys

from kiosk.cli import COMMANDS, main

EXPECTED = {
    "run",
    "demo",
    "diagnose",
    "read-document",
    "read-chip",
    "match",
    "liveness",
    "keys",
    "outbox",
    "records",
}


def test_help_lists_every_subcommand_without_heavy_imports() -> None:
    code = (
        "import sys\nfrom kiosk.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('cv2', 'mediapipe', 'dlib', 'PySide6', 'numpy') "
        "if m in sys.modules]\nprint('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for name in EXPECTED:
        assert name in out
    assert "HEAVY []" in out
    assert set(COMMANDS) >= EXPECTED


def test_bad_setting_stops_with_one_line(capsys, monkeypatch) -> None:
    monkeypatch.setenv("SIMKIOSK_KIOSK_MODE", "robot")
    assert main(["diagnose", "--json"]) == 2
    err = capsys.readouterr()
    assert "kiosk.mode" in err.err and len(err.err.strip().splitlines()) == 1
    assert "kiosk.mode" in json.loads(err.out)["error"]
