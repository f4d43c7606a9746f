"""Whole enrollments that read the passport's chip through the real PC/SC path: Debian's pcscd
with vsmartcard's vpcd driver as the contactless reader, the card-side ePassport
(hardware.vpicc + kiosk.documents.chip.emulator) behind vpcd's socket, and the kiosk configured
as production is (devices.chip = pcsc, the reader picked by name, the master list folder in
documents.chip_master_list): build_services makes the same ChipStep and PcscChipReader a kiosk
makes. The session is the real one driven headless (kiosk.demo.headless), the matcher the real
dlib one against the virtual subject's frames, the server a real process on 127.0.0.1.

pcscd serves the system socket (/run/pcscd): the tests skip, saying why, when pcscd or vpcd is
not installed or another pcscd runs.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import cv2
import pytest
from cryptography.hazmat.primitives import serialization

from hardware.chip_reader import NoCard, PcscChipReader
from hardware.scanner import FolderScanner
from hardware.virtual_subject import VirtualSubjectCamera
from hardware.vpicc import (
    PcscdUnavailable,
    VirtualCard,
    free_port_pair,
    start_pcscd_with_vpcd,
    stop_pcscd,
)
from kiosk.demo.headless import run_session
from kiosk.demo.server import LocalServer
from kiosk.documents.chip import specimen
from kiosk.documents.chip.emulator import EPassportCard
from kiosk.documents.render import degrade, render_td1, sample_portrait
from kiosk.documents.synthetic import random_person, td1_lines
from kiosk.records.keys import ensure_device_key
from kiosk.records.outbox import Outbox
from kiosk.services import build_services
from kiosk.session import EnrollmentSession, Step
from kiosk.settings import Settings, load_settings
from simcontract.sealing import open_sealed


@pytest.fixture(scope="module")
def vpcd(tmp_path_factory):
    """(port, reader name) of a virtual reader served by a pcscd this fixture starts."""
    port = free_port_pair()
    try:
        proc, name = start_pcscd_with_vpcd(tmp_path_factory.mktemp("pcscd-conf"), port)
    except PcscdUnavailable as exc:
        pytest.skip(f"the real PC/SC path cannot run here: {exc}")
    try:
        yield port, name
    finally:
        stop_pcscd(proc)


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return td1_lines(random_person(random.Random(29)))


@pytest.fixture(scope="module")
def docs(tmp_path_factory, lines) -> Path:
    """The ID card's two sides on the folder scanner; its portrait is the virtual subject's."""
    rng = random.Random(7)
    person = random_person(random.Random(29))
    folder = tmp_path_factory.mktemp("pcscdocs") / "a"
    folder.mkdir()
    doc = render_td1(person, sample_portrait(), mrz_lines=lines)
    for name, side in zip(("front", "back"), doc.sides, strict=True):
        cv2.imwrite(
            str(folder / f"{name}.png"), degrade(side, rng, skew_deg=1.0, upside_down=False)
        )
    return folder.parent


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    """A test issuing state: its CSCA in a master list folder, a document signer under it."""
    csca = specimen.make_csca("KZ")
    folder = specimen.write_pem_folder(tmp_path_factory.mktemp("masterlist"), [csca])
    return specimen.make_signer(csca), folder


@pytest.fixture(scope="module")
def passport(lines, state) -> specimen.Passport:
    img = sample_portrait()  # the chip holds the enrolment photo the virtual subject is made of
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return specimen.make_passport(lines, buf.tobytes(), img.shape[1], img.shape[0], state[0])


def _settings(home: Path, url: str, master_list: Path) -> Settings:
    return load_settings(
        env={
            "SIMKIOSK_HOME": str(home),
            "SIMKIOSK_RECORDS_SERVER_URL": url,
            "SIMKIOSK_RECORDS_RETRIES": "0",
            "SIMKIOSK_RECORDS_CONNECT_TIMEOUT_S": "2",
            "SIMKIOSK_DEVICES_CHIP": "pcsc",
            "SIMKIOSK_DEVICES_CHIP_READER": "Virtual PCD",
            "SIMKIOSK_DOCUMENTS_CHIP_POLICY": "preferred",
            "SIMKIOSK_DOCUMENTS_CHIP_MASTER_LIST": str(master_list),
        }
    )


def _card_seen(name: str, present: bool) -> None:
    """Wait until pcscd's poll of the slot agrees (a card put down or lifted shows up at its
    next poll; a session started before that would read the old state)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        rdr = PcscChipReader(name)
        try:
            rdr.connect()
            seen = True
        except NoCard:
            seen = False
        finally:
            rdr.disconnect()
        if seen == present:
            return
        time.sleep(0.05)
    raise AssertionError(f"the virtual reader does not report the card {present=}")


