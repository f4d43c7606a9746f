"""The chip step of the enrollment (issue 17), on the real document engine and the real chip
engine: a rendered document on the (folder) scanner, its chip on the simulated reader, the card
emulator on the other side. The page's MRZ opens the chip; DG1 must equal it; a verified chip's
DG2 becomes the matching reference; the policy turns every other outcome into review, retry or
refusal. The last test runs whole enrollments against the real server process."""

from __future__ import annotations

import random
from pathlib import Path

import cv2
import numpy as np
import pytest
from cryptography.hazmat.primitives import serialization

from hardware.chip_reader import SimulatedChipReader
from hardware.scanner import FolderScanner
from hardware.virtual_subject import VirtualSubjectCamera
from kiosk.biometrics.decision import MatchDecision
from kiosk.chip_step import ChipStep
from kiosk.demo.headless import run_session
from kiosk.demo.server import LocalServer
from kiosk.documents.chip import specimen
from kiosk.documents.chip.bac import key_from_mrz_lines
from kiosk.documents.chip.emulator import EPassportCard
from kiosk.documents.chip.trust import TrustStore, load_trust_store
from kiosk.documents.render import degrade, render_td1, sample_portrait
from kiosk.documents.rules import DocumentVerdict
from kiosk.documents.synthetic import random_person, td1_lines
from kiosk.records.keys import ensure_device_key
from kiosk.records.outbox import Outbox
from kiosk.services import KioskServices, build_services
from kiosk.settings import Settings, load_settings
from simcontract.sealing import open_sealed


def _settings(home: Path, url: str = "http://127.0.0.1:9", **env: str) -> Settings:
    base = {
        "SIMKIOSK_HOME": str(home),
        "SIMKIOSK_RECORDS_SERVER_URL": url,
        "SIMKIOSK_RECORDS_RETRIES": "0",
        "SIMKIOSK_RECORDS_CONNECT_TIMEOUT_S": "0.5",
        "SIMKIOSK_DEVICES_CHIP": "simulated",
    }
    return load_settings(env={**base, **env})


@pytest.fixture(scope="module")
def person():
    return random_person(random.Random(23))


@pytest.fixture(scope="module")
def lines(person) -> list[str]:
    return td1_lines(person)


@pytest.fixture(scope="module")
def docs(tmp_path_factory, person, lines) -> Path:
    rng = random.Random(3)
    folder = tmp_path_factory.mktemp("chipdocs") / "a"
    folder.mkdir()
    doc = render_td1(person, sample_portrait(), mrz_lines=lines)
    for name, side in zip(("front", "back"), doc.sides, strict=True):
        cv2.imwrite(
            str(folder / f"{name}.png"), degrade(side, rng, skew_deg=1.0, upside_down=False)
        )
    return folder.parent


@pytest.fixture(scope="module")
def csca() -> specimen.Csca:
    return specimen.make_csca("KZ")


@pytest.fixture(scope="module")
def signer(csca) -> specimen.Signer:
    return specimen.make_signer(csca)


@pytest.fixture(scope="module")
def trust(tmp_path_factory, csca) -> TrustStore:
    return load_trust_store(specimen.write_pem_folder(tmp_path_factory.mktemp("ml"), [csca]))


def _jpeg() -> tuple[bytes, int, int]:
    img = sample_portrait()
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return buf.tobytes(), img.shape[1], img.shape[0]


def _card(
    chip_lines: list[str], page_lines: list[str], signer, *, flip_dg2: bool = False
) -> EPassportCard:
    """A chip holding chip_lines in DG1 that opens with the page's MRZ key."""
    face, w, h = _jpeg()
    passport = specimen.make_passport(chip_lines, face, w, h, signer)
    files = dict(passport.files)
    if flip_dg2:
        from kiosk.documents.chip import lds

        fid = lds.DATA_GROUPS[2][0]
        data = bytearray(files[fid])
        data[-10] ^= 0x01
        files[fid] = bytes(data)
    return EPassportCard(files, key_from_mrz_lines(page_lines))


