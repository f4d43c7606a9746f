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
    for secret in ("900101300013", "ZHANAR", "Abdullayeva", "N12345678", "IDKAZ0123456787",
                   "8997201234567890123"):
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
