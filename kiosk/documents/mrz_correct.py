"""MRZ-aware correction of per-cell OCR scores into MRZ lines.

Two sources of knowledge beyond the pixels (ICAO Doc 9303 parts 4-6):

- Character classes per position: dates and check digits are digits, codes and names are
  letters, sex is ``M``/``F``/``<``/``X``. Each cell takes the best-scoring character its
  position allows, which removes O/0, I/1, B/8, S/5, Z/2 confusions where the field decides.
- Check digits: where a check fails, the corrector tries the runner-up characters of the
  ambiguous cells of that field (one change, then two) and keeps the cheapest change that makes
  the check pass. Only cells whose runner-up scored close to the winner are considered, so a
  cleanly printed but altered document (a forger's stale check digits) is never "corrected"
  into a valid one: its cells are unambiguous, nothing qualifies, and it stays invalid.
- The issuing state and nationality codes (no check digit covers them): a code that is not in
  ICAO Doc 9303 part 3's list is replaced by the cheapest one- or two-cell change among the
  runner-ups that gives a listed code (Germany's ``D<<`` read as ``O<<``). When none does, the
  code stays as read and the parser flags it (``Mrz.unknown_codes``): never reported valid.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Callable

import numpy as np

from kiosk.documents import icao_codes
from kiosk.documents.mrz import MrzFormatError, parse_mrz

_LET = string.ascii_uppercase + "<"
_DIG = string.digits
_DATE = string.digits + "<"
_SEX = "MFX<"
_ANY = string.ascii_uppercase + string.digits + "<"

# A runner-up this close to the winning score (normalised correlation) is a real alternative.
AMBIGUOUS_MARGIN = 0.10
# Runner-ups considered per ambiguous cell.
ALTERNATIVES = 2
# The code fields have no check digit to mislead, and the code list is sparse (about 280 of
# 17 576 letter triples): runner-ups a little further behind are still worth trying.
CODE_MARGIN = 0.20
CODE_ALTERNATIVES = 3


def _td1_classes() -> list[list[str]]:
    l1 = [_LET] * 5 + [_ANY] * 9 + [_DIG + "<"] + [_ANY] * 15
    l2 = [_DATE] * 6 + [_DIG] + [_SEX] + [_DATE] * 6 + [_DIG] + [_LET] * 3 + [_ANY] * 11 + [_DIG]
    return [l1, l2, [_LET] * 30]


def _td23_classes(n: int) -> list[list[str]]:
    l1 = [_LET] * n
    l2 = (
        [_ANY] * 9
        + [_DIG + ("<" if n == 36 else "")]
        + [_LET] * 3
        + [_DATE] * 6
        + [_DIG]
        + [_SEX]
        + [_DATE] * 6
        + [_DIG]
    )
    if n == 36:
        l2 += [_ANY] * 7 + [_DIG]
    else:
        l2 += [_ANY] * 14 + [_DIG + "<", _DIG]
    return [l1, l2]


def classes_for(line_count: int, length: int) -> list[list[str]]:
    """Allowed characters for every position of a TD1/TD2/TD3 zone."""
    if (line_count, length) == (3, 30):
        return _td1_classes()
    if (line_count, length) in ((2, 36), (2, 44)):
        return _td23_classes(length)
    return [[_ANY] * length for _ in range(line_count)]


def _field_positions(fmt: str, lines: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Cells each check covers (data and check digit), as (line, column)."""

    def span(line: int, a: int, b: int) -> list[tuple[int, int]]:
        return [(line, c) for c in range(a, b)]

    if fmt == "TD1":
        number = span(0, 5, 15)
        if lines[0][14] == "<":  # long number: continues in the optional data
            end = lines[0].find("<", 15)
            number += span(0, 15, 30 if end < 0 else end)
        return {
            "document_number": number,
            "birth_date": span(1, 0, 7),
            "expiry_date": span(1, 8, 15),
            "composite": span(0, 5, 30) + span(1, 0, 7) + span(1, 8, 15) + span(1, 18, 30),
        }
    n = 36 if fmt == "TD2" else 44
    out = {
        "document_number": span(1, 0, 10),
        "birth_date": span(1, 13, 20),
        "expiry_date": span(1, 21, 28),
    }
    if fmt == "TD3":
        out["personal_number"] = span(1, 28, 43)
    out["composite"] = span(1, 0, 10) + span(1, 13, 20) + span(1, 21, n)
    return out


def _code_positions(fmt: str) -> list[list[tuple[int, int]]]:
    """Cells of the issuing state and the nationality code, as (line, column)."""
    nationality = (1, 15) if fmt == "TD1" else (1, 10)
    return [
        [(0, c) for c in range(2, 5)],
        [(nationality[0], c) for c in range(nationality[1], nationality[1] + 3)],
    ]


def _well_formed_code(code: str) -> bool:
    return code[0] != "<" and "<" not in code.rstrip("<") and icao_codes.known(code)


