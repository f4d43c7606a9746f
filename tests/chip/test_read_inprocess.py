"""The reader against the card-side ePassport in-process: BAC, chunked and extended reads,
passive authentication, and every tampered or untrusted case refused with its code."""

from __future__ import annotations

import dataclasses
import datetime as dt

import cv2
import numpy as np
import pytest

from hardware.chip_reader import SimulatedChipReader
from kiosk.documents.chip import lds, passive_auth, reader, specimen
from kiosk.documents.chip.apdu import CommandApdu
from kiosk.documents.chip.bac import BacKey, key_from_mrz_lines
from kiosk.documents.chip.emulator import EPassportCard
from kiosk.documents.chip.trust import TrustError, load_trust_store

DG1, DG2 = lds.DATA_GROUPS[1][0], lds.DATA_GROUPS[2][0]


def _read(
    passport,
    trust,
    *,
    key=None,
    optical=None,
    extended=False,
    remove_after=None,
    sent=None,
    **card_opts,
):
    card = EPassportCard(passport.files, passport.key, **card_opts)
    rdr = SimulatedChipReader(card, remove_after=remove_after)
    rdr.connect()

    def transmit(apdu: bytes) -> bytes:
        if sent is not None:
            sent.append(apdu)
        return rdr.transmit(apdu)

    return reader.read_and_verify(
        transmit, optical or passport.mrz_lines, key or passport.key, trust, extended=extended
    )


def _with(passport, fid, data):
    return dataclasses.replace(passport, files={**passport.files, fid: data})


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def test_a_genuine_passport_reads_and_verifies(passport, trust, face_jpeg):
    doc = _read(passport, trust)
    assert doc.problems == []
    assert doc.verified
    assert doc.access_protocol == "BAC"
    assert doc.mrz_lines == passport.mrz_lines
    assert sorted(doc.data_groups) == [1, 2]
    assert doc.com is not None and doc.com.data_groups == [1, 2]
    pa = doc.passive_auth
    assert pa is not None and pa.dg_hashes == {1: True, 2: True}
    assert pa.signature_valid and pa.chain_valid and pa.signer_country == "KZ"
    assert len(pa.signer_key_id) == 40
    face = doc.faces[0]
    assert (face.mime, face.data, face.width, face.height) == (
        "image/jpeg",
        face_jpeg[0],
        face_jpeg[1],
        face_jpeg[2],
    )
    img = cv2.imdecode(np.frombuffer(face.data, np.uint8), cv2.IMREAD_COLOR)
    assert img.shape[:2] == (face_jpeg[2], face_jpeg[1])


def test_short_reads_stay_within_short_apdus(passport, trust):
    sent: list[bytes] = []
    doc = _read(passport, trust, sent=sent, extended_length=False)
    assert doc.verified
    assert all(len(a) <= 5 + 255 + 1 for a in sent)
    dg2_size = len(passport.files[DG2])
    assert doc.apdus >= dg2_size // reader.SHORT_CHUNK  # chunked


def test_extended_length_reads_need_fewer_apdus(passport, trust):
    short = _read(passport, trust)
    extended = _read(passport, trust, extended=True)
    assert extended.verified
    assert extended.apdus < short.apdus


def test_a_card_without_extended_length_refuses_extended_reads(passport, trust):
    doc = _read(passport, trust, extended=True, extended_length=False)
    assert not doc.verified and doc.problems == [reader.SECURE_MESSAGING_FAILED]


@pytest.mark.parametrize("extended", [False, True])
def test_a_large_dg2_is_read_past_offset_32767_with_odd_ins(
    mrz_lines, face_jpeg, signer, trust, extended
):
    face, w, h = face_jpeg
    big = specimen.make_passport(mrz_lines, face, w, h, signer, extra_dg2_bytes=40_000)
    assert len(big.files[DG2]) > 0x8000
    sent: list[bytes] = []
    doc = _read(big, trust, sent=sent, extended=extended)
    assert doc.verified, doc.problems
    assert any(a[1] == 0xB1 for a in sent)
    assert doc.data_groups[2] == big.files[DG2]


