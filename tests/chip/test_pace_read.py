"""Reading a chip that offers PACE: the reader prefers it over BAC, a wrong MRZ is refused,
and the files read under AES secure messaging verify as under BAC."""

from __future__ import annotations

import pytest

from hardware.chip_reader import SimulatedChipReader
from kiosk.documents.chip import reader
from kiosk.documents.chip.bac import BacKey
from kiosk.documents.chip.emulator import EPassportCard


def _read(passport, trust, *, key=None, sent=None, **opts):
    card = EPassportCard(passport.files, passport.key, pace_parameter_id=opts.pop("param", 13))
    rdr = SimulatedChipReader(card)
    rdr.connect()

    def transmit(apdu: bytes) -> bytes:
        if sent is not None:
            sent.append(apdu)
        return rdr.transmit(apdu)

    return reader.read_and_verify(transmit, passport.mrz_lines, key or passport.key, trust, **opts)


@pytest.mark.parametrize("param", [12, 13], ids=["P-256", "brainpoolP256r1"])
def test_a_pace_chip_is_read_with_pace(passport, trust, param):
    sent: list[bytes] = []
    doc = _read(passport, trust, sent=sent, param=param)
    assert doc.problems == [], doc.error
    assert doc.verified and doc.access_protocol == "PACE"
    assert any(a[1] == 0x86 for a in sent) and not any(a[1] == 0x82 for a in sent)
    assert doc.data_groups[2] == passport.files[0x0102]


def test_pace_with_extended_reads(passport, trust):
    doc = _read(passport, trust, extended=True)
    assert doc.verified and doc.access_protocol == "PACE"


def test_a_wrong_mrz_is_refused_by_pace(passport, trust):
    k = passport.key
    doc = _read(passport, trust, key=BacKey(k.document_number, k.birth_date, "010101"))
    assert doc.problems == [reader.ACCESS_DENIED]
    assert not doc.verified and doc.data_groups == {}


def test_bac_still_opens_a_chip_that_offers_pace(passport, trust):
    doc = _read(passport, trust, use_pace=False)
    assert doc.verified and doc.access_protocol == "BAC"
