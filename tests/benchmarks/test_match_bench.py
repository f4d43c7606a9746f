"""Benchmark: kiosk.biometrics matching vs the ``face_recognition`` package, same pairs, one run.

Not part of ``make test`` (tests/benchmarks is not collected by default); run it with

    pip install --no-deps face_recognition      # its dlib requirement would compile dlib
    SHARED_FACES_DIR=../shared/faces python -m pytest -q -s tests/benchmarks/test_match_bench.py

Pairs: the shared photographs (whole photos as the "document") and every shared face plus the
astronaut rendered onto an ID card and scanned in all four orientations with scanner damage, each
card against a genuine live photo and an impostor. Each side is read from an image file, so
decoding is part of the time.

Per pair, both implementations do the whole job from files: read both images, find the face on
the document (ours: kiosk.documents.portrait.find_portrait over all orientations, then the
matcher; the peer: face_recognition's HOG detector on the image turned 0/180/90/270 degrees until
it finds a face, keeping the largest), embed both, compare. The peer decides at its documented
default tolerance of 0.6; ours uses the settings' bands. Start-up (imports and model loading) is
measured separately for both and added to the totals ("whole process").

Then both as whole processes on the same CSV (``simkiosk match --pairs`` against
peer_face_recognition.py), on these pairs and on scanned documents vs webcam frames made from
the fetched calibration photographs (match_data.py): wall time and CPU time (all threads).

Printed: per-pair ms for both and their ratio, each decision, false accepts / false rejects /
reviews, and missed portraits. Figures, not assertions: only the decisions are asserted loosely
(the test fails if ours makes a false accept), never the time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[3] / "shared" / "faces"
PEER_TOLERANCE = 0.6  # face_recognition.compare_faces' default


def _card_tools():
    from tests.biometrics import support

    return support


@dataclass
class Pair:
    name: str
    document: Path
    live: Path
    genuine: bool


@dataclass
class Outcome:
    ms: float
    distance: float | None
    decision: str  # match / review / no_match / error
    detail: str = ""
    cpu_ms: float = 0.0  # process CPU (all threads) while this pair ran


def _with_cpu(work, *args) -> Outcome:
    c0 = time.process_time()
    out = work(*args)
    out.cpu_ms = (time.process_time() - c0) * 1000
    return out


def _faces_dir() -> Path | None:
    folder = Path(os.environ.get("SHARED_FACES_DIR") or SHARED)
    return folder if (folder / "obama.jpg").is_file() else None


def _build_pairs(folder: Path, faces: Path | None) -> list[Pair]:
    bio = _card_tools()
    from skimage import data

    astronaut = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    people: dict[str, np.ndarray] = {"astronaut": astronaut[35:245, 140:305]}
    live: dict[str, Path] = {}
    brighter = np.clip(astronaut.astype(np.float32) * 1.1 + 8, 0, 255).astype(np.uint8)
    live["astronaut"] = folder / "live_astronaut.jpg"
    cv2.imwrite(str(live["astronaut"]), brighter, [cv2.IMWRITE_JPEG_QUALITY, 90])
    pairs: list[Pair] = []
    genuine_live = {"astronaut": "astronaut"}
    impostor_live = {"astronaut": "obama"} if faces else {}
    if faces:
        photos = {n: cv2.imread(str(faces / f"{n}.jpg")) for n in ("obama", "obama2", "biden")}
        # Passport-style crops around each face (boxes found once with dlib's detector).
        people["obama"] = photos["obama"][40:560, 260:700]
        people["obama2"] = photos["obama2"][170:800, 60:560]
        people["biden"] = photos["biden"][60:740, 330:870]
        for n in photos:
            live[n] = faces / f"{n}.jpg"
        genuine_live.update(obama="obama2", obama2="obama", biden="biden")
        impostor_live.update(obama="biden", obama2="biden", biden="obama2")
        for doc, lv in (
            ("obama", "obama2"),
            ("obama2", "obama"),
            ("obama", "biden"),
            ("obama2", "biden"),
            ("biden", "obama"),
            ("biden", "obama2"),
        ):
            pairs.append(
                Pair(
                    f"photo {doc} / {lv}",
                    live[doc],
                    live[lv],
                    genuine=doc.rstrip("2") == lv.rstrip("2"),
                )
            )
    # Scans: every orientation with typical flatbed damage, plus two low-resolution ones.
    scans = [
        dict(rotate=r, margin=30, blur=0.8, jpeg=60, noise=3, seed=r) for r in (0, 180, 90, 270)
    ]
    scans += [
        dict(rotate=180, margin=60, skew_deg=2.5, scale=0.5, blur=0.6, jpeg=50),
        dict(rotate=0, scale=0.6, blur=1.0, jpeg=45, noise=5, skew_deg=-1.5),
    ]
    for person, head in people.items():
        card = bio.render_card(np.ascontiguousarray(head))
        for i, kw in enumerate(scans):
            path = folder / f"card_{person}_{i}.jpg"
            cv2.imwrite(str(path), bio.degrade(card, **kw), [cv2.IMWRITE_JPEG_QUALITY, 90])
            label = f"card {person} rot{kw['rotate']}{' low-res' if 'scale' in kw else ''}"
            pairs.append(
                Pair(f"{label} / {genuine_live[person]}", path, live[genuine_live[person]], True)
            )
            if person in impostor_live:
                pairs.append(
                    Pair(
                        f"{label} / {impostor_live[person]}",
                        path,
                        live[impostor_live[person]],
                        False,
                    )
                )
    return pairs


def _ours_startup() -> tuple[float, object]:
    t0 = time.perf_counter()
    from kiosk.biometrics.match import FaceMatcher
    from kiosk.settings import BiometricSettings

    matcher = FaceMatcher(BiometricSettings())
    return (time.perf_counter() - t0) * 1000, matcher


def _ours(matcher, pair: Pair) -> Outcome:
    from kiosk.biometrics.faces import FaceQualityError, load_image
    from kiosk.documents.portrait import find_portrait

    t0 = time.perf_counter()
    try:
        portrait = find_portrait([load_image(pair.document)])
        if not portrait.found:
            return Outcome((time.perf_counter() - t0) * 1000, None, "error", "no portrait")
        document = matcher.document_embedding(portrait.crop)
        live = matcher.live_embedding([load_image(pair.live)])
        result = matcher.compare(document, live)
    except FaceQualityError as exc:
        return Outcome((time.perf_counter() - t0) * 1000, None, "error", exc.code)
    return Outcome((time.perf_counter() - t0) * 1000, result.distance, result.decision)


def _peer_startup() -> tuple[float, object]:
    t0 = time.perf_counter()
    import face_recognition  # loads its three dlib models at import

    return (time.perf_counter() - t0) * 1000, face_recognition


def _peer_encoding(fr, path: Path) -> np.ndarray | None:
    image = fr.load_image_file(str(path))
    for turns in (0, 2, 1, 3):  # upright, upside down, sideways
        turned = np.ascontiguousarray(np.rot90(image, -turns))
        boxes = fr.face_locations(turned)
        if boxes:
            largest = max(boxes, key=lambda b: (b[2] - b[0]) * (b[1] - b[3]))
            return fr.face_encodings(turned, known_face_locations=[largest])[0]
    return None


def _peer(fr, pair: Pair) -> Outcome:
    t0 = time.perf_counter()
    document = _peer_encoding(fr, pair.document)
    if document is None:
        return Outcome((time.perf_counter() - t0) * 1000, None, "error", "no face on document")
    live = _peer_encoding(fr, pair.live)
    if live is None:
        return Outcome((time.perf_counter() - t0) * 1000, None, "error", "no live face")
    distance = float(fr.face_distance([document], live)[0])
    return Outcome(
        (time.perf_counter() - t0) * 1000,
        distance,
        "match" if distance <= PEER_TOLERANCE else "no_match",
    )


def _tally(pairs: list[Pair], outcomes: list[Outcome]) -> dict[str, int]:
    t = {"false_accepts": 0, "false_rejects": 0, "reviews": 0, "errors": 0}
    for pair, out in zip(pairs, outcomes, strict=True):
        if out.decision == "error":
            t["errors"] += 1
            if pair.genuine:
                t["false_rejects"] += 1
        elif out.decision == "review":
            t["reviews"] += 1
        elif out.decision == "match" and not pair.genuine:
            t["false_accepts"] += 1
        elif out.decision == "no_match" and pair.genuine:
            t["false_rejects"] += 1
    return t


def _fmt(out: Outcome) -> str:
    dist = f"{out.distance:.3f}" if out.distance is not None else "  -  "
    return f"{out.ms:7.0f} {dist} {out.decision:8s}{(' ' + out.detail) if out.detail else ''}"


def test_match_benchmark_vs_face_recognition(tmp_path: Path) -> None:
    faces = _faces_dir()
    pairs = _build_pairs(tmp_path, faces)
    ours_start, matcher = _ours_startup()
    try:
        peer_start, fr = _peer_startup()
    except ImportError as exc:
        fr, peer_start = None, 0.0
        print(
            f"\npeer face_recognition unavailable ({exc}); install it with "
            "`pip install --no-deps face_recognition`. Reporting ours only."
        )
    ours: list[Outcome] = []
    peer: list[Outcome] = []
    for pair in pairs:  # interleaved, so background load hits both alike
        ours.append(_with_cpu(_ours, matcher, pair))
        if fr is not None:
            peer.append(_with_cpu(_peer, fr, pair))

    print(
        f"\n{len(pairs)} pairs ({sum(p.genuine for p in pairs)} genuine); shared faces "
        f"{'used from ' + str(faces) if faces else 'ABSENT (astronaut only)'}"
    )
    print(
        f"{'pair':40s} {'gen':3s} | {'ours ms':>7s} dist  decision | {'peer ms':>7s} dist  "
        f"decision | ratio"
    )
    for i, pair in enumerate(pairs):
        row = f"{pair.name[:40]:40s} {'yes' if pair.genuine else 'no ':3s} | {_fmt(ours[i])}"
        if peer:
            row += f" | {_fmt(peer[i])} | {peer[i].ms / ours[i].ms:4.1f}x"
        print(row)
    ours_ms = [o.ms for o in ours]
    print(
        f"\nours: start-up {ours_start:.0f} ms, per pair mean {statistics.mean(ours_ms):.0f} "
        f"ms, median {statistics.median(ours_ms):.0f} ms; {_tally(pairs, ours)}"
    )
    if peer:
        peer_ms = [o.ms for o in peer]
        whole_ours = ours_start + sum(ours_ms)
        whole_peer = peer_start + sum(peer_ms)
        print(
            f"peer: start-up {peer_start:.0f} ms, per pair mean {statistics.mean(peer_ms):.0f} "
            f"ms, median {statistics.median(peer_ms):.0f} ms; {_tally(pairs, peer)}"
        )
        print(
            f"ratio per pair (mean): {statistics.mean(peer_ms) / statistics.mean(ours_ms):.2f}x"
            f", median: {statistics.median(peer_ms) / statistics.median(ours_ms):.2f}x, "
            f"whole process incl. start-up: {whole_peer / whole_ours:.2f}x "
            f"({whole_ours / 1000:.1f} s vs {whole_peer / 1000:.1f} s)"
        )
        for kind in ("photo", "card"):
            idx = [i for i, p in enumerate(pairs) if p.name.startswith(kind)]
            if not idx:
                continue
            ow = statistics.mean(ours[i].ms for i in idx)
            pw = statistics.mean(peer[i].ms for i in idx)
            oc = statistics.mean(ours[i].cpu_ms for i in idx)
            pc = statistics.mean(peer[i].cpu_ms for i in idx)
            print(
                f"{kind} pairs ({len(idx)}), in-process, each pair from its files: ours "
                f"{ow:.0f} ms wall, {oc:.0f} ms CPU; face_recognition {pw:.0f} ms wall, "
                f"{pc:.0f} ms CPU; ratio {pw / ow:.2f}x wall, {pc / oc:.2f}x CPU"
            )
        missed = sum(1 for o in peer if o.detail == "no face on document")
        print(
            f"portraits missed on the documents: ours "
            f"{sum(1 for o in ours if o.detail == 'no portrait')}, peer {missed}"
        )
    _cli_batch(tmp_path, pairs, ours)
    tally = _tally(pairs, ours)
    assert tally["false_accepts"] == 0, tally


def _cli_batch(folder: Path, pairs: list[Pair], ours: list[Outcome]) -> None:
    """The same pairs through `simkiosk match --pairs` as a fresh process: Python start-up,
    imports, model loading and all, with each distinct image embedded once."""
    csv_path = folder / "pairs.csv"
    csv_path.write_text("document,live\n" + "".join(f"{p.document},{p.live}\n" for p in pairs))
    results, wall, _cpu = _ours_process(csv_path, folder)
    same = sum(r.get("decision", "error") == o.decision for r, o in zip(results, ours, strict=True))
    print(
        f"simkiosk match --pairs as a process: {wall / 1000:.1f} s wall for {len(pairs)} pairs "
        f"({wall / len(pairs):.0f} ms per pair, start-up included, each image embedded once); "
        f"same decision as in-process on {same}/{len(pairs)} pairs"
    )
    _versus_peer_process("ID cards and photographs of the shared faces", csv_path, folder)
    photos = [p for p in pairs if p.name.startswith("photo")]
    if photos:  # whole photographs on both sides: start-up weighs most with so few pairs
        photo_csv = folder / "photo_pairs.csv"
        photo_csv.write_text(
            "document,live\n" + "".join(f"{p.document},{p.live}\n" for p in photos)
        )
        _versus_peer_process("photographs only (document = a whole photo)", photo_csv, folder)


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[str, float, float]:
    """stdout, wall ms and CPU ms (user + system, all threads) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=1800)
    wall = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert out.returncode == 0, out.stderr[-2000:]
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return out.stdout, wall, cpu


