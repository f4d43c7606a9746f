"""Passive authentication (ICAO Doc 9303 part 11, 5.1 and part 12): the data groups are the
ones the issuing state signed.

1. each data group read hashes to the value in the SOD's LDSSecurityObject;
2. the SOD's CMS signature verifies with the document signer (DS) certificate it carries;
3. the DS certificate is issued by a CSCA certificate from the operator's master list, both
   are within their validity dates, and no CRL from that CSCA lists the DS certificate; when
   every CRL installed for that CSCA is past its nextUpdate, the revocation status is not
   current (chip_crl_stale: the policy decides between a clerk and a refusal).

Every failure is a stable code in `problems`; `verified` is true only with no problem at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

from kiosk.documents.chip import cms_signed
from kiosk.documents.chip.lds import LdsError
from kiosk.documents.chip.sod import Sod, parse_sod
from kiosk.documents.chip.trust import TrustStore

_log = logging.getLogger(__name__)

# the key types a certificate issuer (and so a CRL's signer) can have
_ISSUER_KEYS = (
    rsa.RSAPublicKey,
    ec.EllipticCurvePublicKey,
    dsa.DSAPublicKey,
    ed25519.Ed25519PublicKey,
    ed448.Ed448PublicKey,
)

SOD_INVALID = "chip_sod_invalid"
DG_HASH_MISMATCH = "chip_dg_hash_mismatch"
DG_HASH_MISSING = "chip_dg_hash_missing"
SOD_SIGNATURE_INVALID = "chip_sod_signature_invalid"
SIGNER_MISSING = "chip_signer_missing"
SIGNER_UNTRUSTED = "chip_signer_untrusted"
SIGNER_EXPIRED = "chip_signer_expired"
SIGNER_NOT_YET_VALID = "chip_signer_not_yet_valid"
SIGNER_REVOKED = "chip_signer_revoked"
CSCA_MISSING = "chip_csca_missing"
CSCA_EXPIRED = "chip_csca_expired"
CRL_STALE = "chip_crl_stale"


@dataclass
class PassiveAuthResult:
    verified: bool
    problems: list[str] = field(default_factory=list)
    hash_algorithm: str = ""
    dg_hashes: dict[int, bool] = field(default_factory=dict)  # data group -> hash matched
    signature_valid: bool = False
    chain_valid: bool = False
    signer_subject: str = ""
    signer_country: str = ""
    signer_key_id: str = ""  # hex subject key identifier of the document signer
    signer_serial: str = ""
    csca_subject: str = ""

    def to_json(self) -> dict:
        return {
            "verified": self.verified,
            "problems": list(self.problems),
            "hash_algorithm": self.hash_algorithm,
            "data_groups": {str(k): v for k, v in sorted(self.dg_hashes.items())},
            "signature_valid": self.signature_valid,
            "chain_valid": self.chain_valid,
            "signer": {
                "subject": self.signer_subject,
                "country": self.signer_country,
                "key_id": self.signer_key_id,
                "serial": self.signer_serial,
            },
            "csca_subject": self.csca_subject,
        }


def key_id(cert: x509.Certificate) -> str:
    """The subject key identifier, or the SHA-1 of the public key as RFC 5280 suggests."""
    try:
        return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest.hex()
    except x509.ExtensionNotFound:
        spki = cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return hashlib.sha1(spki).hexdigest()


def _country(name: x509.Name) -> str:
    attrs = name.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME)
    return str(attrs[0].value) if attrs else ""


def _within(cert: x509.Certificate, now: dt.datetime) -> str | None:
    if now < cert.not_valid_before_utc:
        return "before"
    if now > cert.not_valid_after_utc:
        return "after"
    return None


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except Exception:  # InvalidSignature, ValueError (name mismatch), TypeError (key type)
        return False
    return True


def check_hashes(sod: Sod, files: dict[int, bytes], result: PassiveAuthResult) -> None:
    for dg, data in sorted(files.items()):
        expected = sod.dg_hashes.get(dg)
        if expected is None:
            result.dg_hashes[dg] = False
            result.problems.append(DG_HASH_MISSING)
            continue
        ok = hmac.compare_digest(cms_signed.digest(sod.hash_algorithm, data), expected)
        result.dg_hashes[dg] = ok
        if not ok and DG_HASH_MISMATCH not in result.problems:
            result.problems.append(DG_HASH_MISMATCH)


def check_chain(
    ds: x509.Certificate, trust: TrustStore, now: dt.datetime, result: PassiveAuthResult
) -> None:
    candidates = trust.issuers_named(ds.issuer)
    if not candidates:
        result.problems.append(CSCA_MISSING)
        return
    csca = next((c for c in candidates if _issued_by(ds, c)), None)
    if csca is None:
        result.problems.append(SIGNER_UNTRUSTED)
        return
    result.csca_subject = csca.subject.rfc4514_string()
    problems_before = len(result.problems)
    when = _within(ds, now)
    if when == "after":
        result.problems.append(SIGNER_EXPIRED)
    elif when == "before":
        result.problems.append(SIGNER_NOT_YET_VALID)
    if _within(csca, now) is not None:
        result.problems.append(CSCA_EXPIRED)
    csca_key = csca.public_key()
    # a key that cannot sign (X25519, ...) signed no CRL: cryptography would raise
    crls = [
        c
        for c in trust.crls
        if c.issuer == csca.subject
        and isinstance(csca_key, _ISSUER_KEYS)
        and c.is_signature_valid(csca_key)
    ]
    # A revocation stays a revocation on an old list; a stale list only fails to vouch.
    if any(c.get_revoked_certificate_by_serial_number(ds.serial_number) is not None for c in crls):
        result.problems.append(SIGNER_REVOKED)
    result.chain_valid = len(result.problems) == problems_before
    if crls and not any(_crl_current(c, now) for c in crls):
        result.problems.append(CRL_STALE)


def _crl_current(crl: x509.CertificateRevocationList, now: dt.datetime) -> bool:
    """Issued and not yet past its nextUpdate (a CRL without nextUpdate never goes stale)."""
    if crl.last_update_utc > now:
        return False
    return crl.next_update_utc is None or now <= crl.next_update_utc


def _check(
    sod: Sod,
    files: dict[int, bytes],
    trust: TrustStore,
    now: dt.datetime,
    result: PassiveAuthResult,
) -> None:
    check_hashes(sod, files, result)
    ds = cms_signed.signer_certificate(sod.signed_data)
    if ds is None:
        result.problems.append(SIGNER_MISSING)
        return
    result.signer_subject = ds.subject.rfc4514_string()
    result.signer_country = _country(ds.subject)
    result.signer_key_id = key_id(ds)
    result.signer_serial = format(ds.serial_number, "x")
    result.signature_valid = cms_signed.verify_signer_info(sod.signed_data, sod.econtent, ds)
    if not result.signature_valid:
        result.problems.append(SOD_SIGNATURE_INVALID)
    check_chain(ds, trust, now, result)


def verify(
    sod_file: bytes, files: dict[int, bytes], trust: TrustStore, now: dt.datetime | None = None
) -> PassiveAuthResult:
    """Passive authentication of the data groups read (number -> file bytes)."""
    now = now or dt.datetime.now(dt.UTC)
    result = PassiveAuthResult(verified=False)
    try:
        sod = parse_sod(sod_file)
    except LdsError:
        result.problems.append(SOD_INVALID)
        return result
    result.hash_algorithm = sod.hash_algorithm
    try:
        _check(sod, files, trust, now, result)
    except Exception as exc:  # fail closed on anything a forged SOD can provoke
        # asn1crypto parses lazily and cryptography parses certificates and keys on use, each
        # with its own exceptions (ValueError, UnsupportedAlgorithm, DuplicateExtension, ...):
        # a corrupt SOD can fail at any step. It is then simply not verified.
        _log.warning("EF.SOD could not be checked: %s", type(exc).__name__)
        result.signature_valid = result.chain_valid = False
        if SOD_INVALID not in result.problems:
            result.problems.append(SOD_INVALID)
    result.verified = not result.problems
    return result
