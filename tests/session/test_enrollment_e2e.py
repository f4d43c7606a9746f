"""Whole enrollments, headless, on the real engines and a real reference server on 127.0.0.1.

The scanner is a folder of documents rendered here, the camera is the virtual subject (the
astronaut photo animated along its own MediaPipe mesh, answering the kiosk's prompts), the server
is ``simkiosk-server`` in its own process. Faults are real: the server is stopped, the customer
holds up a photo, the document is tampered with. After every session the test proves that nothing
personal is left in the session or on disk.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hardware.scanner import FolderScanner
from hardware.virtual_subject import VirtualSubjectCamera
from kiosk.demo.headless import fresh_iccid, run_session
from kiosk.demo.server import LocalServer
from kiosk.documents.render import degrade, render_td1, render_td3, sample_portrait
from kiosk.documents.synthetic import (
    expired,
    random_person,
    tamper_birth_date,
    td1_lines,
    td3_lines,
)
from kiosk.records.client import ActivationClient
from kiosk.records.keys import ensure_device_key
from kiosk.records.outbox import Outbox
from kiosk.services import build_services
from kiosk.session import EnrollmentSession, SessionOutcome, Step
from kiosk.settings import Settings, load_settings
from simcontract.sealing import open_sealed
from simcontract.signing import x25519_public_pem
from tests.support.plain_values import plainly_in


@pytest.fixture(scope="module")
def kiosk_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e-kiosk")


def _settings(home: Path, url: str = "http://127.0.0.1:9", **env: str) -> Settings:
    base = {
        "SIMKIOSK_HOME": str(home),
        "SIMKIOSK_RECORDS_SERVER_URL": url,
        "SIMKIOSK_RECORDS_RETRIES": "0",
        "SIMKIOSK_RECORDS_CONNECT_TIMEOUT_S": "0.5",
    }
    return load_settings(env={**base, **env})


@pytest.fixture(scope="module")
def server(kiosk_home: Path) -> Iterator[LocalServer]:
    ensure_device_key(_settings(kiosk_home))
    with LocalServer(kiosk_home) as srv:
        yield srv


def _opened_by(server: LocalServer, entry) -> dict:
    """The record as the server opens it (the kiosk keeps it sealed to the server's key)."""
    key = serialization.load_pem_private_key(
        (server.folder / "evidence_x25519.pem").read_bytes(), password=None
    )
    return open_sealed(entry.envelope, key)["record"]


def _write_document(
    folder: Path, lines: list[str] | None = None, *, person=None, seed: int = 0
) -> None:
    rng = random.Random(seed)
    person = person or random_person(rng)
    doc = render_td1(person, sample_portrait(), mrz_lines=lines)
    folder.mkdir(parents=True, exist_ok=True)
    for name, side in zip(("front", "back"), doc.sides, strict=True):
        cv2.imwrite(
            str(folder / f"{name}.png"), degrade(side, rng, skew_deg=1.0, upside_down=False)
        )


@pytest.fixture
def genuine_docs(tmp_path: Path) -> Path:
    _write_document(tmp_path / "docs" / "a", seed=11)
    return tmp_path / "docs"


def _services(
    settings: Settings,
    docs: Path,
    *,
    behaviour: str = "genuine",
    face: str | None = None,
    seed: int = 5,
):
    camera = VirtualSubjectCamera(
        face, fps=30.0, size=(640, 480), realtime=False, seed=seed, behaviour=behaviour
    )
    return build_services(settings, camera=camera, scanner=FolderScanner(str(docs)))


def _assert_wiped(session: EnrollmentSession, handed_out: list[np.ndarray]) -> None:
    data = session.data
    assert data.document is None and data.liveness is None and data.match is None
    assert data.iccid == "" and data.msisdn is None and not data.overrides
    for array in handed_out:
        assert not array.any(), "an image of the session survived its end"


class _Watch:
    """Keeps references to the session's images so the test can check they were zeroed."""

    def __init__(self) -> None:
        self.arrays: list[np.ndarray] = []
        self.session: EnrollmentSession | None = None

    def __call__(self, session: EnrollmentSession) -> None:
        self.session = session
        data = session.data
        if data.document is not None and data.document.portrait is not None:
            self.arrays.append(data.document.portrait)
        if data.liveness is not None:
            self.arrays.extend(data.liveness.frames)


def _run(settings: Settings, services, **kw) -> tuple[dict, _Watch]:
    watch = _Watch()
    summary = run_session(settings, services, before=watch, **kw)
    assert watch.session is not None
    _assert_wiped(watch.session, watch.arrays)
    return summary, watch


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory of this test alone (the machine's /tmp is shared with others)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def test_genuine_enrollment_is_activated_with_a_verified_receipt(
    server: LocalServer, kiosk_home: Path, genuine_docs: Path, private_tmp: Path
) -> None:
    settings = _settings(kiosk_home, server.url)
    services = _services(settings, genuine_docs)
    try:
        summary, watch = _run(settings, services)
    finally:
        services.close()
    assert summary["outcome"] == "activated", summary
    assert summary["receipt"]["status"] == "activated"
    assert summary["receipt"]["record_id"] == summary["record_id"]
    assert set(summary["steps"]) >= {"document", "sim", "face", "submit"}
    assert watch.arrays, "the session never held a portrait or live frames"
    assert not list(private_tmp.iterdir()), "the session left temporary files behind"
    status = Outbox(settings.outbox_path).status()
    assert status["pending"] == 0 and status["delivered"] >= 1


def test_sealed_evidence_goes_to_the_server_and_leaves_no_copy(
    server: LocalServer, kiosk_home: Path, genuine_docs: Path, private_tmp: Path
) -> None:
    """Evidence mode "sealed": the session learns the server's evidence key before it starts,
    seals the portrait and the live face into the record, and the background sender puts the
    ciphertext on the server; the kiosk keeps no copy and no temporary file."""
    settings = _settings(kiosk_home, server.url, SIMKIOSK_RECORDS_EVIDENCE="sealed")
    services = _services(settings, genuine_docs)
    try:
        summary, _ = _run(settings, services)
        assert summary["outcome"] == "activated", summary
        outbox = services.outbox
        deadline = time.monotonic() + 60  # only stops a hung test; not a timing assertion
        while outbox.sealed_evidence(summary["record_id"]) is not None:
            assert time.monotonic() < deadline, "the sealed evidence never went up"
            time.sleep(0.05)
        entry = outbox.get(summary["record_id"])
        assert entry.sealed  # the record itself is sealed at rest too
        assert _opened_by(server, entry)["evidence"]["sealed"]
    finally:
        services.close()
    assert not list(private_tmp.iterdir()), "the session left temporary files behind"
    db = sqlite3.connect(server.db_url.removeprefix("sqlite:///"))
    try:
        stored = db.execute(
            "SELECT COUNT(*) FROM evidence WHERE record_id = ?", (summary["record_id"],)
        ).fetchone()[0]
    finally:
        db.close()
    assert stored == 1, "the server did not store the sealed evidence"


@pytest.mark.parametrize("case", ["tampered", "expired", "unreadable"])
def test_bad_documents_are_refused(
    server: LocalServer, kiosk_home: Path, tmp_path: Path, case: str
) -> None:
    rng = random.Random(3)
    person = random_person(rng)
    docs = tmp_path / "docs"
    if case == "tampered":
        lines = tamper_birth_date(td1_lines(person), person.birth_date.replace(year=1970))
        _write_document(docs / "a", lines, person=person)
    elif case == "expired":
        _write_document(docs / "a", person=expired(person))
    else:
        docs.mkdir()
        cv2.imwrite(str(docs / "blank.png"), np.full((600, 900, 3), 235, np.uint8))
    settings = _settings(kiosk_home, server.url)
    services = _services(settings, docs)
    try:
        summary, _ = _run(settings, services)
    finally:
        services.close()
    assert summary["outcome"] == SessionOutcome.DOCUMENT_REFUSED, summary
    assert "face" not in summary["steps"]
    expected = {"tampered": "mrz", "expired": "expired", "unreadable": "mrz_unreadable"}[case]
    assert expected in summary["reason"]


def test_held_photo_never_passes(server: LocalServer, kiosk_home: Path, genuine_docs: Path) -> None:
    settings = _settings(kiosk_home, server.url)
    services = _services(settings, genuine_docs, behaviour="photo")
    try:
        summary, _ = _run(settings, services)
    finally:
        services.close()
    assert summary["outcome"] == SessionOutcome.LIVENESS_FAILED, summary
    assert summary["face_attempts"] == settings.biometrics.face_attempts
    assert summary["record_id"] is None


def test_a_different_person_is_not_matched(
    server: LocalServer, kiosk_home: Path, genuine_docs: Path, shared_faces: Path
) -> None:
    settings = _settings(kiosk_home, server.url)
    services = _services(settings, genuine_docs, face=str(shared_faces / "obama.jpg"))
    try:
        summary, _ = _run(settings, services)
    finally:
        services.close()
    assert summary["outcome"] == SessionOutcome.NO_MATCH, summary
    assert summary["record_id"] is None


def test_review_band_goes_to_the_clerk(
    server: LocalServer, kiosk_home: Path, genuine_docs: Path
) -> None:
    # An accept band so tight that the genuine distance lands in the review band.
    env = {
        "SIMKIOSK_BIOMETRICS_MATCH_THRESHOLD": "0.1",
        "SIMKIOSK_BIOMETRICS_REVIEW_THRESHOLD": "0.9",
    }
    alone = _settings(kiosk_home, server.url, **env)
    services = _services(alone, genuine_docs)
    try:
        summary, _ = _run(alone, services)
        assert summary["outcome"] == SessionOutcome.REFERRED, summary
        assisted = _settings(kiosk_home, server.url, SIMKIOSK_KIOSK_MODE="assisted", **env)
        services.settings = assisted
        from kiosk.clerks import ClerkRegistry

        ClerkRegistry(assisted.clerks_path).add("clerk-7", "1357")
        summary, _ = _run(assisted, services, clerk=("clerk-7", "1357"))
    finally:
        services.close()
    assert summary["outcome"] == SessionOutcome.ACTIVATED, summary
    assert "review" in summary["steps"]


def test_foreign_passport_needs_the_clerk_to_enter_the_iin(
    server: LocalServer, kiosk_home: Path, tmp_path: Path
) -> None:
    """A resident foreigner's passport (no IIN on it): self-service refers right after the scan;
    a clerk enters the holder's IIN (from the residence permit), the record carries it and the
    server activates it; the entry is recorded as a manual override."""
    rng = random.Random(23)
    person = random_person(rng, nationality="UZB")
    lines = td3_lines(person, issuer="UZB", personal_number="")
    passport = render_td3(person, sample_portrait(), mrz_lines=lines)
    docs = tmp_path / "docs" / "p"
    docs.mkdir(parents=True)
    cv2.imwrite(
        str(docs / "page.png"), degrade(passport.sides[0], rng, skew_deg=1.0, upside_down=False)
    )
    alone = _settings(kiosk_home, server.url)
    services = _services(alone, docs.parent)
    try:
        summary, _ = _run(alone, services)
        assert summary["outcome"] == SessionOutcome.REFERRED, summary
        assert "foreign_document" in summary["reason"] and "iin_required" in summary["reason"]
        assert "sim" not in summary["steps"] and "face" not in summary["steps"]
        assisted = _settings(kiosk_home, server.url, SIMKIOSK_KIOSK_MODE="assisted")
        services.settings = assisted
        from kiosk.clerks import ClerkRegistry

        ClerkRegistry(assisted.clerks_path).add("clerk-9", "2580")
        wrong = "0" * 12
        summary, _ = _run(assisted, services, clerk=("clerk-9", "2580"), clerk_iin=wrong)
        # a wrong IIN is not taken
        assert summary["outcome"] == SessionOutcome.REVIEW_REFUSED, summary
        summary, _ = _run(assisted, services, clerk=("clerk-9", "2580"), clerk_iin=person.iin)
    finally:
        services.close()
    assert summary["outcome"] == SessionOutcome.ACTIVATED, summary
    assert "review" in summary["steps"]
    entry = Outbox(assisted.outbox_path).get(summary["record_id"])
    assert entry is not None and entry.sealed  # the kiosk cannot read it back: the server can
    record = _opened_by(server, entry)
    assert record["subscriber"]["iin"] == person.iin
    assert record["subscriber"]["nationality"] == "UZB"
    assert record["verification"]["manual_overrides"] == [
        {
            "field": "iin",
            "clerk_id": "clerk-9",
            "reason": "IIN from the residence permit (demo clerk)",
        }
    ]
    assert record["verification"]["document_checks"]["iin_valid"] is False


def test_server_down_queues_then_flush_delivers(
    kiosk_home: Path, genuine_docs: Path, tmp_path: Path
) -> None:
    home = tmp_path / "offline-kiosk"
    ensure_device_key(_settings(home))
    srv = LocalServer(home)
    settings = _settings(home, srv.url)
    with srv:  # first contact: the kiosk pins the server's keys (records are sealed to it)
        assert ActivationClient(settings).learn_evidence_key()
    # nothing listens there now: the server is down
    services = _services(settings, genuine_docs)
    try:
        summary, _ = _run(settings, services)
    finally:
        services.close()
    assert summary["outcome"] == SessionOutcome.QUEUED, summary
    assert Outbox(settings.outbox_path).status()["pending"] == 1
    env = {**os.environ, "SIMKIOSK_HOME": str(home), "SIMKIOSK_RECORDS_SERVER_URL": srv.url}
    with srv:
        flushed = subprocess.run(
            [sys.executable, "-m", "kiosk.cli", "outbox", "flush", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert flushed.returncode == 0, flushed.stderr
    status = Outbox(settings.outbox_path).status()
    assert status["pending"] == 0 and status["delivered"] == 1


def test_idle_timeout_ends_and_wipes(kiosk_home: Path, genuine_docs: Path) -> None:
    settings = _settings(kiosk_home)
    now = [0.0]
    services = _services(settings, genuine_docs)
    try:
        session = EnrollmentSession(settings, services, clock=lambda: now[0])
        session.start()
        session.choose_language("kk")
        session.give_consent()
        session.scan_document()
        assert session.step is Step.SIM and session.data.document is not None
        portrait = session.data.document.portrait
        now[0] += settings.kiosk.idle_timeout_s + 1
        session.tick()
    finally:
        services.close()
    assert session.outcome is SessionOutcome.TIMED_OUT
    _assert_wiped(session, [portrait])


@pytest.mark.parametrize(
    "step", [Step.LANGUAGE, Step.CONSENT, Step.DOCUMENT, Step.SIM, Step.FACE, Step.SUBMIT]
)
def test_cancel_at_every_step_wipes(
    server: LocalServer, kiosk_home: Path, genuine_docs: Path, step: Step
) -> None:
    settings = _settings(kiosk_home, server.url)
    services = _services(settings, genuine_docs)

    def cancel_at(session: EnrollmentSession) -> None:
        watch(session)
        if session.step is step:
            session.cancel("customer walked away")

    watch = _Watch()
    try:
        summary = run_session(settings, services, before=cancel_at, iccid=fresh_iccid())
    finally:
        services.close()
    assert summary["outcome"] == SessionOutcome.CANCELLED, summary
    assert step.value in summary["steps"]
    assert watch.session is not None
    _assert_wiped(watch.session, watch.arrays)


def test_headless_demo_command_reports_each_session(tmp_path: Path) -> None:
    env = {**os.environ, "SIMKIOSK_HOME": str(tmp_path / "demo-home")}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "demo", "--headless", "--sessions", "2", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [s["outcome"] for s in report["sessions"]] == ["activated", "activated"]
    for s in report["sessions"]:
        assert s["receipt"]["status"] == "activated" and s["seconds"] > 0
        assert {"document", "face", "submit"} <= set(s["steps"])


def test_headless_demo_with_the_server_unreachable_queues(tmp_path: Path) -> None:
    # a kiosk stores records only sealed to a known server key: here a configured one
    pem = tmp_path / "server_evidence.pub.pem"
    pem.write_text(x25519_public_pem(X25519PrivateKey.generate().public_key()))
    env = {
        **os.environ,
        "SIMKIOSK_HOME": str(tmp_path / "demo-home"),
        "SIMKIOSK_RECORDS_RETRIES": "0",
        "SIMKIOSK_RECORDS_EVIDENCE_KEY": str(pem),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk.cli",
            "demo",
            "--headless",
            "--json",
            "--server",
            "http://127.0.0.1:9",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sessions"][0]["outcome"] == "queued"


def _spellings(person) -> set[bytes]:
    """Every personal value of ``person`` in the forms a record, an MRZ or a screen spells it."""
    b = person.birth_date
    texts = {
        person.iin,
        person.surname,
        person.document_number,
        b.isoformat(),
        b.strftime("%y%m%d"),
        b.strftime("%d.%m.%Y"),
        *person.given_names.split(),
    }
    found: set[bytes] = set()
    for text in texts:
        found |= {
            text.encode(),
            text.encode("utf-16-le"),
            text.lower().encode(),
            json.dumps(text).encode(),
        }
    return found


def test_a_copy_of_the_kiosk_after_enrollments_holds_no_personal_value(
    server: LocalServer, kiosk_home: Path, tmp_path: Path, private_tmp: Path
) -> None:
    """Issue 18: whole enrollments (the engines, the real server), then the kiosk's home is
    copied as a thief would (the outbox with its WAL and free pages, keys, logs, everything but
    the demo server's own folder, which stands for the data centre) and every file's bytes are
    searched for every personal value of every customer: none is there."""
    people = [random_person(random.Random(seed)) for seed in (31, 32)]
    records = []
    for i, person in enumerate(people):
        docs = tmp_path / f"docs-{i}"
        _write_document(docs / "a", person=person, seed=40 + i)
        settings = _settings(kiosk_home, server.url)
        services = _services(settings, docs)
        try:
            summary, _ = _run(settings, services)
            assert summary["outcome"] == SessionOutcome.ACTIVATED, summary
            records.append(summary["record_id"])
            copy = tmp_path / f"copy-{i}"  # while the kiosk is running, outbox open
            shutil.copytree(kiosk_home, copy, ignore=shutil.ignore_patterns("demo"))
        finally:
            services.close()
    outbox = Outbox(settings.outbox_path)
    try:
        assert all(outbox.get(r).sealed for r in records)
    finally:
        outbox.close()
    values = set().union(*(_spellings(p) for p in people))
    for copy in (tmp_path / "copy-0", tmp_path / "copy-1"):
        files = [p for p in copy.rglob("*") if p.is_file()]
        assert any(p.name.startswith("outbox.sqlite3") for p in files)
        hits = [
            f"{p.relative_to(copy)}: {v!r}"
            for p in files
            for v in values
            if plainly_in(v, p.read_bytes())
        ]
        assert hits == []
    # the same search finds them where they are: in the server's database (and its WAL)
    db_path = Path(server.db_url.removeprefix("sqlite:///"))
    server_bytes = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert all(p.iin.encode() in server_bytes for p in people)
