"""Benchmark: the matching bands and the live-frame fusion, calibrated on real photographs.

Not part of ``make test``. ``make bench`` fetches the photographs first (match_data.py); by hand:

    python tests/benchmarks/match_data.py fetch
    python -m pytest -q -s tests/benchmarks/test_match_calibration.py

Every photograph becomes a scanned document (300 and 200 dpi) and a set of live webcam frames
(match_set.py). The document goes through the kiosk's own path (find_portrait, then
FaceMatcher.document_embedding); each live frame through faces.analyse with the live quality
gates, then the ResNet. The fusions of the live frames compared:

``kiosk``       what FaceMatcher does: match.fuse over the best LIVE_TOP_K frames
``best``        the one frame with the best quality score (what a single-frame match sees)
``mean_raw``    mean of the raw embeddings of all usable frames (the matcher before this change)
``mean_norm``   mean of the unit-normalised embeddings of the top ``k`` frames by quality
``median_dist`` median of the per-frame distances to the document
``min_dist``    smallest per-frame distance (optimistic by construction: it also helps impostors)

Printed: for each fusion, histograms of the genuine (different photographs of one person),
same-photo genuine and impostor distances, and the decisions at the settings' bands. Figures,
not assertions; the test fails only if an impostor reaches "match" at the settings' bands.

The kiosk runs dlib's ResNet with OpenCV (kiosk.biometrics.resnet_cv); every chip is also
embedded by dlib itself, and the kiosk fusion's decisions with either set of embeddings must be
the same for every pair (asserted; the largest descriptor and distance differences printed).
"""

from __future__ import annotations

import json
import os
import random
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from tests.benchmarks import match_data, match_set

TOP_K = 3
BINS = np.round(np.arange(0.10, 1.01, 0.05), 2)


@dataclass
class Live:
    photo: match_set.Photo
    embeddings: np.ndarray  # (n, 128) usable frames, best quality first
    failures: list[str] = field(default_factory=list)
    by_dlib: np.ndarray | None = None  # the same chips through dlib's own network


_DLIB_NET = []


def _dlib_embed(chips) -> np.ndarray:
    """dlib's own face_recognition_model_v1 on the chips (what the kiosk ran before)."""
    import dlib

    from kiosk.biometrics import faces

    if not _DLIB_NET:
        _DLIB_NET.append(dlib.face_recognition_model_v1(str(faces.model_path(faces.EMBED_MODEL))))
    return np.array([np.asarray(_DLIB_NET[0].compute_face_descriptor(c)) for c in chips])


def _documents(matcher, photos, dpis=(300, 200), by_dlib=None):
    from kiosk.biometrics import faces
    from kiosk.biometrics.faces import FaceQualityError
    from kiosk.documents.portrait import find_portrait

    docs, failed = [], []
    for i, photo in enumerate(photos):
        for dpi in dpis:
            scan = match_set.document_scan(photo, random.Random(f"doc{i}-{dpi}"), dpi=dpi)
            portrait = find_portrait([scan])
            if not portrait.found:
                failed.append(f"{photo.person}#{photo.index}@{dpi}: {portrait.reason}")
                continue
            try:
                docs.append((photo, dpi, matcher.document_embedding(portrait.crop)))
                if by_dlib is not None:
                    chip = faces.analyse(portrait.crop, matcher.document_limits).chip
                    by_dlib.append(_dlib_embed([chip])[0])
            except FaceQualityError as exc:
                failed.append(f"{photo.person}#{photo.index}@{dpi}: {exc.code}")
    return docs, failed


def _lives(matcher, photos) -> list[Live]:
    from kiosk.biometrics import faces, match
    from kiosk.biometrics.faces import FaceQualityError

    lives = []
    for i, photo in enumerate(photos):
        frames = match_set.live_frames(photo, random.Random(f"live{i}"))
        scored, failures = [], []
        for frame in frames:
            try:
                face = faces.analyse(frame, matcher.live_limits)
                scored.append((match.quality_score(face.quality), face.chip))
            except FaceQualityError as exc:
                failures.append(exc.code)
        scored.sort(key=lambda s: -s[0])
        emb = faces.embed_chips([c for _s, c in scored]) if scored else np.zeros((0, 128))
        ref = _dlib_embed([c for _s, c in scored]) if scored else np.zeros((0, 128))
        lives.append(Live(photo, emb, failures, ref))
    return lives


def fused_distance(method: str, doc: np.ndarray, live: np.ndarray) -> float:
    from kiosk.biometrics.match import LIVE_TOP_K, fuse

    per_frame = np.linalg.norm(live - doc, axis=1)
    if method == "kiosk":
        return float(np.linalg.norm(fuse(live[:LIVE_TOP_K]) - doc))
    if method == "best":
        return float(per_frame[0])
    if method == "mean_raw":
        return float(np.linalg.norm(live.mean(axis=0) - doc))
    if method == "mean_norm":
        top = live[:TOP_K] / np.linalg.norm(live[:TOP_K], axis=1, keepdims=True)
        fused = top.mean(axis=0)
        fused *= np.linalg.norm(live[:TOP_K], axis=1).mean() / np.linalg.norm(fused)
        return float(np.linalg.norm(fused - doc))
    if method == "median_dist":
        return float(np.median(per_frame))
    if method == "min_dist":
        return float(per_frame.min())
    raise ValueError(method)


METHODS = ("kiosk", "best", "mean_raw", "mean_norm", "median_dist", "min_dist")


def _histogram(values: list[float]) -> str:
    counts, _ = np.histogram(values, bins=BINS)
    return " ".join(f"{c:3d}" for c in counts)


