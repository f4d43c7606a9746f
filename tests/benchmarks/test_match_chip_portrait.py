"""Benchmark: the chip's portrait (DG2) as the matching reference, beside the printed-and-scanned
portrait, on the document-vs-live pairs of test_match_calibration (issue 17's goal: at least the
printed portrait's genuine match rate, at 0 impostors).

Not part of ``make test``; needs the photographs (``python tests/benchmarks/match_data.py
fetch``). By hand:

    python -m pytest -q -s tests/benchmarks/test_match_chip_portrait.py

For every photograph (it plays the enrolment photo the issuing state took):

``printed``   match_set.document_scan at 300 and 200 dpi (halftone print on a rendered ID card
              or passport page, scanned), then find_portrait and FaceMatcher.document_embedding,
              exactly as test_match_calibration does;
``chip-jpeg`` the ICAO head-and-shoulders crop (match_set.head, 4:5, face ~60 % of the width) at
              480 x 600, JPEG at the highest quality that fits CHIP_BYTES (the 15-20 KB issuing
              states write), put in a DG2 (lds.build_dg2, with its biometric header), signed in
              an SOD by a test document signer, served by the card emulator and read through the
              kiosk's own chip step (ChipStep: BAC, secure messaging, passive authentication,
              policy, decoding), then FaceMatcher.document_embedding;
``chip-jp2``  the same in JPEG 2000 (OpenCV's OpenJPEG) at the compression rate that fits.

Live: match_set.live_frames of each photograph, fused as the kiosk does (match.fuse over the
best LIVE_TOP_K usable frames). Genuine pairs are cross-photo (a document made from one photo,
the live frames from another photo of the same person); same-photo pairs are reported apart;
impostors are every document against every other person's live frames.

The test fails only if an impostor reaches "match" with a chip portrait at the settings' bands.
Printed figures: genuine match rate, impostors at match and at review, distance distributions;
then the decision as the kiosk makes it with a verified chip, where the printed portrait is a
cross-check (a chip "match" whose printed portrait is not within the review band goes to a
clerk: a page whose photograph was swapped).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections import defaultdict

import cv2
import match_data
import match_set
import numpy as np
import pytest
import test_match_calibration as calib

CHIP_SIZE = (480, 600)  # width, height of the stored portrait
CHIP_BYTES = 18_000  # target encoded size (issuing states: ~15-20 KB)
# from 0: the chip's same-photo distances fall below the calibration benchmark's first bin
BINS = np.round(np.arange(0.0, 1.201, 0.05), 2)


def _encode_jpeg(image: np.ndarray, budget: int) -> bytes:
    """The highest JPEG quality whose file fits the budget."""
    lo, hi, best = 10, 95, b""
    while lo <= hi:
        q = (lo + hi) // 2
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, q])
        assert ok
        if len(buf) <= budget:
            best, lo = buf.tobytes(), q + 1
        else:
            hi = q - 1
    if not best:
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 10])
        best = buf.tobytes()
    return best


def _encode_jp2(image: np.ndarray, budget: int) -> bytes:
    """JPEG 2000 at the lowest compression (x1000 rate) whose file fits the budget."""
    lo, hi, best = 5, 1000, b""
    while lo <= hi:
        rate = (lo + hi) // 2
        ok, buf = cv2.imencode(".jp2", image, [cv2.IMWRITE_JPEG2000_COMPRESSION_X1000, rate])
        assert ok
        if len(buf) <= budget:
            best, lo = buf.tobytes(), rate + 1
        else:
            hi = rate - 1
    assert best, "no JPEG 2000 rate fits the budget"
    return best


def chip_portrait(photo: match_set.Photo) -> np.ndarray:
    """The portrait a state would store: the enrolment photo cropped as ICAO asks, resized."""
    image = match_set.prepared(photo.image)
    crop = match_set.head(image, match_set.face_box(image))
    return cv2.resize(crop, CHIP_SIZE, interpolation=cv2.INTER_AREA)


class ChipIssuer:
    """A test state (CSCA + document signer) and the kiosk's chip step reading its passports
    from the card emulator on a simulated reader."""

    def __init__(self, tmp_path) -> None:
        from kiosk.documents.chip import specimen
        from kiosk.documents.chip.trust import load_trust_store
        from kiosk.settings import load_settings

        self.specimen = specimen
        csca = specimen.make_csca("KZ")
        self.signer = specimen.make_signer(csca)
        self.trust = load_trust_store(specimen.write_pem_folder(tmp_path / "ml", [csca]))
        self.settings = load_settings(
            env={"SIMKIOSK_HOME": str(tmp_path / "home"), "SIMKIOSK_DEVICES_CHIP": "simulated"}
        )
        self.sizes: dict[str, list[int]] = defaultdict(list)

    def read(self, face: bytes, jp2: bool, rng: random.Random) -> np.ndarray:
        from hardware.chip_reader import SimulatedChipReader
        from kiosk.chip_step import ChipStep
        from kiosk.documents import synthetic
        from kiosk.documents.chip.emulator import EPassportCard
        from kiosk.documents.chip.policy import USE_CHIP

        lines = synthetic.td3_lines(synthetic.random_person(rng, today=dt.date(2026, 3, 1)))
        passport = self.specimen.make_passport(lines, face, *CHIP_SIZE, self.signer, jpeg2000=jp2)
        card = EPassportCard(passport.files, passport.key)
        step = ChipStep(
            self.settings, reader_factory=lambda _l: SimulatedChipReader(card), trust=self.trust
        )
        outcome = step.read(lines)
        assert outcome.action == USE_CHIP and outcome.portrait is not None, outcome.problems
        self.sizes["chip-jp2" if jp2 else "chip-jpeg"].append(len(passport.files[0x0102]))
        return outcome.portrait


def _chip_documents(matcher, photos, issuer: ChipIssuer):
    from kiosk.biometrics.faces import FaceQualityError

    docs: dict[str, list] = defaultdict(list)
    failed: list[tuple[str, match_set.Photo]] = []
    for i, photo in enumerate(photos):
        portrait = chip_portrait(photo)
        for name, jp2 in (("chip-jpeg", False), ("chip-jp2", True)):
            face = (_encode_jp2 if jp2 else _encode_jpeg)(portrait, CHIP_BYTES)
            image = issuer.read(face, jp2, random.Random(f"chip{i}"))
            try:
                docs[name].append((photo, 0, matcher.document_embedding(image)))
            except FaceQualityError:
                failed.append((name, photo))
    return docs, failed


def _distances(docs, lives) -> dict[str, list[float]]:
    kinds: dict[str, list[float]] = defaultdict(list)
    for photo, _dpi, doc in docs:
        for live in lives:
            if not len(live.embeddings):
                continue
            if live.photo.person != photo.person:
                kind = "impostor"
            else:
                kind = "same_photo" if live.photo.index == photo.index else "genuine"
            kinds[kind].append(calib.fused_distance("kiosk", doc, live.embeddings))
    return kinds


def _cross_checked(chip_docs, printed: dict, dpi: int, lives, match: float, review: float) -> str:
    """The decision as KioskServices.match_face makes it with a verified chip: the chip's
    portrait decides, and a "match" becomes "review" unless the printed portrait (scanned at
    dpi) is within the review band too (or when it cannot be embedded at all)."""
    tally: dict[str, dict[str, int]] = {k: defaultdict(int) for k in ("genuine", "impostor")}
    for photo, _dpi, doc in chip_docs:
        other = printed.get((photo.person, photo.index, dpi))
        for live in lives:
            if not len(live.embeddings) or (
                live.photo.person == photo.person and live.photo.index == photo.index
            ):
                continue
            kind = "genuine" if live.photo.person == photo.person else "impostor"
            d = calib.fused_distance("kiosk", doc, live.embeddings)
            decision = "match" if d <= match else "review" if d <= review else "no_match"
            if decision == "match" and (
                other is None or calib.fused_distance("kiosk", other, live.embeddings) > review
            ):
                decision = "review"
            tally[kind][decision] += 1
    gen, imp = tally["genuine"], tally["impostor"]
    n = sum(gen.values())
    return (
        f"genuine match {gen['match']}/{n} ({100 * gen['match'] / max(1, n):.1f}%), review "
        f"{gen['review']}, no_match {gen['no_match']}; impostors at match {imp['match']}, "
        f"at review {imp['review']} of {sum(imp.values())}"
    )


def _document_pairs(chip_docs, printed: dict, dpi: int, lives, match: float, review: float) -> None:
    """An alternative cross-check, for comparison only (the kiosk does not do this): the
    chip's portrait against the printed one directly. Genuine: both from the same enrolment
    photograph (as on a real passport); swapped: the printed portrait is another person's."""
    same, swapped = [], []
    for photo, _dpi, doc in chip_docs:
        for (person, index, at), other in printed.items():
            if at != dpi:
                continue
            d = float(np.linalg.norm(doc - other))
            if person == photo.person and index == photo.index:
                same.append(d)
            elif person != photo.person:
                swapped.append(d)
    for kind, v in (("same photo", same), ("swapped", swapped)):
        q = np.percentile(v, [0, 50, 100])
        print(
            f"  chip vs printed ({dpi} dpi), {kind:10s} n={len(v)}: {_histogram(v)}   "
            f"min {q[0]:.3f} median {q[1]:.3f} max {q[2]:.3f}"
        )
    print(
        f"  same photo within review ({review}): {sum(d <= review for d in same)}/{len(same)};"
        f" swapped within review: {sum(d <= review for d in swapped)}/{len(swapped)}"
    )
    gm = n = 0
    for photo, _dpi, doc in chip_docs:
        other = printed.get((photo.person, photo.index, dpi))
        ok = other is not None and float(np.linalg.norm(doc - other)) <= review
        for live in lives:
            if (
                len(live.embeddings)
                and live.photo.person == photo.person
                and live.photo.index != photo.index
            ):
                n += 1
                gm += ok and calib.fused_distance("kiosk", doc, live.embeddings) <= match
    print(
        f"  decided so (chip match and chip-vs-printed within review): genuine match "
        f"{gm}/{n} ({100 * gm / max(1, n):.1f}%)"
    )