def _place(vpcd, passport, *, remove_after: int | None = None) -> VirtualCard:
    port, name = vpcd
    _card_seen(name, False)
    card = VirtualCard(
        EPassportCard(passport.files, passport.key), port=port, remove_after=remove_after
    )
    card.insert()
    _card_seen(name, True)
    return card


class _Watch:
    """Wraps the services' read_document and chip read: the problem codes of every document
    check (taken before the session wipes a refused one) and the chip read's wall time."""

    def __init__(self, services) -> None:
        self.codes: list[list[str]] = []
        self.chip_seconds: list[float] = []
        self.document_seconds: list[float] = []
        read_document, chip_read = services.read_document, services.chip.read

        def timed_chip(*args, **kwargs):
            t = time.perf_counter()
            try:
                return chip_read(*args, **kwargs)
            finally:
                self.chip_seconds.append(time.perf_counter() - t)

        def watched():
            t = time.perf_counter()
            check = read_document()
            self.document_seconds.append(time.perf_counter() - t)
            self.codes.append([c for c, _ in check.problems])
            return check

        services.chip.read = timed_chip
        services.read_document = watched


def _open_record(settings: Settings, server: LocalServer, record_id: str) -> dict:
    entry = Outbox(settings.outbox_path).get(record_id)
    key = serialization.load_pem_private_key(
        (server.folder / "evidence_x25519.pem").read_bytes(), password=None
    )
    return open_sealed(entry.envelope, key)["record"]


def _enroll(tmp_path, vpcd, docs, state, *, before=None, card: VirtualCard | None = None):
    home = tmp_path / "home"
    ensure_device_key(load_settings(env={"SIMKIOSK_HOME": str(home)}))
    with LocalServer(home) as server:
        settings = _settings(home, server.url, state[1])
        camera = VirtualSubjectCamera(
            None, fps=30.0, size=(640, 480), realtime=False, seed=5, behaviour="genuine"
        )
        services = build_services(settings, camera=camera, scanner=FolderScanner(str(docs)))
        watch = _Watch(services)
        try:
            summary = run_session(settings, services, before=before)
        finally:
            services.close()
            if card is not None:
                card.remove()
        record = (
            _open_record(settings, server, summary["record_id"]) if summary["record_id"] else None
        )
    return summary, watch, record


def test_an_enrollment_reads_the_chip_through_pcscd(tmp_path, vpcd, docs, state, passport) -> None:
    card = _place(vpcd, passport)
    summary, watch, record = _enroll(tmp_path, vpcd, docs, state, card=card)
    assert summary["outcome"] == "activated", (summary, watch.codes)
    assert summary["receipt"]["status"] == "activated"
    assert card.apdus > 20  # the chip really was read through vpcd, not elsewhere
    assert record is not None and record["schema_version"] == 2
    chip = record["verification"]["chip"]
    assert chip["passive_authentication"] == "passed" and chip["problems"] == []
    assert chip["access_protocol"] == "BAC"
    assert chip["document_signer_key_id"] == passport_signer_key_id(state)
    match = record["verification"]["match"]
    assert match["decision"] == "match", match  # the chip's DG2 against the live frames
    print(
        f"\nPC/SC enrollment: chip read (ChipStep: connect, BAC, EF.COM, EF.SOD, DG1, DG2 "
        f"{len(passport.files[0x0102])} B, passive auth, policy) "
        f"{watch.chip_seconds[0] * 1000:.0f} ms over {card.apdus} APDUs; document step "
        f"(scan + OCR + chip) {watch.document_seconds[0]:.2f} s; whole session "
        f"{summary['wall_seconds']:.1f} s; steps {summary['steps']}"
    )


