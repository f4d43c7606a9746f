"""CMS SignedData (RFC 5652) as ICAO uses it for EF.SOD and CSCA master lists: checking the
one SignerInfo against a certificate, and making one (for test passports and the demo).

asn1crypto does the structure, `cryptography` the public-key operations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from asn1crypto import cms, core
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from kiosk.errors import ChipError

# name -> the hash's class (each is called for a new instance)
_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class CmsError(ChipError, ValueError):
    """The SignedData lacks what a check needs (no signer, no certificate, bad attributes)."""


def to_crypto(cert: ax509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def digest(name: str, data: bytes) -> bytes:
    if name not in _HASHES:
        raise CmsError(f"unsupported hash algorithm {name}")
    return hashlib.new(name, data).digest()


def signer_certificate(signed: cms.SignedData) -> x509.Certificate | None:
    """The certificate in the SignedData that its (first) SignerInfo names."""
    infos = signed["signer_infos"]
    if len(infos) == 0:
        raise CmsError("SignedData has no SignerInfo")
    sid = infos[0]["sid"]
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            if cert.issuer == ias["issuer"] and cert.serial_number == ias["serial_number"].native:
                return to_crypto(cert)
        elif cert.key_identifier == sid.chosen.native:
            return to_crypto(cert)
    return None


def verify_signer_info(signed: cms.SignedData, econtent: bytes, cert: x509.Certificate) -> bool:
    """True when the first SignerInfo's signature over econtent verifies with cert's key."""
    si = signed["signer_infos"][0]
    digest_name = si["digest_algorithm"]["algorithm"].native
    attrs = si["signed_attrs"]
    if len(attrs):
        found = {a["type"].native: a["values"][0] for a in attrs}
        md = found.get("message_digest")
        if md is None or md.native != digest(digest_name, econtent):
            return False
        ctype = found.get("content_type")
        if ctype is None or ctype.dotted != signed["encap_content_info"]["content_type"].dotted:
            return False  # RFC 5652 5.3: the signed content type must be the content's
        data = b"\x31" + attrs.dump()[1:]  # signed over as a SET OF, not as [0] IMPLICIT
    else:
        data = econtent
    signature = si["signature"].native
    algo = si["signature_algorithm"]
    key = cert.public_key()
    try:
        kind = algo.signature_algo
        if kind == "rsassa_pss":
            params = algo["parameters"]
            h = _HASHES[params["hash_algorithm"]["algorithm"].native]()
            if not isinstance(key, rsa.RSAPublicKey):
                return False
            key.verify(
                signature, data, padding.PSS(padding.MGF1(h), params["salt_length"].native), h
            )
        elif kind == "rsassa_pkcs1v15":
            if not isinstance(key, rsa.RSAPublicKey):
                return False
            key.verify(signature, data, padding.PKCS1v15(), _HASHES[digest_name]())
        elif kind == "ecdsa":
            if not isinstance(key, ec.EllipticCurvePublicKey):
                return False
            key.verify(signature, data, ec.ECDSA(_HASHES[digest_name]()))
        else:
            return False
    except InvalidSignature:
        return False
    except (ValueError, KeyError) as exc:
        raise CmsError(f"signature algorithm not usable: {exc}") from exc
    return True


def sign(
    content_type: str,
    econtent: bytes,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    cert: x509.Certificate,
    *,
    hash_name: str = "sha256",
    extra_certs: list[x509.Certificate] | None = None,
) -> bytes:
    """A DER ContentInfo holding SignedData over econtent, signed with signed attributes."""
    acert = ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    attrs = cms.CMSAttributes(
        [
            {"type": "content_type", "values": [content_type]},
            {"type": "signing_time", "values": [cms.Time({"utc_time": dt.datetime.now(dt.UTC)})]},
            {"type": "message_digest", "values": [digest(hash_name, econtent)]},
        ]
    )
    h = _HASHES[hash_name]()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        signature = key.sign(attrs.dump(), ec.ECDSA(h))
        sig_algo = f"{hash_name}_ecdsa"
    else:
        signature = key.sign(attrs.dump(), padding.PKCS1v15(), h)
        sig_algo = "rsassa_pkcs1v15"
    certs = [acert] + [
        ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in extra_certs or []
    ]
    signed = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [{"algorithm": hash_name}],
            "encap_content_info": {
                "content_type": content_type,
                "content": core.ParsableOctetString(econtent),
            },
            "certificates": certs,
            "signer_infos": [
                {
                    "version": "v1",
                    "sid": cms.SignerIdentifier(
                        {
                            "issuer_and_serial_number": {
                                "issuer": acert.issuer,
                                "serial_number": acert.serial_number,
                            }
                        }
                    ),
                    "digest_algorithm": {"algorithm": hash_name},
                    "signed_attrs": attrs,
                    "signature_algorithm": {"algorithm": sig_algo},
                    "signature": signature,
                }
            ],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()