def _repair_codes(
    grid: list[list[str]], fmt: str, ranked: dict[tuple[int, int], list[tuple[str, float]]]
) -> int:
    """Replace unlisted issuer and nationality codes by the cheapest listed one reachable
    through runner-up characters (one cell, then two); returns the cells changed."""
    changed = 0
    for cells in _code_positions(fmt):
        current = "".join(grid[i][j] for i, j in cells)
        if _well_formed_code(current):
            continue
        choosable = [p for p in cells if ranked.get(p)]
        best: tuple[float, list[tuple[tuple[int, int], str]]] | None = None
        for size in (1, 2):
            for combo in itertools.combinations(choosable, size):
                for choice in itertools.product(*(ranked[p] for p in combo)):
                    cost = sum(loss for _, loss in choice)
                    if best is not None and cost >= best[0]:
                        continue
                    trial = dict(zip(cells, current, strict=True))
                    trial.update({p: c for p, (c, _) in zip(combo, choice, strict=True)})
                    if _well_formed_code("".join(trial[p] for p in cells)):
                        best = (cost, [(p, c) for p, (c, _) in zip(combo, choice, strict=True)])
            if best is not None:
                break
        for (i, j), c in best[1] if best else ():
            grid[i][j] = c
            changed += 1
    return changed


def _checks(lines: list[str]) -> dict[str, bool] | None:
    try:
        return parse_mrz(lines).checks
    except MrzFormatError:
        return None


def _best_first(cell: np.ndarray, index: dict[str, int]) -> Callable[[str], float]:
    """A sort key putting one cell's characters best score first."""
    return lambda c: -float(cell[index[c]])


def correct(scores: np.ndarray, chars: str) -> tuple[list[str], int]:
    """Lines from (lines, length, len(chars)) scores, corrected; and how many cells changed
    from the plain class-constrained best guess by check-digit repair."""
    n_lines, length = scores.shape[:2]
    classes = classes_for(n_lines, length)
    index = {c: k for k, c in enumerate(chars)}
    grid: list[list[str]] = []
    options: dict[tuple[int, int], list[tuple[str, float]]] = {}
    code_options: dict[tuple[int, int], list[tuple[str, float]]] = {}
    for i in range(n_lines):
        row = []
        for j in range(length):
            allowed = classes[i][j]
            ranked = sorted(allowed, key=_best_first(scores[i, j], index))
            best = float(scores[i, j, index[ranked[0]]])
            row.append(ranked[0])
            alts = [(c, best - float(scores[i, j, index[c]])) for c in ranked[1 : 1 + ALTERNATIVES]]
            alts = [(c, loss) for c, loss in alts if loss < AMBIGUOUS_MARGIN]
            if alts:
                options[(i, j)] = alts
            code_options[(i, j)] = [
                (c, best - float(scores[i, j, index[c]]))
                for c in ranked[1 : 1 + CODE_ALTERNATIVES]
                if best - float(scores[i, j, index[c]]) < CODE_MARGIN
            ]
        grid.append(row)
    lines = ["".join(r) for r in grid]
    fmt = {(3, 30): "TD1", (2, 36): "TD2", (2, 44): "TD3"}.get((n_lines, length))
    if not fmt:
        return lines, 0
    # The codes first: no check digit covers them, and the composite check does not either.
    changed = _repair_codes(grid, fmt, code_options)
    lines = ["".join(r) for r in grid]
    checks = _checks(lines)
    if checks is None or all(checks.values()):
        return lines, changed
    covered: set[tuple[int, int]] = set()
    positions = _field_positions(fmt, lines)
    for name in [k for k in positions if k != "composite"] + ["composite"]:
        cells = positions[name]
        if not checks.get(name, True):
            # the composite may only change cells no other (passing) check covers
            free = [p for p in cells if p in options and p not in covered]
            fix = _repair(grid, free, options, name)
            if fix:
                for (i, j), c in fix:
                    grid[i][j] = c
                changed += len(fix)
                checks = _checks(["".join(r) for r in grid]) or checks
        if checks.get(name, False):
            covered.update(cells)
    return ["".join(r) for r in grid], changed


def _repair(
    grid: list[list[str]],
    cells: list[tuple[int, int]],
    options: dict[tuple[int, int], list[tuple[str, float]]],
    name: str,
) -> list[tuple[tuple[int, int], str]] | None:
    """The cheapest set of one or two substitutions that makes check ``name`` pass while every
    check that passed before still passes; None if there is none."""
    before = _checks(["".join(r) for r in grid]) or {}
    passing = {k for k, v in before.items() if v}
    best: tuple[float, list[tuple[tuple[int, int], str]]] | None = None
    for size in (1, 2):
        for combo in itertools.combinations(cells, size):
            for choice in itertools.product(*(options[p] for p in combo)):
                cost = sum(loss for _, loss in choice)
                if best is not None and cost >= best[0]:
                    continue
                trial = [list(r) for r in grid]
                for (i, j), (c, _) in zip(combo, choice, strict=True):
                    trial[i][j] = c
                checks = _checks(["".join(r) for r in trial])
                if checks and checks.get(name) and all(checks.get(k) for k in passing):
                    best = (cost, [(p, c) for p, (c, _) in zip(combo, choice, strict=True)])
        if best is not None:
            return best[1]
    return None