def _ours_process(csv_path: Path, folder: Path) -> tuple[list[dict], float, float]:
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1]), "SIMKIOSK_HOME": str(folder / "home")}
    stdout, wall, cpu = _timed(
        [sys.executable, "-m", "kiosk.cli", "match", "--pairs", str(csv_path), "--json"], env
    )
    return json.loads(stdout)["results"], wall, cpu


def _versus_peer_process(label: str, csv_path: Path, folder: Path, rounds: int = 2) -> None:
    """Both as whole processes on one CSV, alternating, ``rounds`` times each: wall and CPU."""
    if importlib.util.find_spec("face_recognition") is None:
        print("peer face_recognition not installed: no process comparison")
        return
    n = len(csv_path.read_text().splitlines()) - 1
    peer_cmd = [
        sys.executable,
        "-W",
        "ignore",
        str(HERE / "peer_face_recognition.py"),
        str(csv_path),
    ]
    ours_wall, ours_cpu, peer_wall, peer_cpu = [], [], [], []
    for _ in range(rounds):
        _r, wall, cpu = _ours_process(csv_path, folder)
        ours_wall.append(wall)
        ours_cpu.append(cpu)
        _out, wall, cpu = _timed(peer_cmd, dict(os.environ))
        peer_wall.append(wall)
        peer_cpu.append(cpu)
    ow, pw = statistics.median(ours_wall), statistics.median(peer_wall)
    oc, pc = statistics.median(ours_cpu), statistics.median(peer_cpu)
    print(
        f"{label}, {n} pairs, whole process (median of {rounds}): ours {ow / n:.0f} ms/pair "
        f"wall, {oc / n:.0f} ms/pair CPU; face_recognition {pw / n:.0f} ms/pair wall, "
        f"{pc / n:.0f} ms/pair CPU; ratio {pw / ow:.2f}x wall, {pc / oc:.2f}x CPU"
    )