def _services(settings: Settings, docs: Path, chip: ChipStep) -> KioskServices:
    # read_document needs only the scanner; the other devices are not touched here
    return KioskServices(
        settings,
        camera=None,
        scanner=FolderScanner(str(docs)),  # type: ignore[arg-type]
        outbox=None,
        client=None,
        key=None,
        chip=chip,
    )  # type: ignore[arg-type]


def _read(tmp_path, docs, card=None, *, trust=None, remove_after=None, times=1, **env):
    settings = _settings(tmp_path, **env)
    factory = None
    if card is not None or remove_after is not None:

        def factory(_lines):
            return SimulatedChipReader(card, remove_after=remove_after)

    services = _services(settings, docs, ChipStep(settings, reader_factory=factory, trust=trust))
    services.scanner.open()
    try:
        for _ in range(times - 1):  # earlier attempts (a transient failure is retried once)
            services.read_document()
        return services.read_document()
    finally:
        services.scanner.close()


def codes(check) -> list[str]:
    return [c for c, _ in check.problems]


def test_verified_chip_portrait_becomes_the_reference(tmp_path, docs) -> None:
    check = _read(tmp_path, docs)  # the demo state's chip for this very page, its master list
    assert check.verdict == DocumentVerdict.ACCEPT, check.problems
    assert check.chip is not None
    assert check.chip["passive_authentication"] == "passed"
    assert check.chip["access_protocol"] in ("BAC", "PACE")
    assert check.chip["document_signer_key_id"]
    # the reference is the chip's DG2 (the full sample portrait), the printed crop a cross-check
    assert check.portrait.shape == sample_portrait().shape
    assert check.printed_portrait is not None
    assert check.printed_portrait.shape != check.portrait.shape
    printed = check.printed_portrait
    check.wipe()
    assert not printed.any(), "the printed portrait survived the wipe"


def test_chip_disagreeing_with_the_page_is_refused(
    tmp_path, docs, person, lines, signer, trust
) -> None:
    other = td1_lines(person.__class__(**{**person.__dict__, "surname": "IMPOSTOR"}))
    assert other != lines and key_from_mrz_lines(other) == key_from_mrz_lines(lines)
    check = _read(tmp_path, docs, _card(other, lines, signer), trust=trust)
    assert check.verdict == DocumentVerdict.REFUSE and not check.retryable
    assert "chip_mrz_mismatch" in codes(check)


def test_changed_dg2_is_refused(tmp_path, docs, lines, signer, trust) -> None:
    check = _read(tmp_path, docs, _card(lines, lines, signer, flip_dg2=True), trust=trust)
    assert check.verdict == DocumentVerdict.REFUSE
    assert "chip_dg_hash_mismatch" in codes(check), codes(check)


@pytest.mark.parametrize(
    ("choice", "verdict"), [("review", DocumentVerdict.REVIEW), ("refuse", DocumentVerdict.REFUSE)]
)
def test_csca_missing_follows_the_setting(tmp_path, docs, lines, signer, choice, verdict) -> None:
    check = _read(
        tmp_path,
        docs,
        _card(lines, lines, signer),
        trust=TrustStore(),
        SIMKIOSK_DOCUMENTS_CHIP_CSCA_MISSING=choice,
    )
    assert check.verdict == verdict
    assert "chip_csca_missing" in codes(check)
    assert check.chip["passive_authentication"] == "failed"
    # the printed portrait stays the reference of an unverified chip
    if verdict == DocumentVerdict.REVIEW:
        assert check.printed_portrait is None and check.portrait is not None


def test_card_lifted_mid_read_asks_to_place_it_again(tmp_path, docs, lines, signer, trust) -> None:
    settings = _settings(tmp_path)
    card = _card(lines, lines, signer)
    step = ChipStep(
        settings, reader_factory=lambda _l: SimulatedChipReader(card, remove_after=6), trust=trust
    )
    services = _services(settings, docs, step)
    services.scanner.open()
    try:
        first = services.read_document()
        second = services.read_document()
    finally:
        services.scanner.close()
    # the first time: place it again (the session rescans); the second: a clerk looks
    assert first.verdict == DocumentVerdict.REFUSE and first.retryable
    assert "chip_card_removed" in codes(first)
    assert second.verdict == DocumentVerdict.REVIEW and "chip_card_removed" in codes(second)


