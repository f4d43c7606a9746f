"""The Qt Linguist catalogues: complete in every language, in step with the code that asks for
them, and the built ``.qm`` files saying what the ``.ts`` sources say."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kiosk.imaging.moves import ChallengeKind
from kiosk.session import SessionOutcome
from kiosk.ui import i18n

UI = Path(i18n.__file__).parent
# tr("key"...), self.tr("key"...), tr(lang, "key"...): the literal keys the screens ask for.
_TR_CALL = re.compile(r"\btr\(\s*(?:[\w.\[\]]+\s*,\s*)?\"([a-z][a-z0-9_]*)\"")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_is_translated_in_every_language() -> None:
    cats = {lang: i18n.catalogue(lang) for lang in i18n.LANGUAGES}
    en = cats["en"]
    assert set(en) == set(i18n.CONTEXTS)
    for lang, cat in cats.items():
        assert set(cat) == set(en), f"{lang}: contexts differ from English"
        for ctx, messages in en.items():
            missing = set(messages) - set(cat[ctx])
            extra = set(cat[ctx]) - set(messages)
            assert not missing, f"{lang}: {ctx} lacks {sorted(missing)}"
            assert not extra, f"{lang}: {ctx} has keys English lacks: {sorted(extra)}"
            for key, (text, finished) in cat[ctx].items():
                assert finished and text.strip(), f"{lang}: {ctx}/{key} is unfinished or empty"
                assert _placeholders(text) == _placeholders(messages[key][0]), (
                    f"{lang}: {ctx}/{key} has other placeholders than English"
                )


def test_every_key_the_screens_ask_for_exists() -> None:
    text = i18n.catalogue("en")["text"]
    used: dict[str, Path] = {}
    for path in UI.rglob("*.py"):
        for key in _TR_CALL.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, path)
    assert len(used) > 50  # the pattern still finds the calls
    missing = {k: str(p.relative_to(UI)) for k, p in used.items() if k not in text}
    assert not missing, f"keys with no translation: {missing}"


def test_every_outcome_and_challenge_has_words() -> None:
    cats = i18n.catalogue("en")
    # Exactly the vocabularies' values: a key no code produces (the old open_mouth) is dead.
    assert set(cats["outcomes"]) == set(SessionOutcome)
    assert set(cats["prompts"]) == set(ChallengeKind)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_built_catalogue_says_what_the_source_says(lang: str) -> None:
    for ctx, messages in i18n.catalogue(lang).items():
        for key, (text, _) in messages.items():
            assert i18n.lookup(lang, ctx, key) == text, f"{lang}: {ctx}/{key}"


def test_unknown_codes_fall_back_to_plain_words() -> None:
    for lang in i18n.LANGUAGES:
        assert i18n.problem_text(lang, "no_such_code") == i18n.problem_text(lang, "unknown")
        assert "no_such_code" not in i18n.outcome_text(lang, "no_such_code")
        assert i18n.guidance_text(lang, "no_such_code")
    with pytest.raises(KeyError):
        i18n.tr("en", "no_such_key")