def test_jpeg2000_is_recognised(mrz_lines, signer, trust):
    jp2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n" + bytes(200)
    p = specimen.make_passport(mrz_lines, jp2, 10, 12, signer, jpeg2000=True)
    doc = _read(p, trust)
    assert doc.verified
    assert doc.faces[0].mime == "image/jp2" and doc.faces[0].extension == ".jp2"


def test_a_changed_dg1_byte_is_a_hash_mismatch(passport, trust):
    dg1 = passport.files[DG1]
    i = len(dg1) - 50  # a character of the name field in line 1
    tampered = dg1[:i] + (b"X" if dg1[i : i + 1] != b"X" else b"Y") + dg1[i + 1 :]
    doc = _read(_with(passport, DG1, tampered), trust)
    assert not doc.verified
    assert passive_auth.DG_HASH_MISMATCH in doc.problems
    assert doc.passive_auth.dg_hashes == {1: False, 2: True}
    assert reader.MRZ_MISMATCH in doc.problems  # the chip now disagrees with the page too


def test_a_changed_dg2_byte_is_a_hash_mismatch(passport, trust):
    dg2 = passport.files[DG2]
    doc = _read(_with(passport, DG2, _flip(dg2, len(dg2) - 100)), trust)
    assert not doc.verified
    assert doc.problems == [passive_auth.DG_HASH_MISMATCH]
    assert doc.passive_auth.dg_hashes == {1: True, 2: False}


def test_a_changed_sod_hash_breaks_the_signature(passport, trust):
    sod = passport.files[lds.EF_SOD]
    import hashlib

    at = sod.index(hashlib.sha256(passport.files[DG1]).digest())
    doc = _read(_with(passport, lds.EF_SOD, _flip(sod, at)), trust)
    assert not doc.verified
    assert passive_auth.SOD_SIGNATURE_INVALID in doc.problems
    assert passive_auth.DG_HASH_MISMATCH in doc.problems


def test_a_signer_under_an_unknown_csca_of_the_same_name_is_untrusted(mrz_lines, face_jpeg, trust):
    rogue = specimen.make_signer(specimen.make_csca("KZ"))  # same name, other key
    p = specimen.make_passport(mrz_lines, *face_jpeg, rogue)
    doc = _read(p, trust)
    assert not doc.verified
    assert doc.problems == [passive_auth.SIGNER_UNTRUSTED]
    assert doc.passive_auth.signature_valid  # the SOD is intact, only its signer is unknown


def test_a_state_whose_csca_is_not_installed_is_reported(mrz_lines, face_jpeg, trust):
    foreign = specimen.make_signer(specimen.make_csca("DE", "Test CSCA Germany"))
    doc = _read(specimen.make_passport(mrz_lines, *face_jpeg, foreign), trust)
    assert doc.problems == [passive_auth.CSCA_MISSING]
    assert not doc.verified


def test_an_expired_document_signer_is_refused(mrz_lines, face_jpeg, csca, trust):
    now = dt.datetime.now(dt.UTC)
    old = specimen.make_signer(
        csca, not_before=now - dt.timedelta(days=800), not_after=now - dt.timedelta(days=1)
    )
    doc = _read(specimen.make_passport(mrz_lines, *face_jpeg, old), trust)
    assert doc.problems == [passive_auth.SIGNER_EXPIRED]
    assert not doc.passive_auth.chain_valid


def test_a_revoked_document_signer_is_refused(passport, csca, signer, trust_dir, tmp_path):
    import shutil

    folder = shutil.copytree(trust_dir, tmp_path / "ml")
    (folder / "kz.crl").write_bytes(specimen.revoke(csca, [signer.cert.serial_number]))
    doc = _read(passport, load_trust_store(folder))
    assert doc.problems == [passive_auth.SIGNER_REVOKED]


