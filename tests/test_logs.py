import logging
from pathlib import Path

from kiosk.logs import forget_personal, remember_personal, ring, setup_logging


def test_personal_data_is_masked_in_file_and_ring(tmp_path: Path) -> None:
    setup_logging(tmp_path / "logs", "INFO")
    log = logging.getLogger("kiosk.test")
    remember_personal(["Zhanar", "ABDULLAYEVA"])
    log.info("read IIN %s for %s %s", "900101300013", "ZHANAR", "Abdullayeva")
    log.info("document N12345678 mrz %s", "IDKAZ0123456787900101300013<<<")
    try:
        raise ValueError("bad iccid 8997201234567890123")
    except ValueError:
        log.exception("failed for Zhanar")
    forget_personal()
    log.info("after wipe: Zhanar")
    text, _, after = (tmp_path / "logs" / "simkiosk.log").read_text().partition("after wipe")
    for secret in (
        "900101300013",
        "ZHANAR",
        "Abdullayeva",
        "N12345678",
        "IDKAZ0123456787",
        "8997201234567890123",
    ):
        assert secret.lower() not in text.lower()
        assert all(secret.lower() not in line.lower() for line in ring().tail()[:-1])
    assert after.strip() == ": Zhanar"  # forgotten values are no longer masked
    assert "ValueError" in text
    setup_logging(None)


def test_ring_keeps_last_lines() -> None:
    setup_logging(None, "INFO", ring_size=10)
    for i in range(25):
        logging.getLogger("kiosk.test").info("line %d", i)
    assert ring().tail()[-1].endswith("line 24")
    assert len(ring().tail()) == 10


# Lines as the kiosk writes them (kiosk/records/submission.py, client.py, session.py, the
# server's refusal codes), after a session registered a read document's fields.
DOCUMENT_FIELDS = {
    "format": "TD1",
    "document_code": "ID",
    "issuer": "KAZ",
    "number": "N12345678",
    "surname": "ABDULLAYEVA",
    "given_names": "ZHANAR ALIYA",
    "birth_date": "1990-01-01",
    "expiry_date": "2031-05-01",
    "sex": "F",
    "nationality": "KAZ",
    "iin": "900101400018",
}
REAL_LINES = [
    (
        "record 3f2a9c1e stays queued: the server refused it (iccid_active): this SIM card (ICCID) "
        "is already active",
        ["iccid_active", "ICCID", "SIM card", "already active"],
        [],
    ),
    (
        "server offered an unusable evidence key: the evidence key id does not match",
        ["evidence key", "evidence key id", "unusable"],
        [],
    ),
    (
        "session 41c2: document unreadable (mrz_check_digit,id_expired), rescan",
        ["document unreadable", "mrz_check_digit", "id_expired", "rescan"],
        [],
    ),
    (
        "session 41c2: read ABDULLAYEVA Zhanar Aliya born 1990-01-01 (01.01.1990), "
        "IIN 900101400018, ID card N12345678 issued by KAZ, format TD1",
        ["session 41c2", "born", "ID card", "issued by KAZ", "format TD1"],
        ["ABDULLAYEVA", "Zhanar", "Aliya", "1990-01-01", "01.01.1990", "900101400018", "N12345678"],
    ),
    (
        "set_sim: ICCID 8997201000000000006 accepted, phone 77011234567; identity check passed",
        ["set_sim: ICCID", "accepted, phone", "identity check passed"],
        ["8997201000000000006", "77011234567"],
    ),
]


def test_masking_hides_personal_values_and_keeps_words() -> None:
    from kiosk.logs import mask_text, remember_personal_fields

    remember_personal_fields(DOCUMENT_FIELDS)
    try:
        for line, kept, hidden in REAL_LINES:
            masked = mask_text(line)
            for word in kept:
                assert word in masked, (word, masked)
            for value in hidden:
                assert value.lower() not in masked.lower(), (value, masked)
        # Nothing personal in a line: it stays exactly as written.
        assert mask_text(REAL_LINES[1][0]) == REAL_LINES[1][0]
        assert mask_text(REAL_LINES[0][0]) == REAL_LINES[0][0]
    finally:
        forget_personal()


