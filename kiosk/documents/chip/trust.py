"""The operator's CSCA trust anchors: a master list folder (PEM/DER certificates, CMS `.ml`
master lists, CRLs) or a single `.ml` file, as downloaded from the ICAO PKD or a state."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import cms
from cryptography import x509

from kiosk.documents.chip import cms_signed
from kiosk.documents.chip.sod import CSCA_MASTER_LIST_OID, CscaMasterList
from kiosk.errors import ChipError

_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}


class TrustError(ChipError, ValueError):
    """A master list that cannot be used (unreadable, or its signature does not verify)."""


@dataclass
class TrustStore:
    cscas: list[x509.Certificate] = field(default_factory=list)
    crls: list[x509.CertificateRevocationList] = field(default_factory=list)

    def issuers_named(self, name: x509.Name) -> list[x509.Certificate]:
        return [c for c in self.cscas if c.subject == name]

    def countries(self) -> list[str]:
        out = set()
        for c in self.cscas:
            for attr in c.subject.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME):
                out.add(str(attr.value))
        return sorted(out)


def load_master_list_file(data: bytes) -> list[x509.Certificate]:
    """The CSCA certificates of a CMS master list, after checking its signature: the master list
    signer's certificate (inside the CMS) must verify the content and be issued by one of the
    CSCAs the list itself carries (Doc 9303 part 12, 9)."""
    try:
        info = cms.ContentInfo.load(data)
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].dotted != CSCA_MASTER_LIST_OID:
            raise TrustError("not a CSCA master list")
        econtent = encap["content"].contents
        cscas = [cms_signed.to_crypto(c) for c in CscaMasterList.load(econtent)["cert_list"]]
        signer = cms_signed.signer_certificate(signed)
    except (ValueError, TypeError, KeyError) as exc:
        if isinstance(exc, TrustError):
            raise
        raise TrustError(f"master list does not parse: {exc}") from exc
    if signer is None or not cms_signed.verify_signer_info(signed, econtent, signer):
        raise TrustError("master list signature does not verify")
    if not any(_issued_by(signer, c) for c in cscas):
        raise TrustError("master list signer is not issued by a CSCA in the list")
    return cscas


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, Exception):  # InvalidSignature has no common base
        return False
    return True


def _load_certs(data: bytes) -> list[x509.Certificate]:
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def _load_crl(data: bytes) -> x509.CertificateRevocationList:
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


def load_trust_store(path: str | Path) -> TrustStore:
    """Everything usable under path (a folder, or one .ml / certificate file)."""
    path = Path(path)
    if not path.exists():
        raise TrustError(f"master list path {path} does not exist")
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    store = TrustStore()
    for f in files:
        suffix = f.suffix.lower()
        data = f.read_bytes()
        try:
            if suffix == ".ml":
                store.cscas.extend(load_master_list_file(data))
            elif suffix in _CERT_SUFFIXES:
                store.cscas.extend(_load_certs(data))
            elif suffix == ".crl":
                store.crls.append(_load_crl(data))
        except ValueError as exc:
            raise TrustError(f"{f.name}: {exc}") from exc
    return store
