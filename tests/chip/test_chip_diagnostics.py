"""Diagnostics report the chip reader: simulated, or the PC/SC service and its readers."""

from __future__ import annotations

from pathlib import Path

from hardware import diagnostics as dg


def test_a_simulated_reader_is_ok():
    check = dg.check_chip_reader("simulated")
    assert check.status == dg.OK and "simulated" in check.detail


def test_pcsc_without_its_service_or_reader_is_an_error():
    pid = Path("/run/pcscd/pcscd.pid")
    running = pid.exists() and Path(f"/proc/{pid.read_text().strip()}").exists()
    check = dg.check_chip_reader("pcsc", "no-such-reader-xyz")
    assert check.status == dg.ERROR
    assert ("pcscd" in check.detail) if not running else ("no" in check.detail)
