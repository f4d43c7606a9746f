"""The kiosk's words in Kazakh, Russian and English, from Qt Linguist catalogues.

The texts live in ``assets/translations/simkiosk_<lang>.ts`` (translators edit those with Qt
Linguist, no code involved); the set-up builds them into ``.qm`` files with ``pyside6-lrelease``,
and this module reads those through :class:`QTranslator`. Messages are looked up by key, in one
context per kind of text: ``text`` (screen words), ``outcomes`` (how a session ended),
``problems`` (document, face and session problem codes), ``prompts`` (liveness challenges),
``guidance`` (live camera guidance codes) and ``fields`` (document field names). An unknown code
falls back to a generic sentence, never to the raw code (the code still reaches the log).
"""

from __future__ import annotations

import logging
import subprocess
import threading
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from PySide6.QtCore import QTranslator

from kiosk.errors import UiError
from kiosk.ui.assets import assets_dir

log = logging.getLogger(__name__)

LANGUAGES = ("kk", "ru", "en")
# The language names as their speakers write them (the language screen's buttons): the same in
# every language, so they are not translations.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
CONTEXTS = ("text", "outcomes", "problems", "prompts", "guidance", "fields")


class TranslationsMissing(UiError, RuntimeError):
    """A catalogue could not be found or built (the set-up did not run ``make translations``)."""


def ts_path(lang: str) -> Path:
    return assets_dir() / "translations" / f"simkiosk_{lang}.ts"


def qm_path(lang: str) -> Path:
    return ts_path(lang).with_suffix(".qm")


def _lrelease() -> list[str]:
    import PySide6

    tool = Path(PySide6.__file__).parent / "lrelease"
    return [str(tool)] if tool.exists() else ["pyside6-lrelease"]


def build_catalogue(lang: str) -> Path:
    """The ``.qm`` for ``lang``, rebuilt from its ``.ts`` when missing or older (a source tree
    where someone edited a ``.ts`` must not show yesterday's words)."""
    ts, qm = ts_path(lang), qm_path(lang)
    if not ts.exists():
        raise TranslationsMissing(f"no translation source {ts}")
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    try:
        subprocess.run(
            [*_lrelease(), "-silent", str(ts), "-qm", str(qm)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise TranslationsMissing(f"cannot build {qm} from {ts}: {exc}") from exc
    return qm


_lock = threading.Lock()
_translators: dict[str, QTranslator] = {}


def _translator(lang: str) -> QTranslator:
    lang = lang if lang in LANGUAGES else "en"
    with _lock:
        found = _translators.get(lang)
        if found is None:
            found = QTranslator()
            qm = build_catalogue(lang)
            if not found.load(str(qm)):
                raise TranslationsMissing(f"{qm} is not a Qt translation catalogue")
            _translators[lang] = found
        return found


def lookup(lang: str, context: str, key: str) -> str | None:
    """The text for ``key`` in ``context``, or None when the catalogue has no such message."""
    return _translator(lang).translate(context, key) or None


def tr(lang: str, key: str, **values: object) -> str:
    """The screen text for ``key`` in ``lang`` (English when the language is unknown)."""
    text = lookup(lang, "text", key)
    if text is None:
        raise KeyError(f"no translation for {key!r}")
    return text.format(**values) if values else text


def _coded(lang: str, context: str, code: str | None, fallback: tuple[str, str]) -> str:
    text = lookup(lang, context, code) if code else None
    if text is None:
        text = lookup(lang, *fallback)
        if code:
            log.info("no %s text for code %s", context, code)
    return text or ""


def outcome_text(lang: str, outcome: str | None) -> str:
    return _coded(lang, "outcomes", outcome, ("outcomes", "failed"))


def problem_text(lang: str, code: str) -> str:
    return _coded(lang, "problems", code, ("problems", "unknown"))


def prompt_text(lang: str, kind: str | None) -> str:
    if kind is None:
        return tr(lang, "face_title")
    return _coded(lang, "prompts", kind, ("guidance", "look_at_camera"))


def guidance_text(lang: str, code: str | None) -> str:
    if not code:
        return ""
    return _coded(lang, "guidance", code, ("guidance", "look_at_camera"))


def field_name(lang: str, name: str) -> str:
    return lookup(lang, "fields", name) or name.replace("_", " ")


@cache
def _parsed(lang: str) -> dict[str, dict[str, tuple[str, bool]]]:
    root = ET.parse(ts_path(lang)).getroot()
    out: dict[str, dict[str, tuple[str, bool]]] = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr_el = msg.find("translation")
            text = (tr_el.text or "") if tr_el is not None else ""
            finished = tr_el is not None and tr_el.get("type") is None
            out.setdefault(name, {})[msg.findtext("source") or ""] = (text, finished)
    return out


def catalogue(lang: str) -> dict[str, dict[str, tuple[str, bool]]]:
    """The ``.ts`` source of ``lang`` as {context: {key: (text, finished)}}, for the tests."""
    return _parsed(lang)


def tables() -> dict[str, dict[str, tuple[str, str, str]]]:
    """Every message as {context: {key: (kk, ru, en)}} ("" where a language lacks it)."""
    cats = {lang: catalogue(lang) for lang in LANGUAGES}
    out: dict[str, dict[str, tuple[str, str, str]]] = {}
    for ctx in CONTEXTS:
        keys = dict.fromkeys(k for lang in LANGUAGES for k in cats[lang].get(ctx, {}))
        # one text per language (three): mypy types tuple(generator) as tuple[str, ...]
        out[ctx] = {
            k: tuple(
                cats[lang].get(ctx, {}).get(k, ("", False))[0]  # type: ignore[misc]
                for lang in LANGUAGES
            )
            for k in keys
        }
    return out
