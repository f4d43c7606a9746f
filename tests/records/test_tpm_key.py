"""The device key sealed by a TPM 2.0 (issue 18), on Debian's software TPM (``swtpm``) started
here, one instance per "machine": the key signs on its own machine, no file of the kiosk holds
it, and a copy of the kiosk's home on another machine (another swtpm, another seed) cannot sign.
Skipped, with the reason, where swtpm or tpm2-tools are not installed."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from kiosk.cli import main
from kiosk.diagnosis import check_key
from kiosk.records import tpm
from kiosk.records.keys import DEVICE_KEY_FILE, TPM_KEY_FILE, init_device_key, load_device_key
from kiosk.settings import Settings, load_settings
from simcontract import signing

pytestmark = pytest.mark.skipif(
    shutil.which("swtpm") is None or bool(tpm.tools_missing()),
    reason="needs Debian's swtpm and tpm2-tools (apt-get install swtpm tpm2-tools)",
)


def _free_ports() -> tuple[int, int]:
    """Two free ports in a row: the swtpm TCTI finds the control port at the server's + 1."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port, port + 1
    raise AssertionError("no two free ports in a row")


@pytest.fixture
def start_tpm(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Starts a software TPM with its own state (its own seed): one "machine"; returns its
    TCTI. Every one started is stopped at the end."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str) -> str:
        state = tmp_path / f"tpm-{name}"
        state.mkdir()
        port, ctrl = _free_ports()
        proc = subprocess.Popen(
            [
                "swtpm",
                "socket",
                "--tpm2",
                "--tpmstate",
                f"dir={state}",
                "--server",
                f"type=tcp,port={port},bindaddr=127.0.0.1",
                "--ctrl",
                f"type=tcp,port={ctrl},bindaddr=127.0.0.1",
                "--flags",
                "not-need-init,startup-clear",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(proc)
        deadline = time.monotonic() + 30  # only stops a hung start; not a timing assertion
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, "swtpm exited"
                assert time.monotonic() < deadline, "swtpm did not listen"
                time.sleep(0.05)
        return f"swtpm:host=127.0.0.1,port={port}"

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def _settings(home: Path, tcti: str) -> Settings:
    settings = load_settings(env={"SIMKIOSK_HOME": str(home), "SIMKIOSK_RECORDS_TPM_TCTI": tcti})
    settings.ensure_dirs()
    return settings


def test_the_key_signs_on_its_machine_only(start_tpm, tmp_path: Path) -> None:
    home = tmp_path / "kiosk"
    settings = _settings(home, start_tpm("a"))
    created = init_device_key(settings, use_tpm=True)
    raw = created.private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert not (settings.keys_dir / DEVICE_KEY_FILE).exists()
    assert (settings.keys_dir / TPM_KEY_FILE).stat().st_mode & 0o077 == 0
    # no file of the kiosk holds the key, in any spelling
    pem = created.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert raw not in data and base64.b64encode(raw) not in data
            assert pem not in data and raw.hex().encode() not in data

    loaded = load_device_key(settings)  # unsealed by the same TPM: the same key
    assert loaded.key_id == created.key_id
    signature = signing.sign({"a": 1}, loaded.private_key)
    signing.verify({"a": 1}, signature, created.public_key)

    # the whole home copied to another machine: another TPM, the key does not open
    thief = tmp_path / "stolen"
    shutil.copytree(home, thief)
    with pytest.raises(tpm.TpmError, match="does not open with this machine's TPM"):
        load_device_key(_settings(thief, start_tpm("b")))


def test_keys_init_tpm_and_show_report_the_protection(
    start_tpm, tmp_path: Path, capsys, monkeypatch
) -> None:
    home = tmp_path / "kiosk"
    tcti = start_tpm("a")
    monkeypatch.setenv("SIMKIOSK_HOME", str(home))
    monkeypatch.setenv("SIMKIOSK_RECORDS_TPM_TCTI", tcti)
    assert main(["keys", "init", "--tpm", "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["protection"] == "tpm"
    assert main(["keys", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["protection"] == "tpm" and shown["key_id"] == created["key_id"]
    assert "useless on another machine" in shown["protection_detail"]
    check = check_key(_settings(home, tcti))
    assert check.info["key_protection"] == "tpm" and "TPM 2.0" in check.detail
    # replacing it with a plain key file says so
    assert main(["keys", "init", "--force", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["protection"] == "file"
