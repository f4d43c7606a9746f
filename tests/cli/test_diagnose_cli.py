"""``simkiosk diagnose --json``: the same checks as the technician's screen, on simulated devices
(a video camera playing a photo of a face, a folder scanner, a serial MRZ reader on a
pseudo-terminal). The JSON contract: ok and checks as before, plus frozen and freeze_reasons."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from skimage import data

from kiosk.cli import main
from kiosk.diagnosis import ORDER
from simcontract.signing import x25519_public_pem

TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


@pytest.fixture
def devices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    face = tmp_path / "face.png"
    cv2.imwrite(str(face), cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR))
    docs = tmp_path / "docs"
    docs.mkdir()
    cv2.imwrite(str(docs / "card.png"), np.full((600, 950, 3), 200, np.uint8))
    for k, v in {
        "CAMERA": "video",
        "CAMERA_SOURCE": str(face),
        "SCANNER": "folder",
        "SCANNER_SOURCE": str(docs),
    }.items():
        monkeypatch.setenv(f"SIMKIOSK_DEVICES_{k}", v)
    monkeypatch.setenv("SIMKIOSK_KIOSK_DIAGNOSTICS_PIN", "7391")
    # records are stored only sealed to a known server key (else the kiosk is frozen): the
    # server's key as a technician configures it
    pem = tmp_path / "server_evidence.pub.pem"
    pem.write_text(x25519_public_pem(X25519PrivateKey.generate().public_key()))
    monkeypatch.setenv("SIMKIOSK_RECORDS_EVIDENCE_KEY", str(pem))
    return tmp_path


def _run(capsys, *args: str) -> tuple[int, dict]:
    code = main(["diagnose", "--json", "--no-server", *args])
    return code, json.loads(capsys.readouterr().out)


def test_json_reports_every_check_freeze_first(devices: Path, capsys) -> None:
    assert main(["keys", "init"]) == 0
    capsys.readouterr()
    code, out = _run(capsys)
    assert code == 0 and out["ok"] is True
    assert out["frozen"] is False and out["freeze_reasons"] == []
    names = [c["name"] for c in out["checks"]]
    assert names == [n for n in ORDER if n not in ("server", "tls", "clock")]
    by = {c["name"]: c for c in out["checks"]}
    for c in out["checks"]:
        assert set(c) == {"name", "status", "detail", "info"}
        assert c["status"] in {"ok", "warn", "error", "skip"}
    cam = by["camera"]["info"]
    assert cam["resolution"] == "512x512" and cam["faces"] == 1 and cam["fps"] > 0
    assert cam["device_id"].startswith("file:")
    assert by["scanner"]["status"] == "ok" and by["scanner"]["info"]["size"] == "950x600"
    assert by["serial_reader"]["status"] == "skip" and by["barcode"]["status"] == "skip"
    assert len(by["key"]["info"]["key_id"]) >= 8


def test_a_frozen_kiosk_is_not_ok(devices: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SIMKIOSK_RECORDS_FREEZE_MIN_FREE_DISK_MB", str(10**7))
    code, out = _run(capsys, "--no-devices")
    assert code == 1 and out["ok"] is False and out["frozen"] is True
    assert "disk is nearly full" in out["freeze_reasons"][0]
    assert out["checks"][0]["name"] == "freeze"


def test_serial_reader_hears_a_line_within_the_wait(devices: Path, capsys, monkeypatch) -> None:
    master, slave = os.openpty()
    monkeypatch.setenv("SIMKIOSK_DEVICES_SCANNER", "serial")
    monkeypatch.setenv("SIMKIOSK_DEVICES_SCANNER_SOURCE", os.ttyname(slave))

    stop = threading.Event()

    def swipe() -> None:
        # Again and again, like a technician: opening the port drops what came before.
        while not stop.wait(0.7):
            os.write(master, b"\x02" + "\r".join(TD3).encode() + b"\r\x03")

    t = threading.Thread(target=swipe)
    t.start()
    try:
        _, out = _run(capsys, "--serial-wait", "8")
    finally:
        stop.set()
        t.join()
        os.close(master)
        os.close(slave)
    serial = next(c for c in out["checks"] if c["name"] == "serial_reader")
    assert serial["status"] == "ok" and serial["info"]["mrz"] is True
    assert 0 <= serial["info"]["line_after_s"] < 8
    assert "ERIKSSON" not in json.dumps(out)  # the line itself is never reported
    assert "scanner" not in [c["name"] for c in out["checks"]]


def test_serial_reader_silent(devices: Path, capsys, monkeypatch) -> None:
    master, slave = os.openpty()
    monkeypatch.setenv("SIMKIOSK_DEVICES_SCANNER", "serial")
    monkeypatch.setenv("SIMKIOSK_DEVICES_SCANNER_SOURCE", os.ttyname(slave))
    try:
        _, out = _run(capsys, "--serial-wait", "0.5")
    finally:
        os.close(master)
        os.close(slave)
    serial = next(c for c in out["checks"] if c["name"] == "serial_reader")
    assert serial["status"] == "warn" and serial["info"]["line_after_s"] is None
    assert "no line within 0.5 s" in serial["detail"]
