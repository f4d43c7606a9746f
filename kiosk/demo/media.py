"""Demo documents made by the project itself: synthetic people on rendered ID cards.

The portrait printed on every card is scikit-image's public-domain astronaut, the same face the
virtual subject animates by default, so a demo enrollment is a genuine match end to end.
Nothing is downloaded; the files are rendered once into the demo folder and reused.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import cv2

from kiosk.documents.render import degrade, render_td1, sample_portrait
from kiosk.documents.synthetic import random_person

MANIFEST = "manifest.json"


def ensure_demo_documents(folder: Path, count: int = 4, *, seed: int = 2026) -> list[Path]:
    """Render ``count`` ID cards (front and back, lightly scanner-degraded) into ``folder``.

    The folder scanner reads each sub-folder as one document. Rendering is skipped when the
    folder already holds this set (same count and seed)."""
    manifest = folder / MANIFEST
    wanted = {"count": count, "seed": seed}
    docs = [folder / f"doc{k:02d}" for k in range(count)]
    if (
        manifest.is_file()
        and json.loads(manifest.read_text("utf-8")) == wanted
        and all((d / "front.png").is_file() and (d / "back.png").is_file() for d in docs)
    ):
        return docs
    rng = random.Random(seed)
    portrait = sample_portrait()
    for doc in docs:
        doc.mkdir(parents=True, exist_ok=True, mode=0o700)
        person = random_person(rng)
        rendered = render_td1(person, portrait)
        for name, side in zip(("front", "back"), rendered.sides, strict=True):
            # The demo scanner is a good one: small skew, no upside-down placement.
            scanned = degrade(side, rng, skew_deg=1.0, upside_down=False)
            cv2.imwrite(str(doc / f"{name}.png"), scanned)
    manifest.write_text(json.dumps(wanted), "utf-8")
    return docs
