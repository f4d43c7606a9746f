"""Rendered test documents: synthetic people, OCR-B MRZs, the astronaut portrait, scanner-like
degradation. Nothing binary is committed; every image is made here.

(A plain helper module rather than a conftest.py: tests/biometrics imports its own conftest by
name, and two conftest modules on the path would shadow each other.)"""

from __future__ import annotations

import datetime as dt
import functools
import random

import numpy as np

from kiosk.documents import render, synthetic

TODAY = dt.date(2026, 3, 1)


@functools.cache
def _portrait() -> np.ndarray:
    return render.sample_portrait()


def portrait() -> np.ndarray:
    """The astronaut's head and shoulders (a copy: callers may draw on it)."""
    return _portrait().copy()


def scanned(
    doc: render.RenderedDocument,
    rng: random.Random,
    *,
    dpi: int = 300,
    upside_down: bool | None = None,
    shuffle: bool = True,
) -> list[np.ndarray]:
    """A document's sides as a scanner delivers them, possibly in either order."""
    sides = [render.degrade(s, rng, scan_dpi=dpi, upside_down=upside_down) for s in doc.sides]
    if shuffle and rng.random() < 0.5:
        sides.reverse()
    return sides


def make_document(
    kind: str,
    rng: random.Random,
    *,
    person: synthetic.Person | None = None,
    lines: list[str] | None = None,
) -> render.RenderedDocument:
    person = person or synthetic.random_person(rng, today=TODAY)
    if kind == "TD1":
        return render.render_td1(person, portrait(), mrz_lines=lines)
    if kind == "TD2":
        return render.render_td2(person, portrait(), mrz_lines=lines)
    return render.render_td3(person, portrait(), mrz_lines=lines)
