"""Test passports: a test CSCA, document signers under it, master lists, and the LDS files of a
passport (EF.COM, DG1, DG2, EF.SOD) built from an MRZ and a face image. Used by the tests, the
simulated reader of the demo and the benchmarks; nothing here is a real state's key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.documents.chip import cms_signed, lds, tlv
from kiosk.documents.chip.bac import BacKey, key_from_mrz_lines
from kiosk.documents.chip.sod import (
    CSCA_MASTER_LIST_OID,
    LDS_SECURITY_OBJECT_OID,
    CscaMasterList,
    encode_lds_security_object,
)

_DAY = dt.timedelta(days=1)


def _name(country: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test issuing authority"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _cert(
    subject: x509.Name,
    issuer: x509.Name,
    public_key,
    signing_key,
    *,
    ca: bool,
    not_before: dt.datetime,
    not_after: dt.datetime,
    issuer_key=None,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            True,
        )
    )
    if issuer_key is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key), False
        )
    return builder.sign(signing_key, hashes.SHA256())


@dataclass
class Csca:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


@dataclass
class Signer:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


def make_csca(
    country: str = "KZ", common_name: str = "Test CSCA", now: dt.datetime | None = None
) -> Csca:
    now = now or dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(country, common_name)
    cert = _cert(
        name,
        name,
        key.public_key(),
        key,
        ca=True,
        not_before=now - 365 * _DAY,
        not_after=now + 3650 * _DAY,
    )
    return Csca(key, cert)


def make_signer(
    csca: Csca,
    *,
    common_name: str = "Test document signer",
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> Signer:
    now = dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    country = str(csca.cert.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value)
    cert = _cert(
        _name(country, common_name),
        csca.cert.subject,
        key.public_key(),
        csca.key,
        ca=False,
        not_before=not_before or now - 30 * _DAY,
        not_after=not_after or now + 3650 * _DAY,
        issuer_key=csca.key.public_key(),
    )
    return Signer(key, cert)


def write_pem_folder(folder: Path, cscas: list[Csca]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, c in enumerate(cscas):
        (folder / f"csca-{i}.pem").write_bytes(c.cert.public_bytes(serialization.Encoding.PEM))
    return folder


def make_master_list(cscas: list[Csca], signer_of: Csca) -> bytes:
    """A CMS master list (.ml) carrying the CSCAs, signed by a master list signer under
    signer_of (one of them)."""
    from asn1crypto import x509 as ax509

    ml_signer = make_signer(signer_of, common_name="Test master list signer")
    content = CscaMasterList(
        {
            "version": 0,
            "cert_list": [
                ax509.Certificate.load(c.cert.public_bytes(serialization.Encoding.DER))
                for c in cscas
            ],
        }
    ).dump()
    return cms_signed.sign(CSCA_MASTER_LIST_OID, content, ml_signer.key, ml_signer.cert)


def revoke(
    csca: Csca,
    serials: list[int],
    *,
    last_update: dt.datetime | None = None,
    next_update: dt.datetime | None = None,
) -> bytes:
    """A PEM CRL from csca listing serials (issued yesterday, next due in 30 days unless
    given: a next_update in the past makes a stale CRL)."""
    now = dt.datetime.now(dt.UTC)
    last_update = last_update or now - _DAY
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(csca.cert.subject)
        .last_update(last_update)
        .next_update(next_update or now + 30 * _DAY)
    )
    for s in serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(s).revocation_date(last_update).build()
        )
    return builder.sign(csca.key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


@dataclass
class Passport:
    """A chip's files by file identifier, and the MRZ whose key opens it."""

    mrz_lines: list[str]
    files: dict[int, bytes] = field(default_factory=dict)

    @property
    def key(self) -> BacKey:
        return key_from_mrz_lines(self.mrz_lines)


def make_passport(
    mrz_lines: list[str],
    face: bytes,
    width: int,
    height: int,
    signer: Signer,
    *,
    jpeg2000: bool = False,
    hash_name: str = "sha256",
    extra_dg2_bytes: int = 0,
    aa_public_key=None,
    dg14: bytes | None = None,
) -> Passport:
    """The files of a genuine passport: the SOD signs DG1 and DG2's hashes.

    extra_dg2_bytes pads DG2's image (JPEG ignores bytes after its end marker) to test large
    files (offsets past 32767, extended length). aa_public_key adds DG15 (Active
    Authentication)."""
    groups = {
        1: lds.build_dg1(mrz_lines),
        2: lds.build_dg2(face + bytes(extra_dg2_bytes), width, height, jpeg2000=jpeg2000),
    }
    if aa_public_key is not None:
        from kiosk.documents.chip.active_auth import build_dg15

        groups[15] = build_dg15(aa_public_key)
    if dg14 is not None:  # Chip Authentication keys (chip_auth.build_dg14)
        groups[14] = dg14
    lso = encode_lds_security_object(
        hash_name, {n: hashlib.new(hash_name, data).digest() for n, data in groups.items()}
    )
    sod = tlv.encode(
        lds.TAG_SOD,
        cms_signed.sign(LDS_SECURITY_OBJECT_OID, lso, signer.key, signer.cert, hash_name=hash_name),
    )
    files = {lds.EF_COM: lds.build_com(sorted(groups)), lds.EF_SOD: sod}
    files.update({lds.DATA_GROUPS[n][0]: data for n, data in groups.items()})
    return Passport(list(mrz_lines), files)