def passport_signer_key_id(state) -> str:
    from kiosk.documents.chip.passive_auth import key_id

    return key_id(state[0].cert)


def test_a_passport_lifted_mid_read_then_placed_again(
    tmp_path, vpcd, docs, state, passport
) -> None:
    """The first read loses the card after 10 APDUs: the customer is asked, in plain words, to
    place it again and stays on the document step; placed again, the enrollment completes."""
    from kiosk.ui.i18n import problem_text

    cards = [_place(vpcd, passport, remove_after=10)]
    seen: list[tuple[Step, int]] = []

    def before(session: EnrollmentSession) -> None:
        seen.append((session.step, session.document_attempts))
        if session.step is Step.DOCUMENT and session.document_attempts == 1 and len(cards) == 1:
            cards.append(_place(vpcd, passport))  # the customer puts the passport back

    try:
        summary, watch, record = _enroll(tmp_path, vpcd, docs, state, before=before)
    finally:
        for c in cards:
            c.remove()
    assert watch.codes[0] == ["chip_card_removed"], watch.codes
    assert (Step.DOCUMENT, 1) in seen  # the session stayed on the step after the lift
    assert "Place it again" in problem_text("en", "chip_card_removed")
    assert summary["outcome"] == "activated", (summary, watch.codes)
    assert record["verification"]["chip"]["passive_authentication"] == "passed"


def test_a_passport_lifted_and_not_returned_is_referred_not_crashed(
    tmp_path, vpcd, docs, state, passport
) -> None:
    card = _place(vpcd, passport, remove_after=10)
    try:
        summary, watch, record = _enroll(tmp_path, vpcd, docs, state)
    finally:
        card.remove()
    assert watch.codes[0] == ["chip_card_removed"], watch.codes
    # the second attempt finds no card: with policy "preferred" a clerk decides (self-service:
    # the session ends referred, with its reason, and nothing was submitted)
    assert set(watch.codes[1]) & {"chip_no_card", "chip_card_removed"}, watch.codes
    assert summary["outcome"] == "referred", summary
    assert "chip_" in summary["reason"]
    assert record is None


@pytest.mark.parametrize("param", [0, 2], ids=["dh-1024", "dh-2048"])
def test_a_pace_dh_passport_reads_through_pcscd(vpcd, passport, state, param) -> None:
    """PACE with DH generic mapping through the real PC/SC path: the 2048-bit group's keys
    make GENERAL AUTHENTICATE commands and answers longer than short APDUs carry."""
    from kiosk.documents.chip import pace, reader
    from kiosk.documents.chip.trust import load_trust_store

    port, name = vpcd
    _card_seen(name, False)
    card = VirtualCard(
        EPassportCard(
            passport.files,
            passport.key,
            pace_parameter_id=param,
            pace_protocol=pace.PACE_DH_GM_AES_128,
        ),
        port=port,
    )
    card.insert()
    _card_seen(name, True)
    rdr = PcscChipReader(name)
    try:
        rdr.connect()
        t = time.perf_counter()
        doc = reader.read_and_verify(
            rdr.transmit,
            passport.mrz_lines,
            passport.key,
            load_trust_store(state[1]),
            extended=True,
        )
        seconds = time.perf_counter() - t
    finally:
        rdr.disconnect()
        card.remove()
    assert doc.problems == [], doc.error
    assert doc.verified and doc.access_protocol == "PACE"
    print(
        f"\nPC/SC via vpcd, PACE-DH group {param} + DG1 + DG2 + passive auth: "
        f"{seconds * 1000:.0f} ms, {doc.apdus} APDUs"
    )
