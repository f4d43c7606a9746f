"""dlib's frontal face detector, loaded fast: the one place that builds it, for the document
portrait finder (kiosk.documents.portrait) and the matcher (kiosk.biometrics.faces).

dlib builds its HOG detector from embedded data in 0.35-0.5 s, a large share of a one-shot
`simkiosk read-document` or `simkiosk match`; its serialised form loads in ~1 ms. The first process
saves it to the user's cache directory (atomically) and later ones load it from there; any problem
with the cache falls back to building it. The file is a model, never personal data.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any


def detector_cache() -> Path:
    import dlib
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("simkiosk")) / f"dlib-frontal-face-{dlib.__version__}.svm"


def load_frontal_detector() -> Any:  # -> dlib.fhog_object_detector
    """A new detector object (dlib's objects are not safe to share between threads)."""
    import dlib

    path = detector_cache()
    try:
        if path.is_file():
            return dlib.fhog_object_detector(str(path))
    except RuntimeError:  # a damaged cache file: rebuild it below
        pass
    detector = dlib.get_frontal_face_detector()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        detector.save(str(tmp))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: still works, only without the start-up saving
    return detector
