"""Spoken prompts: WAV files rendered once at set-up with espeak-ng, played by a subprocess.

PySide6-Essentials has no QtMultimedia, so :class:`SpeechPlayer` starts ``aplay`` (ALSA) or
``paplay`` (PulseAudio/PipeWire), whichever is installed, and returns at once: the GUI never
waits for a sound. A new prompt cuts the one still playing. No player, no file, or
``kiosk.spoken_prompts = false``: silent.

``python -m kiosk.ui.speech render assets/sounds`` writes ``<lang>/<key>.wav`` for every spoken
text in kk, ru and en that is missing (the Makefile's ``sounds`` step); nothing is downloaded:
espeak-ng's voices come with the Debian package.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from kiosk.imaging.moves import ChallengeKind
from kiosk.ui.i18n import LANGUAGES, prompt_text, tr

log = logging.getLogger(__name__)

PLAYERS = ("aplay", "paplay")
TEXT_KEYS = ("face_position", "face_matching", "face_try_again")


def spoken_texts(lang: str) -> dict[str, str]:
    """Sound key -> the words, in ``lang``: the challenge prompts and the face step's lines."""
    texts = {f"prompt_{kind}": prompt_text(lang, kind) for kind in ChallengeKind}
    texts.update({key: tr(lang, key) for key in TEXT_KEYS})
    return texts


class SpeechPlayer:
    def __init__(
        self, sounds_dir: Path, *, enabled: bool = True, players: tuple[str, ...] = PLAYERS
    ) -> None:
        self.sounds_dir = Path(sounds_dir)
        found = (shutil.which(p) for p in players) if enabled else iter(())
        self.binary: str | None = next((b for b in found if b), None)
        self._proc: subprocess.Popen | None = None

    @property
    def enabled(self) -> bool:
        return self.binary is not None

    def path(self, lang: str, key: str) -> Path:
        return self.sounds_dir / lang / f"{key}.wav"

    def say(self, lang: str, key: str) -> bool:
        """Start playing ``<lang>/<key>.wav``; False when silent (off, no player, no file)."""
        if self.binary is None:
            return False
        path = self.path(lang, key)
        if not path.is_file():
            log.debug("no spoken prompt %s", path)
            return False
        self.stop()
        args = [self.binary, str(path)]
        if Path(self.binary).name == "aplay":
            args.insert(1, "-q")
        try:
            self._proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError as exc:  # a broken player must not stop the kiosk
            log.warning("spoken prompt could not start: %s", exc)
            return False
        return True

    def stop(self) -> None:
        """Cut the sound still playing (and reap the finished one)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def render(
    out_dir: Path, *, espeak: str = "espeak-ng", languages: tuple[str, ...] = LANGUAGES
) -> list[Path]:
    """Write every missing ``<out_dir>/<lang>/<key>.wav`` with espeak-ng; the paths written."""
    binary = shutil.which(espeak)
    if binary is None:
        raise FileNotFoundError(f"{espeak} is not installed (Debian package espeak-ng)")
    written = []
    for lang in languages:
        for key, text in spoken_texts(lang).items():
            path = Path(out_dir) / lang / f"{key}.wav"
            if path.is_file():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [binary, "-v", lang, "-s", "150", "-w", str(path), text],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            written.append(path)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "render":
        print("usage: python -m kiosk.ui.speech render DIR", file=sys.stderr)
        return 2
    try:
        written = render(Path(argv[1]))
    except FileNotFoundError as exc:  # the kiosk works without sounds; the set-up goes on
        print(f"no spoken prompts: {exc}", file=sys.stderr)
        return 0
    print(f"{len(written)} spoken prompts rendered into {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
