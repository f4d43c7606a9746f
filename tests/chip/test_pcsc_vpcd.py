"""The real PC/SC path: Debian's pcscd with vsmartcard's vpcd driver as the reader, the
card-side ePassport behind vpcd's socket, and the kiosk's PC/SC reader (libpcsclite) in front.

pcscd runs in the foreground with a private reader configuration on a free port; it uses the
system's socket (/run/pcscd), so the tests skip (saying why) when another pcscd is running.
"""

from __future__ import annotations

import time

import pytest

from hardware.chip_reader import NoCard, PcscChipReader
from hardware.vpicc import (
    PcscdUnavailable,
    VirtualCard,
    free_port_pair,
    start_pcscd_with_vpcd,
    stop_pcscd,
)
from kiosk.documents.chip import reader
from kiosk.documents.chip.bac import BacKey
from kiosk.documents.chip.emulator import EPassportCard


@pytest.fixture(scope="module")
def vpcd(tmp_path_factory):
    """(port, reader name) of a virtual reader served by a pcscd this fixture starts."""
    port = free_port_pair()
    try:
        proc, name = start_pcscd_with_vpcd(tmp_path_factory.mktemp("pcscd-conf"), port)
    except PcscdUnavailable as exc:
        pytest.skip(f"the real PC/SC path cannot run here: {exc}")
    try:
        yield port, name
    finally:
        stop_pcscd(proc)


def _wait_until_empty(name: str) -> None:
    """pcscd notices a removed card at its next poll; a card inserted before that would be
    taken for the old one."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        rdr = PcscChipReader(name)
        try:
            rdr.connect()
        except NoCard:
            return
        finally:
            rdr.disconnect()
        time.sleep(0.05)
    raise AssertionError("the virtual reader still reports a card")


def _read_via_pcsc(
    vpcd, passport, trust, *, key=None, extended=False, remove_after=None, pace=None
):
    port, name = vpcd
    _wait_until_empty(name)
    vc = VirtualCard(
        EPassportCard(passport.files, passport.key, pace_parameter_id=pace),
        port=port,
        remove_after=remove_after,
    )
    vc.insert()
    rdr = PcscChipReader(name)
    try:
        deadline = time.monotonic() + 10
        while True:  # pcscd polls the slot; the card shows up within a moment
            try:
                rdr.connect()
                break
            except NoCard:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        start = time.perf_counter()
        doc = reader.read_and_verify(
            rdr.transmit, passport.mrz_lines, key or passport.key, trust, extended=extended
        )
        return doc, time.perf_counter() - start
    finally:
        rdr.disconnect()
        vc.remove()
        _wait_until_empty(name)


@pytest.mark.parametrize(
    ("extended", "pace"),
    [(False, None), (True, None), (True, 13)],
    ids=["bac-short", "bac-extended", "pace-extended"],
)
def test_a_passport_reads_and_verifies_through_pcscd(vpcd, passport, trust, extended, pace):
    doc, seconds = _read_via_pcsc(vpcd, passport, trust, extended=extended, pace=pace)
    assert doc.access_protocol == ("PACE" if pace else "BAC")
    print(
        f"\nPC/SC via vpcd ({'extended' if extended else 'short'} APDUs): "
        f"{doc.access_protocol} + EF.COM + "
        f"EF.SOD + DG1 + DG2 ({len(doc.data_groups.get(2, b''))} B) + passive auth in "
        f"{seconds * 1000:.0f} ms, {doc.apdus} APDUs"
    )
    assert doc.problems == [], doc.error
    assert doc.verified
    assert doc.data_groups[2] == passport.files[0x0102]


def test_a_wrong_mrz_is_access_denied_through_pcscd(vpcd, passport, trust):
    k = passport.key
    doc, _ = _read_via_pcsc(
        vpcd, passport, trust, key=BacKey(k.document_number, "000101", k.expiry_date)
    )
    assert doc.problems == [reader.ACCESS_DENIED]


def test_a_card_lifted_mid_read_is_card_removed(vpcd, passport, trust):
    doc, _ = _read_via_pcsc(vpcd, passport, trust, remove_after=10)
    assert doc.problems == ["chip_card_removed"]
    assert not doc.verified


def test_no_card_on_the_reader(vpcd):
    rdr = PcscChipReader(vpcd[1])
    with pytest.raises(NoCard):
        rdr.connect()
    rdr.disconnect()


def test_the_cli_reads_a_passport_through_pcscd(vpcd, passport, trust_dir, capsys):
    import json

    from kiosk.cli import main

    port, name = vpcd
    _wait_until_empty(name)
    vc = VirtualCard(EPassportCard(passport.files, passport.key), port=port)
    vc.insert()
    try:
        code = main(
            [
                "read-chip",
                "--json",
                "--reader",
                name,
                "--master-list",
                str(trust_dir),
                "--extended",
                "--mrz",
                *passport.mrz_lines,
            ]
        )
    finally:
        vc.remove()
        _wait_until_empty(name)
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["reader"] == name
    assert out["verified"], out["problems"]


def test_diagnostics_list_the_virtual_reader(vpcd, passport):
    from hardware import diagnostics as dg

    port, name = vpcd
    _wait_until_empty(name)
    check = dg.check_chip_reader("pcsc", "Virtual PCD")
    assert check.status == dg.OK and "no card" in check.detail
    assert name in check.info["readers"]
    vc = VirtualCard(EPassportCard(passport.files, passport.key), port=port)
    vc.insert()
    try:
        deadline = time.monotonic() + 10
        while "card present" not in (check := dg.check_chip_reader("pcsc", name)).detail:
            assert time.monotonic() < deadline, check.detail
            time.sleep(0.05)
    finally:
        vc.remove()
        _wait_until_empty(name)
