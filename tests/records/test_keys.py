"""Device keys on disk and the `simkiosk keys` command."""

from __future__ import annotations

import json
import stat

import pytest

from kiosk.cli import main
from kiosk.errors import KioskError
from kiosk.records.keys import (
    DEVICE_INFO_FILE,
    DEVICE_KEY_FILE,
    ensure_device_key,
    init_device_key,
    load_device_key,
)
from simcontract import signing


def test_init_writes_owner_only_key_and_device_info(settings) -> None:
    key = init_device_key(settings)
    path = settings.keys_dir / DEVICE_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    info = json.loads((settings.keys_dir / DEVICE_INFO_FILE).read_text())
    assert set(info) == {"kiosk_id", "key_id", "public_key_pem", "created_at"}
    assert info["kiosk_id"] == settings.kiosk.id and info["key_id"] == key.key_id
    public = signing.load_public_key_pem(info["public_key_pem"])
    assert signing.key_id(public) == key.key_id and len(key.key_id) == 32
    assert "PRIVATE" not in repr(key) and "private_key" not in repr(key)
    assert not [p for p in settings.keys_dir.iterdir() if p.name.endswith(".tmp")]
    loaded = load_device_key(settings)
    assert loaded.key_id == key.key_id


def test_init_refuses_to_overwrite_without_force(settings) -> None:
    first = init_device_key(settings)
    with pytest.raises(KioskError, match="--force"):
        init_device_key(settings)
    assert load_device_key(settings).key_id == first.key_id
    second = init_device_key(settings, force=True)
    assert second.key_id != first.key_id
    assert load_device_key(settings).key_id == second.key_id
    info = json.loads((settings.keys_dir / DEVICE_INFO_FILE).read_text())
    assert info["key_id"] == second.key_id


def test_load_refuses_missing_or_exposed_key(settings) -> None:
    with pytest.raises(KioskError, match="simkiosk keys init"):
        load_device_key(settings)
    init_device_key(settings)
    path = settings.keys_dir / DEVICE_KEY_FILE
    path.chmod(0o644)
    with pytest.raises(KioskError, match="chmod 600"):
        load_device_key(settings)
    with pytest.raises(KioskError, match="chmod 600"):
        ensure_device_key(settings)  # never papered over with a fresh key
    path.chmod(0o600)
    path.write_text("not a key")
    with pytest.raises(KioskError, match="not a readable PEM"):
        load_device_key(settings)


def test_device_info_follows_the_key(settings) -> None:
    key = ensure_device_key(settings)  # created on first use
    info_path = settings.keys_dir / DEVICE_INFO_FILE
    info_path.unlink()  # as if the kiosk died between writing the key and its info
    assert ensure_device_key(settings).key_id == key.key_id
    assert json.loads(info_path.read_text())["key_id"] == key.key_id


def test_keys_command_init_and_show(capsys, simkiosk_home) -> None:
    assert main(["keys", "init", "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert main(["keys", "show", "--json"]) == 0
    out = capsys.readouterr().out
    shown = json.loads(out)
    assert shown["key_id"] == created["key_id"] and shown["kiosk_id"] == "kiosk-demo-01"
    assert shown["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert "PRIVATE" not in out
    assert main(["keys", "init", "--json"]) == 1
    captured = capsys.readouterr()
    assert "--force" in json.loads(captured.out)["error"]
    assert main(["keys", "init", "--force", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["key_id"] != created["key_id"]
    private = (simkiosk_home / "keys" / DEVICE_KEY_FILE).read_text()
    body = "".join(private.splitlines()[1:-1])
    for log_file in (simkiosk_home / "logs").glob("*"):
        assert body not in log_file.read_text()
