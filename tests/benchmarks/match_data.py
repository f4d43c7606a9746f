"""Labelled real photographs for calibrating the matching bands, gathered from package registries.

Nothing here is committed or downloaded at test time: ``make bench`` runs
``python tests/benchmarks/match_data.py fetch`` once, which fills a cache folder
(``SIMKIOSK_MATCH_DATA``, default ``~/.cache/simkiosk/match-data``) with one folder per person.
The match benchmark reads that folder; without it, it uses the shared photographs and the
astronaut only and says so.

Where the photographs come from (every source a package on PyPI or Debian, fetched with pip or
apt; the licence is that of the package, the photographs' own provenance is as the package
states it):

================  =====================================================  ====================
person(s)         source                                                 licence / provenance
================  =====================================================  ====================
obama (3 photos)  PyPI sdist ``face_recognition==1.3.0``,                MIT (package); official
biden (1)         tests/test_images/{obama,obama2,obama3,biden}.jpg       White House photos
                  (obama, obama2 and biden are also in shared/faces)      (US government work)
John_Salley,      Debian source package ``dlib`` (19.24+dfsg, bookworm),  Boost 1.0 (package);
John_Savage,      examples/johns/<name>/*.jpg: 11 photos per person,      dlib's "johns" metric
John_Schneider,   150x150 face chips already aligned by dlib (padding     learning example,
John_Shimkus,     0.25). Probably drawn from the same web scrape as       provenance not stated
John_Simm         dlib's training set: optimistic for genuine pairs.
tom_cruise (1)    same package, examples/faces/Tom_Cruise_avp_2014_4.jpg  as above
grace_hopper (1)  Debian binary package ``facedetect`` (0.1-3),           GPL-2+ (package); US
                  /usr/share/doc/facedetect/examples/                     Navy photo (public
                  grace_hopper_512x512.jpg                                domain)
astronaut (1)     PyPI ``scikit-image``, skimage.data.astronaut()         public domain (NASA)
================  =====================================================  ====================

Nothing larger was reachable: no PyPI, npm or Debian package found ships LFW or another
identity-labelled face set with photographs (scikit-image's lfw_subset is 25x25 px and has no
names; face-api.js, @vladmandic/human, opencv4nodejs and facenet-pytorch ship no labelled photos
in their packages). So the set has 10 people, 7 of them with one photo only (impostor material
and same-photo genuine pairs), and the genuine cross-photo pairs come from 6 people.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

CACHE = Path(
    os.environ.get("SIMKIOSK_MATCH_DATA") or Path.home() / ".cache" / "simkiosk" / "match-data"
)
SHARED = Path(__file__).resolve().parents[3] / "shared" / "faces"
DONE = ".complete"

_DEB_SRC = """Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""


def _run(cmd: list[str], cwd: Path) -> None:
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}... failed: {out.stderr.strip()[-400:]}")


def _put(data: bytes, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def _face_recognition_sdist(work: Path, out: Path) -> None:
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--no-binary",
            ":all:",
            "-d",
            str(work),
            "face_recognition==1.3.0",
        ],
        work,
    )
    with tarfile.open(next(work.glob("face_recognition-*.tar.gz"))) as tar:
        for member in tar.getmembers():
            name = Path(member.name).name
            if "/tests/test_images/" in member.name and name in (
                "obama.jpg",
                "obama2.jpg",
                "obama3.jpg",
                "biden.jpg",
            ):
                person = Path(name).stem.rstrip("0123456789")
                _put(tar.extractfile(member).read(), out / person, name)  # type: ignore[union-attr]


def _apt(work: Path, *args: str) -> None:
    parts = work / "sources"
    (parts / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (parts / "src.sources").write_text(_DEB_SRC)
    opts = [
        "-o",
        "Dir::Etc::sourcelist=/dev/null",
        "-o",
        f"Dir::Etc::sourceparts={parts}",
        "-o",
        f"Dir::State::Lists={parts / 'lists'}",
        "-o",
        "APT::Sandbox::User=root",
    ]
    _run(["apt-get", *opts, "update", "-qq"], work)
    _run(["apt-get", *opts, *args], work)


def _dlib_source(work: Path, out: Path) -> None:
    _apt(work, "source", "--download-only", "-qq", "dlib")
    orig = next(p for p in work.glob("dlib_*.orig.tar.*") if "models" not in p.name)
    with tarfile.open(orig) as tar:
        for member in tar.getmembers():
            path = Path(member.name)
            if not member.isfile():
                continue
            if "examples/johns" in member.name:
                _put(tar.extractfile(member).read(), out / path.parent.name, path.name)  # type: ignore[union-attr]
            elif path.name == "Tom_Cruise_avp_2014_4.jpg":
                _put(tar.extractfile(member).read(), out / "tom_cruise", path.name)  # type: ignore[union-attr]


def _facedetect_deb(work: Path, out: Path) -> None:
    _run(["apt-get", "download", "-qq", "-o", "APT::Sandbox::User=root", "facedetect"], work)
    deb = next(work.glob("facedetect_*.deb"))
    _run(["dpkg-deb", "-x", str(deb), str(work / "fd")], work)
    photo = next((work / "fd").rglob("grace_hopper_512x512.jpg"))
    _put(photo.read_bytes(), out / "grace_hopper", photo.name)


def fetch(cache: Path = CACHE) -> Path:
    """Fill ``cache`` (once; a finished fetch leaves a marker file)."""
    if (cache / DONE).exists():
        return cache
    staging = cache.with_name(cache.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _face_recognition_sdist(work, staging)
        _dlib_source(work, staging)
        _facedetect_deb(work, staging)
    (staging / DONE).write_text("face_recognition 1.3.0 sdist; Debian dlib source; facedetect\n")
    shutil.rmtree(cache, ignore_errors=True)
    staging.rename(cache)
    return cache


def people(cache: Path = CACHE, shared: Path = SHARED) -> dict[str, list[Path]]:
    """Person name -> photo files, from the cache when fetched, else from shared/faces."""
    found: dict[str, list[Path]] = {}
    if (cache / DONE).exists():
        for folder in sorted(p for p in cache.iterdir() if p.is_dir()):
            found[folder.name] = sorted(folder.glob("*.jpg"))
    elif (shared / "obama.jpg").is_file():
        found = {
            "obama": [shared / "obama.jpg", shared / "obama2.jpg"],
            "biden": [shared / "biden.jpg"],
        }
    return found


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] != ["fetch"]:
        raise SystemExit("usage: match_data.py fetch")
    where = fetch()
    print(f"match data in {where}: " + ", ".join(f"{k} {len(v)}" for k, v in people(where).items()))
