"""The peer for the matching benchmark: face_recognition on a ``document,live`` CSV, as a process.

    python tests/benchmarks/peer_face_recognition.py PAIRS.csv

Does what a face_recognition user would do for the same job as ``simkiosk match --pairs``: each
distinct image read and encoded once (HOG at face_recognition's default 1x upsampling, on the
image turned 0/180/90/270 degrees until a face is found, the largest face kept), then the
distance of every pair. Prints one JSON object: the distances (null where a face was missing)
and the elapsed time from the start of the process.
"""

from __future__ import annotations

import csv
import json
import sys
import time

T0 = time.perf_counter()

import face_recognition as fr  # noqa: E402
import numpy as np  # noqa: E402  (the import time counts: it is part of the whole process)

_cache: dict[str, np.ndarray | None] = {}


def encoding(path: str) -> np.ndarray | None:
    if path not in _cache:
        image = fr.load_image_file(path)
        _cache[path] = None
        for turns in (0, 2, 1, 3):  # upright, upside down, sideways
            turned = np.ascontiguousarray(np.rot90(image, -turns))
            boxes = fr.face_locations(turned)
            if boxes:
                largest = max(boxes, key=lambda b: (b[2] - b[0]) * (b[1] - b[3]))
                _cache[path] = fr.face_encodings(turned, known_face_locations=[largest])[0]
                break
    return _cache[path]


def main(csv_path: str) -> None:
    out: list[float | None] = []
    with open(csv_path, newline="") as fh:
        for row in csv.DictReader(fh):
            a, b = encoding(row["document"]), encoding(row["live"])
            out.append(None if a is None or b is None else float(np.linalg.norm(a - b)))
    print(json.dumps({"distances": out, "elapsed_ms": round((time.perf_counter() - T0) * 1000, 1)}))


if __name__ == "__main__":
    main(sys.argv[1])
