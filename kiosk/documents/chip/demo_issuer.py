"""The demo's issuing state: a CSCA and a document signer kept under the kiosk's state
directory, so the simulated chip reader can present passports that verify against a master
list folder the demo installs. Test keys only; never part of a production trust store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import cv2
import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kiosk.documents.chip import specimen
from kiosk.documents.chip.bac import key_from_mrz_lines
from kiosk.documents.chip.emulator import EPassportCard


def _save(path: Path, key, cert: x509.Certificate) -> None:
    path.with_suffix(".key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.with_suffix(".pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _load(path: Path):
    key = serialization.load_pem_private_key(path.with_suffix(".key").read_bytes(), None)
    cert = x509.load_pem_x509_certificate(path.with_suffix(".pem").read_bytes())
    return key, cert


def demo_issuer(folder: Path) -> tuple[specimen.Signer, Path]:
    """(document signer, master list folder) of the demo state, created on first use."""
    folder.mkdir(parents=True, exist_ok=True)
    ml = folder / "masterlist"
    csca_path, ds_path = folder / "csca", folder / "ds"
    if not (csca_path.with_suffix(".key").exists() and ds_path.with_suffix(".key").exists()):
        csca = specimen.make_csca("KZ", "Demo CSCA (test keys)")
        ds = specimen.make_signer(csca, common_name="Demo document signer (test keys)")
        _save(csca_path, csca.key, csca.cert)
        _save(ds_path, ds.key, ds.cert)
        specimen.write_pem_folder(ml, [csca])
    key, cert = _load(ds_path)
    if cert.not_valid_after_utc < dt.datetime.now(dt.UTC):
        raise RuntimeError(f"the demo document signer in {folder} has expired; delete the folder")
    return specimen.Signer(key, cert), ml


def demo_card(
    mrz_lines: list[str], folder: Path, portrait: np.ndarray | None = None
) -> tuple[EPassportCard, Path]:
    """A chip for the document with these MRZ lines (portrait: BGR image; default the sample
    portrait of the document renderer), and the master list folder that trusts it."""
    if portrait is None:
        from kiosk.documents.render import sample_portrait

        portrait = sample_portrait()
    ok, buf = cv2.imencode(".jpg", portrait, [cv2.IMWRITE_JPEG_QUALITY, 90])
    if not ok:
        raise ValueError("the portrait cannot be encoded as JPEG")
    signer, ml = demo_issuer(folder)
    passport = specimen.make_passport(
        mrz_lines, buf.tobytes(), portrait.shape[1], portrait.shape[0], signer
    )
    return EPassportCard(passport.files, key_from_mrz_lines(mrz_lines)), ml