def test_a_crl_not_signed_by_the_csca_is_ignored(passport, csca, trust_dir, tmp_path, signer):
    import shutil

    folder = shutil.copytree(trust_dir, tmp_path / "ml")
    imposter = specimen.make_csca("KZ")  # same issuer name, not the installed CSCA's key
    (folder / "fake.crl").write_bytes(specimen.revoke(imposter, [signer.cert.serial_number]))
    assert _read(passport, load_trust_store(folder)).verified


def test_a_wrong_mrz_key_is_access_denied(passport, trust):
    k = passport.key
    wrong = BacKey(k.document_number, k.birth_date, "991231")
    doc = _read(passport, trust, key=wrong)
    assert doc.problems == [reader.ACCESS_DENIED]
    assert not doc.verified and doc.data_groups == {}


def test_a_card_removed_mid_read_is_reported(passport, trust):
    doc = _read(passport, trust, remove_after=12)
    assert doc.problems == ["chip_card_removed"]
    assert not doc.verified


def test_a_chip_whose_dg1_differs_from_the_page_is_refused(mrz_lines, face_jpeg, signer, trust):
    other = list(mrz_lines)
    other[0] = other[0][:5] + "IMPOSTER<<" + other[0][15:]
    p = specimen.make_passport(other, *face_jpeg, signer)  # genuinely signed, other holder
    doc = _read(p, trust, optical=mrz_lines, key=key_from_mrz_lines(mrz_lines))
    assert doc.passive_auth.verified
    assert doc.problems == [reader.MRZ_MISMATCH]
    assert not doc.verified


def test_the_chip_refuses_reads_without_bac(passport):
    card = EPassportCard(passport.files, passport.key)
    assert card.transmit(CommandApdu(0, 0xA4, 4, 0x0C, lds.MRTD_AID).encode()) == b"\x90\x00"
    assert card.transmit(CommandApdu(0, 0xA4, 2, 0x0C, b"\x01\x01").encode()) == b"\x69\x82"
    assert card.transmit(CommandApdu(0, 0xB0, 0x81, 0, le=8).encode()) == b"\x69\x82"


def test_a_cms_master_list_is_checked_and_loaded(csca, passport, tmp_path):
    ml = specimen.make_master_list([csca, specimen.make_csca("DE", "Test CSCA Germany")], csca)
    (tmp_path / "icao.ml").write_bytes(ml)
    store = load_trust_store(tmp_path / "icao.ml")
    assert store.countries() == ["DE", "KZ"]
    assert _read(passport, store).verified
    bad = _flip(ml, len(ml) - 120)
    (tmp_path / "bad.ml").write_bytes(bad)
    with pytest.raises(TrustError):
        load_trust_store(tmp_path / "bad.ml")


def test_a_master_list_signed_outside_the_list_is_refused(csca, tmp_path):
    outsider = specimen.make_csca("XX", "Someone else")
    (tmp_path / "x.ml").write_bytes(specimen.make_master_list([csca], outsider))
    with pytest.raises(TrustError, match="not issued by a CSCA in the list"):
        load_trust_store(tmp_path / "x.ml")


def test_bac_key_from_td1_lines_with_a_long_document_number():
    lines = [
        "I<UTOD23145890<7349<<<<<<<<<<<",
        "3407127M9507122UTO<<<<<<<<<<<2",
        "STEVENSON<<PETER<JOHN<<<<<<<<<",
    ]
    assert key_from_mrz_lines(lines).mrz_information() == "D23145890734934071279507122"


def test_a_chunk_too_large_for_a_short_apdu_is_refused_by_the_chip(passport, trust, monkeypatch):
    # 0xF8 plain bytes need a 264-byte protected response: more than a short APDU carries.
    monkeypatch.setattr(reader, "SHORT_CHUNK", 0xF8)
    doc = _read(passport, trust, extended_length=False)
    assert doc.problems == [reader.SECURE_MESSAGING_FAILED]
