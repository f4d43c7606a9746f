"""Active Authentication: a chip with DG15 signs the reader's challenge (RSA ISO 9796-2 or
plain ECDSA); a copy of its files on another chip fails."""

from __future__ import annotations

import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from hardware.chip_reader import SimulatedChipReader
from kiosk.documents.chip import active_auth, lds, passive_auth, reader, specimen
from kiosk.documents.chip.emulator import EPassportCard

DG15 = lds.DATA_GROUPS[15][0]


def _key(kind: str):
    if kind == "rsa":
        return rsa.generate_private_key(65537, 1024)
    return ec.generate_private_key(ec.SECP256R1())


def _read(passport, trust, aa_key, **opts):
    card = EPassportCard(passport.files, passport.key, aa_key=aa_key)
    rdr = SimulatedChipReader(card)
    rdr.connect()
    return reader.read_and_verify(rdr.transmit, passport.mrz_lines, passport.key, trust, **opts)


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_a_genuine_chip_passes_active_authentication(kind, mrz_lines, face_jpeg, signer, trust):
    key = _key(kind)
    p = specimen.make_passport(mrz_lines, *face_jpeg, signer, aa_public_key=key.public_key())
    doc = _read(p, trust, key)
    assert doc.problems == []
    assert doc.active_auth == "passed" and doc.verified
    assert sorted(doc.data_groups) == [1, 2, 15]
    assert doc.passive_auth.dg_hashes == {1: True, 2: True, 15: True}


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_a_cloned_chip_fails_active_authentication(kind, mrz_lines, face_jpeg, signer, trust):
    genuine = _key(kind)
    p = specimen.make_passport(mrz_lines, *face_jpeg, signer, aa_public_key=genuine.public_key())
    doc = _read(p, trust, _key(kind))  # same signed files, but not the chip's private key
    assert doc.passive_auth.verified  # the copied data are the state's ...
    assert doc.active_auth == "failed"
    assert doc.problems == [active_auth.ACTIVE_AUTH_FAILED]  # ... the chip is not
    assert not doc.verified


def test_a_clone_without_the_key_fails_too(mrz_lines, face_jpeg, signer, trust):
    key = _key("ec")
    p = specimen.make_passport(mrz_lines, *face_jpeg, signer, aa_public_key=key.public_key())
    doc = _read(p, trust, None)
    assert doc.problems == [active_auth.ACTIVE_AUTH_FAILED]


def test_a_swapped_dg15_breaks_passive_authentication(mrz_lines, face_jpeg, signer, trust):
    key, forger = _key("ec"), _key("ec")
    p = specimen.make_passport(mrz_lines, *face_jpeg, signer, aa_public_key=key.public_key())
    forged = dataclasses.replace(
        p, files={**p.files, DG15: active_auth.build_dg15(forger.public_key())}
    )
    doc = _read(forged, trust, forger)  # AA passes with the forger's key, the SOD does not
    assert doc.active_auth == "passed"
    assert passive_auth.DG_HASH_MISMATCH in doc.problems
    assert not doc.verified


def test_rsa_signature_checks_reject_a_wrong_challenge():
    key = _key("rsa")
    dg15 = active_auth.build_dg15(key.public_key())
    sig = active_auth.sign(key, b"12345678")
    assert active_auth.verify(dg15, b"12345678", sig)
    assert not active_auth.verify(dg15, b"12345679", sig)
    assert not active_auth.verify(dg15, b"12345678", sig[:-1] + bytes([sig[-1] ^ 1]))