def _lost_genuine(failed_photos, lives) -> int:
    """Cross-photo genuine pairs a refused document would have given: a document the kiosk
    cannot use is a customer who does not get "match"."""
    return sum(
        1
        for photo in failed_photos
        for live in lives
        if len(live.embeddings)
        and live.photo.person == photo.person
        and live.photo.index != photo.index
    )


def _histogram(values: list[float]) -> str:
    counts, _ = np.histogram(values, bins=BINS)
    return " ".join(f"{c:3d}" for c in counts)


def _print(
    name: str, kinds: dict[str, list[float]], match: float, review: float, lost: int
) -> None:
    print(
        f"\n== {name}: genuine n={len(kinds['genuine'])}, same-photo n="
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
    print(f"  bands match <= {match} / review <= {review}: {calib._rates(kinds, match, review)}")
    gen = kinds["genuine"]
    gm = sum(d <= match for d in gen)
    print(
        f"  counting the genuine pairs of refused documents ({lost}) as not matched: "
        f"genuine match {gm}/{len(gen) + lost} ({100 * gm / max(1, len(gen) + lost):.1f}%)"
    )
    same = kinds["same_photo"]
    if same:
        print(f"  same-photo genuine at match: {sum(d <= match for d in same)}/{len(same)}")


def test_chip_portrait_versus_printed(tmp_path) -> None:
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
    match, review = settings.match_threshold, settings.review_threshold

    printed, printed_failed = calib._documents(matcher, photos)
    issuer = ChipIssuer(tmp_path)
    chips, chip_refused = _chip_documents(matcher, photos, issuer)
    chip_failed = [f"{n} {p.person}#{p.index}" for n, p in chip_refused]
    lives = calib._lives(matcher, photos)

    persons = sorted({p.person for p in photos})
    print(
        f"\n{len(photos)} photographs of {len(persons)} people; live sets of "
        f"{match_set.FRAMES} frames, {statistics.mean(len(v.embeddings) for v in lives):.2f} "
        f"usable on average; printed documents {len(printed)} (300 + 200 dpi), refused "
        f"{len(printed_failed)} {printed_failed}; chip portraits refused {chip_failed}"
    )
    for name, sizes in issuer.sizes.items():
        print(
            f"{name}: DG2 {min(sizes)}-{max(sizes)} B (median {int(np.median(sizes))}), "
            f"portrait {CHIP_SIZE[0]}x{CHIP_SIZE[1]}, read through ChipStep (BAC + PA)"
        )
    print(f"histogram bins: {' '.join(f'{b:.2f}' for b in BINS[:-1])} (each bin +0.05)")

    by_key = {(p.person, p.index): p for p in photos}

    def refused_printed(dpi: str = "") -> list[match_set.Photo]:
        """The photos of the printed documents test_match_calibration could not embed (its
        failures read "person#index@dpi: reason")."""
        out = []
        for failure in printed_failed:
            person, _, rest = failure.partition(": ")[0].rpartition("#")
            index, _, at = rest.partition("@")
            if not dpi or at == dpi:
                out.append(by_key[(person, int(index))])
        return out

    results = {
        "printed (300+200 dpi)": (
            _distances(printed, lives),
            _lost_genuine(refused_printed(), lives),
        ),
        "printed 300 dpi": (
            _distances([d for d in printed if d[1] == 300], lives),
            _lost_genuine(refused_printed("300"), lives),
        ),
    }
    for name, docs in chips.items():
        lost = _lost_genuine([p for n, p in chip_refused if n == name], lives)
        results[name] = (_distances(docs, lives), lost)
    for name, (kinds, lost) in results.items():
        _print(name, kinds, match, review, lost)
    printed_by_photo = {(p.person, p.index, dpi): emb for p, dpi, emb in printed}
    print(
        "\n== with the kiosk's cross-check (services.match_face: a chip match needs the "
        "printed portrait within the review band, else review)"
    )
    for name, docs in chips.items():
        for dpi in (300, 200):
            print(
                f"  {name}, printed scanned at {dpi} dpi: "
                f"{_cross_checked(docs, printed_by_photo, dpi, lives, match, review)}"
            )
    print("\n== for comparison: the printed portrait checked against the chip's (not live)")
    _document_pairs(chips["chip-jpeg"], printed_by_photo, 300, lives, match, review)

    for name in chips:
        impostors = results[name][0]["impostor"]
        assert not any(d <= match for d in impostors), (name, min(impostors))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(pytest.main(["-q", "-s", __file__]))
