"""`simkiosk read-chip` with the simulated reader: the demo state's chip verifies, the portrait
is written, and missing trust anchors or bad input are reported."""

from __future__ import annotations

import json

from kiosk.cli import main

MRZ = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def test_read_chip_simulated_verifies_and_writes_the_portrait(capsys, tmp_path):
    out_file = tmp_path / "chip-face.jpg"
    code = main(
        [
            "read-chip",
            "--json",
            "--reader",
            "simulated",
            "--portrait-out",
            str(out_file),
            "--mrz",
            *MRZ,
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["verified"] and out["problems"] == []
    assert out["access_protocol"] == "BAC" and out["data_groups"] == [1, 2]
    assert out["mrz"] == MRZ
    assert out["passive_authentication"]["signer"]["country"] == "KZ"
    assert out_file.read_bytes()[:3] == b"\xff\xd8\xff"
    assert out["portrait"]["bytes"] == out_file.stat().st_size


def test_read_chip_without_the_states_csca_is_not_verified(capsys, tmp_path):
    empty = tmp_path / "masterlist"
    empty.mkdir()
    code = main(
        ["read-chip", "--json", "--reader", "simulated", "--master-list", str(empty), "--mrz", *MRZ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0  # the chip was read; the verdict says it is not trusted
    assert not out["verified"]
    assert out["problems"] == ["chip_csca_missing"]


def test_read_chip_settings_select_the_reader(capsys, monkeypatch):
    monkeypatch.setenv("SIMKIOSK_DEVICES_CHIP", "simulated")
    assert main(["read-chip", "--mrz", *MRZ]) == 0
    assert "VERIFIED" in capsys.readouterr().out


def test_read_chip_needs_a_reader(capsys):
    assert main(["read-chip", "--json", "--mrz", *MRZ]) == 2
    assert "devices.chip" in json.loads(capsys.readouterr().out)["error"]


def test_read_chip_refuses_a_malformed_mrz(capsys):
    assert main(["read-chip", "--json", "--reader", "simulated", "--mrz", "P<UTO", "L898"]) == 2
    assert "--mrz" in json.loads(capsys.readouterr().out)["error"]


def test_read_document_with_chip_reads_both(capsys, tmp_path):
    import random

    import cv2

    from kiosk.documents import render, synthetic

    person = synthetic.random_person(random.Random(5))
    doc = render.render_td3(person, render.sample_portrait())
    page = tmp_path / "page.png"
    cv2.imwrite(str(page), doc.sides[0])
    code = main(["read-document", str(page), "--chip", "simulated", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["mrz"]["lines"] == doc.mrz_lines
    assert out["chip"]["verified"] and out["chip"]["mrz"] == doc.mrz_lines
