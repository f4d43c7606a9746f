"""Test passports: a CSCA in a master list folder, a document signer under it, and the files of
a passport whose DG2 holds the astronaut's face from scikit-image."""

from __future__ import annotations

import datetime as dt
import random

import cv2
import pytest
from skimage import data as skdata

from kiosk.documents import synthetic
from kiosk.documents.chip import specimen
from kiosk.documents.chip.trust import load_trust_store


@pytest.fixture(scope="session")
def face_jpeg() -> tuple[bytes, int, int]:
    img = cv2.cvtColor(skdata.astronaut()[0:300, 100:340], cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return buf.tobytes(), img.shape[1], img.shape[0]


@pytest.fixture(scope="session")
def csca() -> specimen.Csca:
    return specimen.make_csca("KZ")


@pytest.fixture(scope="session")
def signer(csca) -> specimen.Signer:
    return specimen.make_signer(csca)


@pytest.fixture(scope="session")
def trust_dir(tmp_path_factory, csca):
    return specimen.write_pem_folder(tmp_path_factory.mktemp("masterlist"), [csca])


@pytest.fixture(scope="session")
def trust(trust_dir):
    return load_trust_store(trust_dir)


@pytest.fixture(scope="session")
def mrz_lines() -> list[str]:
    person = synthetic.random_person(random.Random(17), today=dt.date(2026, 1, 1))
    return synthetic.td3_lines(person)


@pytest.fixture(scope="session")
def passport(mrz_lines, face_jpeg, signer) -> specimen.Passport:
    face, w, h = face_jpeg
    return specimen.make_passport(mrz_lines, face, w, h, signer)
