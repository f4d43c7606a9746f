"""``simkiosk match``: a document portrait against live face images, one pair or a CSV batch.

    simkiosk match DOCUMENT_IMAGE LIVE_IMAGE [LIVE_IMAGE ...] [--json]
    simkiosk match --pairs FILE.csv [--json]

The document image may be a whole scan of the document in any right-angle orientation: the
portrait is found on it first (kiosk.documents.portrait). Several live images are several
frames of one person; the best usable ones are fused (kiosk.biometrics.match.fuse). In batch
mode the CSV has the header
``document,live`` and one pair per row; relative paths are taken from the CSV's folder first,
then from the working directory. Every distinct image is read and embedded once per run, and a
row whose image is unusable gets an ``error`` instead of failing the batch.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path
from typing import Any

from kiosk.errors import InputError
from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "images",
        nargs="*",
        metavar="IMAGE",
        help="DOCUMENT_IMAGE (a portrait or a whole document scan), then one or more "
        "LIVE_IMAGE frames of the person",
    )
    p.add_argument(
        "--pairs",
        metavar="CSV",
        help="batch mode: a CSV file with the header document,live, one pair per row",
    )


class _Embedder:
    """Reads and embeds each distinct image once; remembers failures as plain reasons."""

    def __init__(self, settings: Settings) -> None:
        from kiosk.biometrics.match import FaceMatcher

        self.matcher = FaceMatcher(settings.biometrics)
        self._documents: dict[Path, Any] = {}
        self._lives: dict[tuple[Path, ...], Any] = {}

    def document(self, path: Path) -> Any:
        if path not in self._documents:
            self._documents[path] = self._attempt(lambda: self._embed_document(path))
        return self._documents[path]

    def live(self, paths: tuple[Path, ...]) -> Any:
        if paths not in self._lives:
            self._lives[paths] = self._attempt(lambda: self._embed_live(paths))
        return self._lives[paths]

    @staticmethod
    def _attempt(work: Any) -> Any:
        try:
            return work()
        except InputError as exc:
            return exc

    def _embed_document(self, path: Path) -> Any:
        from kiosk.biometrics.faces import FaceQualityError, load_image
        from kiosk.documents.portrait import find_portrait

        scan = load_image(path)
        try:
            portrait = find_portrait([scan])
        except ValueError as exc:  # e.g. a thumbnail below the finder's minimum size
            raise FaceQualityError("no_face", f"document {path.name}: {exc}") from None
        finally:
            scan.fill(0)
        if not portrait.found or portrait.crop is None:
            raise FaceQualityError("no_face", f"document {path.name}: {portrait.reason}")
        try:
            return self.matcher.document_embedding(portrait.crop)
        except FaceQualityError as exc:
            raise FaceQualityError(exc.code, f"document {path.name}: {exc}") from None
        finally:
            portrait.wipe()

    def _embed_live(self, paths: tuple[Path, ...]) -> Any:
        from kiosk.biometrics.faces import FaceQualityError, load_image

        frames: list[Any] = []  # BGR images (numpy is imported with the biometrics)
        try:
            frames.extend(load_image(p) for p in paths)
            embeddings = self.matcher.live_embeddings(frames)
        except FaceQualityError as exc:
            names = ", ".join(p.name for p in paths)
            raise FaceQualityError(exc.code, f"live {names}: {exc}") from None
        finally:
            for frame in frames:
                frame.fill(0)
        from kiosk.biometrics.match import fuse

        return fuse(embeddings), len(embeddings)

    def prefetch(self, documents: list[Path], lives: list[tuple[Path, ...]]) -> None:
        """Embed the distinct images of a batch ahead, on as many threads as the matcher has
        model sets (dlib computes without the GIL, so two cores do twice the work)."""
        from concurrent.futures import ThreadPoolExecutor

        from kiosk.biometrics.faces import MODEL_SETS

        jobs: list[tuple[dict, Any, Any]] = []
        for doc in dict.fromkeys(documents):
            if doc not in self._documents:
                jobs.append((self._documents, doc, lambda d=doc: self._embed_document(d)))
        for live in dict.fromkeys(lives):
            if live not in self._lives:
                jobs.append((self._lives, live, lambda p=live: self._embed_live(p)))
        if len(jobs) < 4 or MODEL_SETS < 2:  # a second model set costs ~0.5 s to load
            return
        with ThreadPoolExecutor(max_workers=MODEL_SETS, thread_name_prefix="embed") as pool:
            done = [(store, key, pool.submit(self._attempt, work)) for store, key, work in jobs]
            for store, key, future in done:
                store[key] = future.result()

    def compare(self, document: Path, live: tuple[Path, ...]) -> dict[str, Any]:
        doc = self.document(document)
        if isinstance(doc, Exception):
            raise doc
        found = self.live(live)
        if isinstance(found, Exception):
            raise found
        embedding, used = found
        return self.matcher.compare(doc, embedding, live_frames_used=used).as_dict()

    def counts(self) -> dict[str, int]:
        """Distinct images read and embedded (or found unusable) on each side."""
        return {"documents": len(self._documents), "live": len(self._lives)}

    def wipe(self) -> None:
        for value in (*self._documents.values(), *self._lives.values()):
            if not isinstance(value, Exception):
                (value if not isinstance(value, tuple) else value[0]).fill(0)
        self._documents.clear()
        self._lives.clear()


def _resolve(raw: str, base: Path) -> Path:
    """The file a CSV cell names (CSV folder first, then the working directory), absolute, so
    that two spellings of one file share one embedding."""
    path = Path(raw.strip()).expanduser()
    if not path.is_absolute() and (base / path).exists():
        path = base / path
    return path.resolve()


def _read_pairs(csv_path: Path) -> list[tuple[str, str]]:
    try:
        with csv_path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            fields = [f.strip().lower() for f in reader.fieldnames or []]
            if "document" not in fields or "live" not in fields:
                raise InputError(f"{csv_path}: the first line must be the header document,live")
            reader.fieldnames = fields
            return [
                ((row.get("document") or "").strip(), (row.get("live") or "").strip())
                for row in reader
            ]
    except FileNotFoundError:
        raise InputError(f"pairs file not found: {csv_path}") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read pairs file {csv_path}: {exc}") from None


def _run_batch(args: argparse.Namespace, settings: Settings, t0: float) -> int:
    csv_path = Path(args.pairs)
    pairs = _read_pairs(csv_path)
    base = csv_path.resolve().parent
    embedder = _Embedder(settings)
    results: list[dict[str, Any]] = []
    try:
        complete = [(d, lv) for d, lv in pairs if d and lv]
        embedder.prefetch(
            [_resolve(d, base) for d, _lv in complete],
            [(_resolve(lv, base),) for _d, lv in complete],
        )
        for document, live in pairs:
            entry: dict[str, Any] = {"document": document, "live": live}
            if not document or not live:
                entry["error"] = "row needs both a document and a live image"
            else:
                try:
                    entry.update(
                        embedder.compare(_resolve(document, base), (_resolve(live, base),))
                    )
                except InputError as exc:
                    entry["error"] = str(exc)
            results.append(entry)
        embedded = embedder.counts()
    finally:
        embedder.wipe()
    elapsed = round((time.perf_counter() - t0) * 1000, 1)
    if args.json:
        print(json.dumps({"results": results, "embedded": embedded, "elapsed_ms": elapsed}))
    else:
        for r in results:
            outcome = r.get("error") or f"{r['decision']} (distance {r['distance']:.3f})"
            print(f"{r['document']}  {r['live']}  {outcome}")
        print(f"{len(results)} pairs in {elapsed:.0f} ms")
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    t0 = time.perf_counter()
    if args.pairs:
        if args.images:
            raise InputError("give either image files or --pairs, not both")
        return _run_batch(args, settings, t0)
    if len(args.images) < 2:
        raise InputError("need a DOCUMENT_IMAGE and at least one LIVE_IMAGE (or --pairs CSV)")
    embedder = _Embedder(settings)
    try:
        result = embedder.compare(Path(args.images[0]), tuple(Path(p) for p in args.images[1:]))
    finally:
        embedder.wipe()
    result["elapsed_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['decision']}: distance {result['distance']:.3f} (match <= "
            f"{result['threshold']}, review <= {result['review_threshold']}), "
            f"{result['live_frames_used']} live frame(s), {result['elapsed_ms']:.0f} ms"
        )
    return 0