@pytest.mark.parametrize(("policy", "verdict"), [("preferred", "review"), ("required", "refuse")])
def test_no_card_on_the_reader_by_policy(tmp_path, docs, policy, verdict) -> None:
    first = _read(
        tmp_path,
        docs,
        None,
        trust=TrustStore(),
        remove_after=0,
        SIMKIOSK_DOCUMENTS_CHIP_POLICY=policy,
    )
    # "place your passport on the reader"
    assert first.verdict == DocumentVerdict.REFUSE and first.retryable
    check = _read(
        tmp_path,
        docs,
        None,
        trust=TrustStore(),
        remove_after=0,
        times=2,
        SIMKIOSK_DOCUMENTS_CHIP_POLICY=policy,
    )
    assert check.verdict == verdict and not check.retryable, codes(check)
    assert "chip_no_card" in codes(check)


def test_policy_off_reads_no_chip(tmp_path, docs) -> None:
    check = _read(tmp_path, docs, SIMKIOSK_DOCUMENTS_CHIP_POLICY="off")
    assert check.verdict == DocumentVerdict.ACCEPT
    assert check.chip is None and check.printed_portrait is None


def test_whole_enrollment_with_the_chip_sends_a_version_2_record(tmp_path, docs) -> None:
    home = tmp_path / "home"
    ensure_device_key(_settings(home))
    with LocalServer(home) as server:
        settings = _settings(home, server.url)
        camera = VirtualSubjectCamera(
            None, fps=30.0, size=(640, 480), realtime=False, seed=5, behaviour="genuine"
        )
        services = build_services(settings, camera=camera, scanner=FolderScanner(str(docs)))
        try:
            summary = run_session(settings, services)
        finally:
            services.close()
    assert summary["outcome"] == "activated", summary
    assert summary["receipt"]["status"] == "activated"
    entry = Outbox(settings.outbox_path).get(summary["record_id"])
    # the kiosk keeps the record sealed to the server: open it as the server does
    key = serialization.load_pem_private_key(
        (server.folder / "evidence_x25519.pem").read_bytes(), password=None
    )
    record = open_sealed(entry.envelope, key)["record"]
    assert record["schema_version"] == 2
    chip = record["verification"]["chip"]
    assert chip["passive_authentication"] == "passed" and chip["problems"] == []


class _Matcher:
    """Stands in for the dlib matcher in the cross-check's decision logic only (the real one
    runs in the whole enrollment above): an image's 'embedding' is its first pixel value."""

    def document_embedding(self, portrait):
        return np.full(128, float(portrait.flat[0]), np.float32)

    def live_embedding(self, frames):
        return np.full(128, float(frames[0].flat[0]), np.float32)

    def compare(self, document, live):
        from kiosk.biometrics.match import MatchResult

        d = float(abs(document[0] - live[0]))
        decision = MatchDecision.MATCH if d < 0.5 else MatchDecision.NO_MATCH
        return MatchResult(d, 0.5, 0.6, decision, "stub", 1)


@pytest.mark.parametrize(
    ("printed_value", "decision", "reason"),
    [
        (10, "match", ""),  # page photo agrees with the chip's
        (200, "review", "printed_portrait_mismatch"),  # page photo is someone else's
        (None, "match", ""),  # no chip: the printed one decides
    ],
)
def test_printed_portrait_cross_checks_a_chip_match(
    tmp_path, printed_value, decision, reason
) -> None:
    from kiosk.session import DocumentCheck, LivenessCheck

    settings = _settings(tmp_path)
    services = KioskServices(
        settings,
        camera=None,
        scanner=None,
        outbox=None,  # type: ignore[arg-type]
        client=None,
        key=None,
        matcher=_Matcher(),
    )  # type: ignore[arg-type]
    doc = DocumentCheck(
        verdict=DocumentVerdict.ACCEPT,
        problems=[],
        portrait=np.full((4, 4, 3), 10, np.uint8),
        printed_portrait=None
        if printed_value is None
        else np.full((4, 4, 3), printed_value, np.uint8),
    )
    live = LivenessCheck(passed=True, challenges=[], frames=[np.full((4, 4, 3), 10, np.uint8)])
    match = services.match_face(doc, live)
    assert (match.decision, match.reason) == (decision, reason)