def test_masking_on_the_ring_and_file_keeps_words(tmp_path: Path) -> None:
    from kiosk.logs import remember_personal_fields

    setup_logging(tmp_path / "logs", "INFO")
    remember_personal_fields(DOCUMENT_FIELDS)
    try:
        log = logging.getLogger("kiosk.records.submission")
        log.info("record %s stays queued: %s", "3f2a", "iccid_active: this SIM card is active")
        log.info("identity of %s %s checked; evidence key pinned", "ZHANAR", "ABDULLAYEVA")
        text = (tmp_path / "logs" / "simkiosk.log").read_text()
        assert "stays queued: iccid_active: this SIM card is active" in text
        assert "identity of *** *** checked; evidence key pinned" in text
        assert ring().tail()[-1].endswith("identity of *** *** checked; evidence key pinned")
    finally:
        forget_personal()
        setup_logging(None)


# -- masks scoped to the session that registered them -------------------------------------------


def test_forgetting_one_scope_keeps_the_others_masked() -> None:
    from kiosk.logs import mask_text, open_mask_scope

    old, new = open_mask_scope("old"), open_mask_scope("new")
    try:
        old.remember(["ABDULLAYEVA", "Zhanar"])
        new.remember_fields({"surname": "NURLANOVA", "given_names": "AIGERIM", "issuer": "KAZ"})
        assert mask_text("ABDULLAYEVA NURLANOVA Aigerim KAZ") == "*** *** *** KAZ"
        old.forget()
        assert not old.live and new.live
        assert mask_text("ABDULLAYEVA NURLANOVA Aigerim") == "ABDULLAYEVA *** ***"
        old.forget()  # idempotent, and still leaves the other scope alone
        assert mask_text("Nurlanova") == "***"
        forget_personal()  # the process-wide scope is a different one too
        assert mask_text("Nurlanova") == "***"
        assert "NURLANOVA" not in repr(new)
    finally:
        old.forget()
        new.forget()
    assert mask_text("NURLANOVA") == "NURLANOVA"


def test_a_cancelled_session_ending_beside_a_new_one_keeps_the_new_ones_masks() -> None:
    """The screens' case (kiosk/ui/flow.py): a cancel detaches the old session while its document
    step still runs; a new session reads another person's document; then the old step returns
    and the old session is cancelled, wiped, and forgets its masks: only its own."""
    import threading

    from kiosk.logs import mask_text
    from kiosk.session import EnrollmentSession, SessionOutcome, Step
    from kiosk.settings import load_settings
    from tests.support.services_double import ScriptedServices

    settings = load_settings(env={"SIMKIOSK_HOME": "/tmp/unused"})
    release = threading.Event()
    old_services = ScriptedServices(hold={"document": release})
    new_services = ScriptedServices()
    read_as_usual = new_services.read_document

    def another_person():
        check = read_as_usual()
        check.fields.update(surname="NURLANOVA", given_names="AIGERIM", number="N87654321")
        return check

    new_services.read_document = another_person  # type: ignore[method-assign]
    old = EnrollmentSession(settings, old_services)
    new = EnrollmentSession(settings, new_services)
    for s in (old, new):
        s.start()
        s.choose_language("ru")
        s.give_consent()
    setup_logging(None, "INFO")
    log = logging.getLogger("kiosk.test")
    try:
        step = threading.Thread(target=old.scan_document)  # the detached worker
        step.start()
        new.scan_document()
        assert new.step is Step.SIM
        release.set()
        step.join(30)
        assert not step.is_alive() and old.step is Step.SIM  # its step returned, read the card
        log.info("both: %s %s / %s %s", "ABDULLAYEVA", "ZHANAR", "NURLANOVA", "AIGERIM")
        assert ring().tail()[-1].endswith("both: *** *** / *** ***")
        old.cancel("cancelled while busy")
        assert old.outcome is SessionOutcome.CANCELLED
        log.info("new one still running: %s %s", "Nurlanova", "Aigerim")
        assert ring().tail()[-1].endswith("new one still running: *** ***")
        assert mask_text("ABDULLAYEVA") == "ABDULLAYEVA"  # the old session's are forgotten
        new.cancel()
        assert mask_text("NURLANOVA AIGERIM") == "NURLANOVA AIGERIM"
    finally:
        release.set()
        for s in (old, new):
            if not s.ended:
                s.cancel()
