"""Chip read + verification time (goal: under 3 s from placing the passport to the verdict).
Prints figures; asserts nothing about time.

Each run: access control (BAC or PACE), EF.COM, EF.SOD, DG1, DG2 (a ~20 KB JPEG face, the size
issuing states write), Active Authentication when DG15 is present, passive authentication and
the DG1-vs-MRZ comparison. Through the real PC/SC path (pcscd + vsmartcard vpcd + the
card-side ePassport behind its socket) and in-process (the protocol cost alone). Peer: the
same read with short APDUs only, as readers without extended length do it.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

import cv2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from skimage import data as skdata

from hardware.chip_reader import NoCard, PcscChipReader, SimulatedChipReader
from hardware.vpicc import (
    PcscdUnavailable,
    VirtualCard,
    free_port_pair,
    start_pcscd_with_vpcd,
    stop_pcscd,
)
from kiosk.documents import synthetic
from kiosk.documents.chip import reader, specimen
from kiosk.documents.chip.emulator import EPassportCard
from kiosk.documents.chip.trust import TrustStore

N = 10
CASES = [
    ("BAC short", None, False, False),
    ("BAC extended", None, True, False),
    ("PACE extended", 13, True, False),
    ("BAC extended + AA", None, True, True),
]


@pytest.fixture(scope="module")
def setup():
    img = cv2.cvtColor(skdata.astronaut()[0:300, 100:340], cv2.COLOR_RGB2BGR)
    face = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
    csca = specimen.make_csca()
    signer = specimen.make_signer(csca)
    lines = synthetic.td3_lines(
        synthetic.random_person(random.Random(3), today=dt.date(2026, 1, 1))
    )
    aa_key = ec.generate_private_key(ec.SECP256R1())
    plain = specimen.make_passport(lines, face, img.shape[1], img.shape[0], signer)
    with_aa = specimen.make_passport(
        lines, face, img.shape[1], img.shape[0], signer, aa_public_key=aa_key.public_key()
    )
    return plain, with_aa, aa_key, TrustStore([csca.cert])


def _card(setup, pace, aa):
    plain, with_aa, aa_key, _ = setup
    p = with_aa if aa else plain
    return p, EPassportCard(p.files, p.key, pace_parameter_id=pace, aa_key=aa_key if aa else None)


def _report(label: str, times: list[float], apdus: int, detect: list[float] | None = None) -> None:
    extra = (
        f"   of which pcscd noticing the card {statistics.median(detect) * 1000:5.0f} ms"
        if detect
        else ""
    )
    print(
        f"{label:<34} median {statistics.median(times) * 1000:7.1f} ms   "
        f"max {max(times) * 1000:7.1f} ms   {apdus:3d} APDUs{extra}   (n={len(times)})"
    )


def test_chip_read_in_process(setup):
    print()
    for label, pace, extended, aa in CASES:
        times, apdus = [], 0
        for _ in range(N):
            p, card = _card(setup, pace, aa)
            rdr = SimulatedChipReader(card)
            rdr.connect()
            t = time.perf_counter()
            doc = reader.read_and_verify(
                rdr.transmit, p.mrz_lines, p.key, setup[3], extended=extended
            )
            times.append(time.perf_counter() - t)
            assert doc.verified, doc.problems
            apdus = doc.apdus
        _report(f"in-process {label}", times, apdus)


def test_chip_read_through_pcscd(setup, tmp_path):
    port = free_port_pair()
    try:
        proc, name = start_pcscd_with_vpcd(tmp_path / "pcscd", port)
    except PcscdUnavailable as exc:
        pytest.skip(f"the real PC/SC path cannot run here: {exc}")
    print()
    try:
        for label, pace, extended, aa in CASES:
            times, detect, apdus = [], [], 0
            for _ in range(N):
                p, card = _card(setup, pace, aa)
                vc = VirtualCard(card, port=port)
                vc.insert()
                rdr = PcscChipReader(name)
                t = time.perf_counter()  # from the card's arrival, as a customer sees it
                while True:
                    try:
                        rdr.connect()
                        break
                    except NoCard:
                        time.sleep(0.02)
                detect.append(time.perf_counter() - t)
                doc = reader.read_and_verify(
                    rdr.transmit, p.mrz_lines, p.key, setup[3], extended=extended
                )
                times.append(time.perf_counter() - t)
                rdr.disconnect()
                vc.remove()
                while True:  # until pcscd has seen the card go
                    try:
                        rdr.connect()
                        rdr.disconnect()
                        time.sleep(0.02)
                    except NoCard:
                        break
                assert doc.verified, doc.problems
                apdus = doc.apdus
            _report(f"PC/SC vpcd {label}", times, apdus, detect)
    finally:
        stop_pcscd(proc)
