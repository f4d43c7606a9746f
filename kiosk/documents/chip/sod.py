"""EF.SOD (ICAO Doc 9303 part 10, 4.6.2): a CMS SignedData whose content is the
LDSSecurityObject, i.e. the hash of every data group, signed by the document signer."""

# asn1crypto declares structures with class-level _fields lists; they are never mutated.
# ruff: noqa: RUF012

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import algos, cms, core
from asn1crypto import x509 as ax509

from kiosk.documents.chip import tlv
from kiosk.documents.chip.lds import TAG_SOD, LdsError

LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"
CSCA_MASTER_LIST_OID = "2.23.136.1.1.2"


class DataGroupHash(core.Sequence):
    _fields = [("data_group_number", core.Integer), ("data_group_hash_value", core.OctetString)]


class DataGroupHashes(core.SequenceOf):
    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    _fields = [("lds_version", core.PrintableString), ("unicode_version", core.PrintableString)]


class LdsSecurityObject(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashes),
        ("lds_version_info", LdsVersionInfo, {"optional": True}),
    ]


class CertificateSet(core.SetOf):
    _child_spec = ax509.Certificate


class CscaMasterList(core.Sequence):
    _fields = [("version", core.Integer), ("cert_list", CertificateSet)]


@dataclass(frozen=True)
class Sod:
    hash_algorithm: str  # e.g. "sha256"
    dg_hashes: dict[int, bytes]
    signed_data: cms.SignedData
    econtent: bytes  # the DER LDSSecurityObject the signature covers


def parse_sod(data: bytes) -> Sod:
    try:
        info = cms.ContentInfo.load(tlv.unwrap(data, TAG_SOD))
        if info["content_type"].dotted != "1.2.840.113549.1.7.2":
            raise LdsError("EF.SOD is not a CMS SignedData")
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].dotted != LDS_SECURITY_OBJECT_OID:
            raise LdsError("EF.SOD does not sign an LDSSecurityObject")
        econtent = encap["content"].contents
        lso = LdsSecurityObject.load(econtent)
        hashes = {
            int(h["data_group_number"].native): h["data_group_hash_value"].native
            for h in lso["data_group_hash_values"]
        }
        return Sod(lso["hash_algorithm"]["algorithm"].native, hashes, signed, econtent)
    except (ValueError, TypeError, KeyError, tlv.TlvError) as exc:
        if isinstance(exc, LdsError):
            raise
        raise LdsError(f"EF.SOD does not parse: {exc}") from exc


def encode_lds_security_object(hash_algorithm: str, dg_hashes: dict[int, bytes]) -> bytes:
    return LdsSecurityObject(
        {
            "version": 0,
            "hash_algorithm": {"algorithm": hash_algorithm},
            "data_group_hash_values": [
                {"data_group_number": n, "data_group_hash_value": h}
                for n, h in sorted(dg_hashes.items())
            ],
        }
    ).dump()