def test_match_speed_on_the_calibration_photographs(tmp_path: Path) -> None:
    """Scanned documents vs webcam frames made from the fetched photographs (match_data.py),
    up to three photographs a person: ours and face_recognition as whole processes."""
    import random

    from tests.benchmarks import match_data, match_set

    people = {k: v[:3] for k, v in match_data.people().items()}
    if not people:
        pytest.skip("no photographs: run `python tests/benchmarks/match_data.py fetch`")
    rng = random.Random(5)
    docs, lives = {}, {}
    for photo in match_set.load_photos(people, astronaut=True):
        key = (photo.person, photo.index)
        docs[key] = tmp_path / f"doc_{photo.person}_{photo.index}.jpg"
        lives[key] = tmp_path / f"live_{photo.person}_{photo.index}.jpg"
        cv2.imwrite(
            str(docs[key]),
            match_set.document_scan(photo, rng, dpi=300),
            [cv2.IMWRITE_JPEG_QUALITY, 90],
        )
        cv2.imwrite(
            str(lives[key]),
            match_set.live_frames(photo, rng, frames=1)[0],
            [cv2.IMWRITE_JPEG_QUALITY, 90],
        )
    rows = [
        (docs[a], lives[b])
        for a in docs
        for b in docs
        if a != b and (a[0] == b[0] or rng.random() < 0.12)
    ]
    csv_path = tmp_path / "photos.csv"
    csv_path.write_text("document,live\n" + "".join(f"{d},{lv}\n" for d, lv in rows))
    _versus_peer_process(
        f"scanned documents vs webcam frames ({len(docs)} photographs)", csv_path, tmp_path
    )


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(pytest.main(["-q", "-s", __file__]))