def _rates(kind: dict[str, list[float]], match: float, review: float) -> str:
    gen, imp = kind["genuine"], kind["impostor"]
    gm = sum(d <= match for d in gen)
    gr = sum(match < d <= review for d in gen)
    im = sum(d <= match for d in imp)
    ir = sum(match < d <= review for d in imp)
    return (
        f"genuine match {gm}/{len(gen)} ({100 * gm / max(1, len(gen)):.1f}%), review {gr}, "
        f"no_match {len(gen) - gm - gr}; impostors at match {im}, at review {ir} "
        f"of {len(imp)}"
    )


def _same_decisions_as_dlib(settings, docs, doc_by_dlib, lives) -> None:
    from kiosk.biometrics.match import decide

    s = settings
    emb_diff = max(
        [float(np.abs(d - r).max()) for (_p, _dpi, d), r in zip(docs, doc_by_dlib, strict=True)]
        + [float(np.abs(v.embeddings - v.by_dlib).max()) for v in lives if len(v.embeddings)]
    )
    dist_diff, differ, pairs = 0.0, [], 0
    for (photo, dpi, doc), ref_doc in zip(docs, doc_by_dlib, strict=True):
        for live in lives:
            if not len(live.embeddings):
                continue
            ours = fused_distance("kiosk", doc, live.embeddings)
            theirs = fused_distance("kiosk", ref_doc, live.by_dlib)
            dist_diff = max(dist_diff, abs(ours - theirs))
            pairs += 1
            a = decide(ours, s.match_threshold, s.review_threshold)
            b = decide(theirs, s.match_threshold, s.review_threshold)
            if a != b:
                differ.append(
                    f"{photo.person}#{photo.index}@{dpi} vs {live.photo.person}: "
                    f"{a} ({ours:.5f}) vs dlib {b} ({theirs:.5f})"
                )
    print(
        f"\nOpenCV-run ResNet vs dlib's own: largest descriptor difference {emb_diff:.2e}, "
        f"largest fused distance difference {dist_diff:.2e}; decisions differ on "
        f"{len(differ)} of {pairs} pairs"
    )
    assert not differ, differ


def test_match_calibration() -> None:
    from kiosk.biometrics.match import FaceMatcher
    from kiosk.settings import BiometricSettings

    people = match_data.people()
    if not people:
        pytest.skip(
            "no photographs: run `python tests/benchmarks/match_data.py fetch` or put "
            "the shared faces in ../shared/faces"
        )
    photos = match_set.load_photos(people)
    settings = BiometricSettings()
    matcher = FaceMatcher(settings)
    doc_by_dlib: list[np.ndarray] = []
    docs, doc_failed = _documents(matcher, photos, by_dlib=doc_by_dlib)
    lives = _lives(matcher, photos)
    _same_decisions_as_dlib(settings, docs, doc_by_dlib, lives)

    by_method: dict[str, dict[str, list[float]]] = {m: defaultdict(list) for m in METHODS}
    nearest_impostor: dict[str, tuple[float, str]] = {}
    for photo, dpi, doc in docs:
        for live in lives:
            if not len(live.embeddings):
                continue
            same = live.photo.person == photo.person
            kind = (
                ("same_photo" if live.photo.index == photo.index else "genuine")
                if same
                else "impostor"
            )
            for m in METHODS:
                d = fused_distance(m, doc, live.embeddings)
                by_method[m][kind].append(d)
                if kind == "impostor" and d < nearest_impostor.get(m, (9.0, ""))[0]:
                    nearest_impostor[m] = (
                        d,
                        f"{photo.person}#{photo.index}@{dpi} vs "
                        f"{live.photo.person}#{live.photo.index}",
                    )
    persons = sorted({p.person for p in photos})
    print(
        f"\n{len(photos)} photographs of {len(persons)} people ({', '.join(persons)}); "
        f"{len(docs)} documents embedded, {len(doc_failed)} refused {doc_failed}; live sets "
        f"of {match_set.FRAMES} frames: usable frames "
        f"{statistics.mean(len(v.embeddings) for v in lives):.2f} per set on average, "
        f"refusals {sum(len(v.failures) for v in lives)} "
        f"({sorted({c for v in lives for c in v.failures})})"
    )
    print(f"histogram bins: {' '.join(f'{b:.2f}' for b in BINS[:-1])} (each bin +0.05)")
    s = settings
    for m in METHODS:
        kinds = by_method[m]
        print(
            f"\n== {m}: genuine n={len(kinds['genuine'])}, same-photo n="
            f"{len(kinds['same_photo'])}, impostor n={len(kinds['impostor'])}"
        )
        for kind in ("genuine", "same_photo", "impostor"):
            v = kinds[kind]
            if v:
                q = np.percentile(v, [0, 5, 50, 95, 100])
                print(
                    f"  {kind:10s} {_histogram(v)}   min {q[0]:.3f} p5 {q[1]:.3f} "
                    f"median {q[2]:.3f} p95 {q[3]:.3f} max {q[4]:.3f}"
                )
        print(f"  nearest impostor {nearest_impostor.get(m)}")
        print(
            f"  at the settings' bands (match <= {s.match_threshold}, review <= "
            f"{s.review_threshold}): {_rates(kinds, s.match_threshold, s.review_threshold)}"
        )
        for match, review in ((0.45, 0.55), (0.50, 0.55), (0.52, 0.56), (0.55, 0.60)):
            print(f"  bands {match:.2f}/{review:.2f}: {_rates(kinds, match, review)}")
    out = os.environ.get("MATCH_CALIBRATION_JSON")
    if out:
        Path(out).write_text(json.dumps({m: dict(v) for m, v in by_method.items()}))
    fused = by_method["kiosk"]
    assert not any(d <= s.match_threshold for d in fused["impostor"]), nearest_impostor


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(pytest.main(["-q", "-s", __file__]))
