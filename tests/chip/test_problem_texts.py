"""Every stable problem code the chip engine, the reader and the policy can put in front of a
customer or a clerk has a plain-language text in the three languages (kiosk/ui/i18n.py)."""

from __future__ import annotations

import re

from hardware import chip_reader
from kiosk.documents.chip import active_auth, chip_auth, passive_auth, policy, reader
from kiosk.ui.i18n import problem_text


def _codes() -> set[str]:
    found: set[str] = set()
    for module in (reader, passive_auth, active_auth, chip_auth):
        found |= {
            v
            for k, v in vars(module).items()
            if k.isupper() and isinstance(v, str) and v.startswith("chip_")
        }
    for cls in (
        chip_reader.ChipReaderError,
        chip_reader.ReaderUnavailable,
        chip_reader.NoCard,
        chip_reader.CardRemoved,
    ):
        found.add(cls.code)
    found.add("chip_not_read")  # policy.decide's own code
    return found


def test_the_engine_codes_are_found() -> None:
    codes = _codes()
    assert {
        "chip_mrz_mismatch",
        "chip_csca_missing",
        "chip_dg_hash_mismatch",
        "chip_card_removed",
    } <= codes
    assert policy.REFUSE  # the policy module is the one deciding on these codes


def test_every_chip_code_has_a_text_in_each_language() -> None:
    fallback = {problem_text(lang, "unknown") for lang in ("kk", "ru", "en")}
    for code in sorted(_codes()):
        texts = [problem_text(lang, code) for lang in ("kk", "ru", "en")]
        assert not set(texts) & fallback, f"{code} falls back to the generic text"
        kk, ru, en = texts
        assert re.search("[әғқңөұүһі]", kk.lower()) or re.search("[а-я]", kk.lower()), code
        assert re.search("[а-яё]", ru.lower()) and not re.search("[a-z]{3}", ru), code
        assert re.search("[a-z]", en.lower()) and len({kk, ru, en}) == 3, code
