"""Chip Authentication (DG14, ECDH): the genuine chip restarts secure messaging with the
agreed key and the read goes on under it; a copy of the files on a chip without the private
key cannot answer, and a DG14 swapped for the forger's key breaks passive authentication."""

from __future__ import annotations

import dataclasses
import secrets

import pytest

from hardware.chip_reader import SimulatedChipReader
from kiosk.documents.chip import chip_auth, lds, passive_auth, reader, specimen
from kiosk.documents.chip.ec_math import CURVES
from kiosk.documents.chip.emulator import EPassportCard


def _ca_key(param: int):
    c = CURVES[param]
    scalar = secrets.randbelow(c.n - 1) + 1
    return scalar, c.encode(c.mul(scalar, c.g))


def _passport(mrz_lines, face_jpeg, signer, param, aes):
    scalar, point = _ca_key(param)
    dg14 = chip_auth.build_dg14(point, param, aes=aes)
    protocol = chip_auth.CA_ECDH_AES_128 if aes else chip_auth.CA_ECDH_3DES
    p = specimen.make_passport(mrz_lines, *face_jpeg, signer, dg14=dg14)
    return p, (scalar, param, protocol)


def _read(p, trust, ca_key, *, pace=None):
    card = EPassportCard(p.files, p.key, chip_auth_key=ca_key, pace_parameter_id=pace)
    rdr = SimulatedChipReader(card)
    rdr.connect()
    return reader.read_and_verify(rdr.transmit, p.mrz_lines, p.key, trust)


@pytest.mark.parametrize(
    ("param", "aes"),
    [(12, True), (13, True), (13, False)],
    ids=["P-256-AES", "brainpool-AES", "brainpool-3DES"],
)
def test_a_genuine_chip_passes_chip_authentication(mrz_lines, face_jpeg, signer, trust, param, aes):
    p, key = _passport(mrz_lines, face_jpeg, signer, param, aes)
    doc = _read(p, trust, key)
    assert doc.problems == [], doc.error
    assert doc.chip_auth == "passed" and doc.verified
    assert doc.passive_auth.dg_hashes == {1: True, 2: True, 14: True}
    assert doc.data_groups[2] == p.files[0x0102]  # read under the new keys


def test_chip_authentication_after_pace(mrz_lines, face_jpeg, signer, trust):
    p, key = _passport(mrz_lines, face_jpeg, signer, 13, True)
    doc = _read(p, trust, key, pace=13)
    assert doc.access_protocol == "PACE" and doc.chip_auth == "passed" and doc.verified


def test_a_clone_with_another_key_fails(mrz_lines, face_jpeg, signer, trust):
    p, (_, param, protocol) = _passport(mrz_lines, face_jpeg, signer, 13, True)
    doc = _read(p, trust, (_ca_key(13)[0], param, protocol))
    assert doc.problems == [chip_auth.CHIP_AUTH_FAILED]
    assert not doc.verified


def test_a_clone_without_chip_authentication_fails(mrz_lines, face_jpeg, signer, trust):
    p, _ = _passport(mrz_lines, face_jpeg, signer, 12, True)
    doc = _read(p, trust, None)
    assert doc.problems == [chip_auth.CHIP_AUTH_FAILED]


def test_a_swapped_dg14_breaks_passive_authentication(mrz_lines, face_jpeg, signer, trust):
    p, _ = _passport(mrz_lines, face_jpeg, signer, 13, True)
    scalar, point = _ca_key(13)
    forged = dataclasses.replace(
        p, files={**p.files, lds.DATA_GROUPS[14][0]: chip_auth.build_dg14(point, 13)}
    )
    doc = _read(forged, trust, (scalar, 13, chip_auth.CA_ECDH_AES_128))
    assert doc.chip_auth == "passed"  # the forger's chip answers for the forger's key ...
    assert passive_auth.DG_HASH_MISMATCH in doc.problems  # ... which the state never signed
    assert not doc.verified


def test_dg14_with_explicit_domain_parameters_is_understood():
    from asn1crypto import keys

    c = CURVES[13]
    point = c.encode(c.mul(7, c.g))
    spki = keys.PublicKeyInfo(
        {
            "algorithm": {
                "algorithm": "ec",
                "parameters": {
                    "specified": {
                        "version": "ecdpVer1",
                        "field_id": {"field_type": "prime_field", "parameters": c.p},
                        "curve": {"a": c.a.to_bytes(32, "big"), "b": c.b.to_bytes(32, "big")},
                        "base": c.encode(c.g),
                        "order": c.n,
                        "cofactor": 1,
                    }
                },
            },
            "public_key": point,
        }
    ).dump()
    from kiosk.documents.chip import tlv

    pk_info = tlv.encode(0x30, tlv.encode(0x06, chip_auth.PK_ECDH) + spki)
    dg14 = tlv.encode(0x6E, tlv.encode(0x31, pk_info))
    [info] = chip_auth.parse_dg14(dg14)
    assert info.curve is c and info.public_point == point
    assert info.protocol == chip_auth.CA_ECDH_3DES  # no ChipAuthenticationInfo: DG14 v1
