"""SerialMrzReader on a real pseudo-terminal pair: framing, line ends, garbage, timeouts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hardware.base import DeviceError
from hardware.registry import SCANNERS, resolve
from hardware.scanner import DocumentScanner
from hardware.serial_reader import MrzFrameParser, SerialMrzReader

TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]
TD1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]
ROOT = Path(__file__).resolve().parents[2]


def _frame(lines: list[str], end: str = "\r") -> bytes:
    return b"\x02" + "".join(ln + end for ln in lines).encode() + b"\x03"


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    try:
        yield master, os.ttyname(slave)
    finally:
        os.close(master)
        os.close(slave)


@pytest.fixture
def reader(pty: tuple[int, str]) -> Iterator[SerialMrzReader]:
    r = SerialMrzReader(pty[1], baudrate=9600)
    r.open()
    yield r
    r.close()


def test_framed_documents_in_order(pty: tuple[int, str], reader: SerialMrzReader) -> None:
    assert isinstance(reader, DocumentScanner)
    assert resolve(SCANNERS, "serial", "scanner") is SerialMrzReader
    os.write(pty[0], _frame(TD3) + b"noise\r\n\x00\xff" + _frame(TD1, "\r\n"))
    first, second = reader.scan(timeout_s=5), reader.scan(timeout_s=5)
    assert first.mrz_lines == TD3 and first.images == []
    assert second.mrz_lines == TD1
    assert reader.health().ok


def test_frame_split_across_writes_with_lf(pty: tuple[int, str], reader: SerialMrzReader) -> None:
    data = _frame(TD1, "\n")
    os.write(pty[0], data[:17])
    time.sleep(0.15)
    os.write(pty[0], data[17:])
    assert reader.scan(timeout_s=5).mrz_lines == TD1


def test_bad_frames_are_dropped(pty: tuple[int, str], reader: SerialMrzReader) -> None:
    broken = _frame([TD3[0], TD3[1][:-3]])  # a line cut short
    os.write(pty[0], broken + b"\x02READER V1.2\r\x03" + b"\x02" + b"P<UTO" + _frame(TD3))
    assert reader.scan(timeout_s=5).mrz_lines == TD3
    assert reader.health().info["dropped_frames"] == 3


def test_bare_lines_without_stx_etx(pty: tuple[int, str], reader: SerialMrzReader) -> None:
    os.write(pty[0], b"hello\r\n" + "\r\n".join(TD1).encode() + b"\r\n")
    assert reader.scan(timeout_s=5).mrz_lines == TD1


def test_timeout_and_stale_input(pty: tuple[int, str]) -> None:
    os.write(pty[0], _frame(TD3))  # swiped before the kiosk was ready: discarded on open
    r = SerialMrzReader(pty[1])
    r.open()
    try:
        with pytest.raises(DeviceError, match=r"no document read within 0\.3 s"):
            r.scan(timeout_s=0.3)
    finally:
        r.close()
    with pytest.raises(DeviceError, match="not open"):
        r.scan(timeout_s=0.1)


def test_missing_port() -> None:
    r = SerialMrzReader("/dev/does-not-exist-simkiosk")
    with pytest.raises(DeviceError, match="cannot open"):
        r.open()
    assert not r.health().ok


def test_parser_bare_lines_reset_on_a_pause_or_a_foreign_line() -> None:
    p = MrzFrameParser()
    assert p.feed(("X" * 30 + "\r").encode()) == []
    p.idle()  # the reader went quiet: that line was not part of the next document
    assert p.feed(("\r".join(TD1) + "\r").encode()) == [TD1]
    assert p.feed((TD1[0] + "\rnot mrz\r" + "\r".join(TD1) + "\r").encode()) == [TD1]
    assert p.feed(("\n".join(TD3) + "\n").encode()) == [TD3]


def test_read_document_cli_from_serial_reader(pty: tuple[int, str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk.cli",
            "read-document",
            "--serial",
            pty[1],
            "--timeout",
            "60",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            os.write(pty[0], _frame(TD3))  # repeat until the reader, once open, takes one
            time.sleep(0.2)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    result = json.loads(out)
    assert result["mrz"]["lines"] == TD3 and result["mrz"]["valid"] is True
    assert result["portrait"]["found"] is False
    codes = [p["code"] for p in result["problems"]]
    assert "expired" in codes and "foreign_document" in codes and "no_portrait" in codes
