"""Spoken prompts: the player starts a sound and returns at once, a new prompt cuts the old one,
it is silent when switched off or when nothing can play, and the face step speaks its prompts
in the session's language. A fake player binary on PATH stands in for aplay."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from kiosk.session import Step
from kiosk.settings import load_settings
from kiosk.ui.speech import SpeechPlayer, spoken_texts
from tests.support.services_double import ICCID, ScriptedServices
from tests.ui.helpers import click, to_step, wait_step

FAKE_PLAYER = """#!/bin/sh
# a fake aplay: note what it was asked to play, then "play" until told to stop
echo "$@" >> "{log}"
while [ ! -e "{release}" ]; do sleep 0.02; done
"""


@pytest.fixture
def fake_aplay(tmp_path, monkeypatch) -> tuple[Path, Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log, release = tmp_path / "played.log", tmp_path / "release"
    script = bin_dir / "aplay"
    script.write_text(FAKE_PLAYER.format(log=log, release=release))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log, release


@pytest.fixture
def sounds(tmp_path) -> Path:
    root = tmp_path / "sounds"
    for lang in ("kk", "ru", "en"):
        for key in spoken_texts(lang):
            (root / lang).mkdir(parents=True, exist_ok=True)
            (root / lang / f"{key}.wav").write_bytes(b"RIFF")
    return root


def _lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _until_played(log: Path, n: int) -> None:
    """Until the fake player has started n times (it writes its line as it starts)."""
    deadline = time.monotonic() + 20.0
    while len(_lines(log)) < n and time.monotonic() < deadline:
        time.sleep(0.01)


def test_player_does_not_wait_for_the_sound_and_cuts_the_old_one(fake_aplay, sounds) -> None:
    log, _release = fake_aplay
    player = SpeechPlayer(sounds)
    assert player.enabled and Path(player.binary or "").name == "aplay"
    assert player.say("kk", "prompt_blink")  # returns while the fake still "plays"
    first = player._proc
    assert first is not None and first.poll() is None
    _until_played(log, 1)
    assert player.say("kk", "prompt_nod")
    assert first.poll() is not None  # cut, and reaped
    _until_played(log, 2)
    player.stop()
    assert player._proc is None
    played = _lines(log)
    assert len(played) == 2 and played[0].endswith("kk/prompt_blink.wav")
    assert played[0].startswith("-q ")  # aplay is told to be quiet


def test_player_is_silent_when_off_missing_or_unplayable(
    fake_aplay, sounds, tmp_path, monkeypatch
) -> None:
    log, _ = fake_aplay
    assert not SpeechPlayer(sounds, enabled=False).say("en", "prompt_blink")
    player = SpeechPlayer(sounds)
    assert not player.say("en", "no_such_prompt")
    assert not player.say("de", "prompt_blink")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    nothing = SpeechPlayer(sounds)
    assert not nothing.enabled and not nothing.say("en", "prompt_blink")
    assert _lines(log) == []


def test_spoken_prompts_setting(simkiosk_home) -> None:
    base = {"SIMKIOSK_HOME": str(simkiosk_home)}
    assert load_settings(env=base).kiosk.spoken_prompts is True
    off = load_settings(env={**base, "SIMKIOSK_KIOSK_SPOKEN_PROMPTS": "false"})
    assert off.kiosk.spoken_prompts is False


def test_face_step_speaks_in_the_session_language(qtbot, make_window, fake_aplay, sounds) -> None:
    log, release = fake_aplay
    hold = {"liveness:blink": threading.Event()}
    window = make_window(svc=ScriptedServices(hold=hold))
    page = window.pages[Step.FACE]
    page.speech = SpeechPlayer(sounds)
    to_step(qtbot, window, Step.FACE, iccid=ICCID)
    qtbot.waitUntil(lambda: any(x.endswith("en/face_position.wav") for x in _lines(log)))
    click(qtbot, window, "face_ready")
    qtbot.waitUntil(lambda: any(x.endswith("en/prompt_blink.wav") for x in _lines(log)))
    release.touch()
    hold["liveness:blink"].set()
    wait_step(qtbot, window, Step.RECEIPT)
    assert page.speech._proc is None  # leaving the step stopped the sound


def test_render_writes_only_missing_prompts_with_espeak(tmp_path, monkeypatch) -> None:
    from kiosk.ui.speech import render

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "espeak.log"
    fake = bin_dir / "espeak-ng"  # writes the file named after -w, notes the voice and text
    fake.write_text(f'#!/bin/sh\necho "$2|$6" >> "{calls}"\nprintf RIFF > "$6"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "sounds"
    (out / "kk").mkdir(parents=True)
    (out / "kk" / "prompt_blink.wav").write_bytes(b"RIFF")  # already there: kept
    written = render(out)
    assert len(written) == 3 * len(spoken_texts("en")) - 1
    assert (out / "ru" / "prompt_turn_left.wav").read_bytes() == b"RIFF"
    voices = {line.split("|")[0] for line in calls.read_text().splitlines()}
    assert voices == {"kk", "ru", "en"}
    assert render(out) == []  # nothing missing any more
