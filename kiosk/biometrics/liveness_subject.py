"""Who the liveness subject is, among the faces the mesh reports.

A phone shop's camera sees more than the customer: posters with faces on the wall, people
queueing or walking past, now and then someone leaning in to help. The subject is the largest
face near the centre of the frame when the track starts, then the face that continues that
track (nearest to where it was). Every other face is classified on each frame:

- *background*: much narrower than the subject (``BACKGROUND_RATIO``: a passer-by at a distance,
  a poster) or not moving at all for ``STATIC_S`` (a poster or a screen showing a face, whatever
  its size). A real person is never that still: breathing and balance move a head by a few
  per cent of its width within a second.
- *intruder*: comparable in size and moving: someone close to the customer. The checker pauses.

Only boxes are compared (centre and width from the landmarks): the cost is a few arithmetic
operations per face per frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kiosk.biometrics.mesh import face_box

BACKGROUND_RATIO = 0.65
STATIC_S = 1.5
STATIC_MOVE = 0.05
TRACK_GAP_MS = 400.0
TRACK_JUMP = 0.6
DUPLICATE_IOU = 0.3  # two detections overlapping this much are one face


@dataclass
class _Other:
    """A non-subject face followed across frames: where it was when it last moved."""

    ref: tuple[float, float, float]
    still_since: float
    seen: float

    def update(self, c: tuple[float, float, float], ts: float) -> None:
        rx, ry, rw = self.ref
        tol = STATIC_MOVE * max(rw, 1.0)
        if abs(c[0] - rx) > tol or abs(c[1] - ry) > tol or abs(c[2] - rw) > tol:
            self.ref, self.still_since = c, ts
        self.seen = ts

    def static(self, ts: float) -> bool:
        return ts - self.still_since >= 1000.0 * STATIC_S


@dataclass
class Pick:
    subject: np.ndarray | None  # the subject's landmarks, None when there is none
    box: tuple[int, int, int, int] | None
    intruder: bool = False  # a comparable, moving second face is present
    jumped: bool = False  # the subject's track broke (a different face took its place)
    off_centre: bool = False  # faces present but none near the centre to start a track
    background: int = 0  # faces ignored on this frame
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)


def _centre(box: tuple[int, int, int, int]) -> tuple[float, float, float]:
    x, y, w, h = box
    return x + w / 2, y + h / 2, float(w)


def _iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    union = a[2] * a[3] + b[2] * b[3] - ix * iy
    return ix * iy / union if union > 0 else 0.0


class SubjectTracker:
    """Follows the subject's face and classifies the others (see the module docstring)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget the subject (a new track starts with the next pick); others stay known."""
        self._last: tuple[float, float, float] | None = None
        self._last_seen = -1e18
        if not hasattr(self, "_others"):
            self._others: list[_Other] = []

    def pick(self, faces: list[np.ndarray], ts: float, size: tuple[int, int]) -> Pick:
        boxes = [face_box(f) for f in faces]
        order = sorted(range(len(faces)), key=lambda i: -boxes[i][2])
        keep: list[int] = []
        for i in order:  # largest first; a detection overlapping a kept one is a duplicate
            if all(_iou(boxes[i], boxes[k]) < DUPLICATE_IOU for k in keep):
                keep.append(i)
        centres = {i: _centre(boxes[i]) for i in keep}
        self._others = [o for o in self._others if ts - o.seen <= TRACK_GAP_MS]
        if self._last is not None and ts - self._last_seen > TRACK_GAP_MS:
            self._last = None
        subject, jumped = None, False
        if self._last is not None and keep:
            lx, ly, lw = self._last
            near = min(keep, key=lambda i: np.hypot(centres[i][0] - lx, centres[i][1] - ly))
            if np.hypot(centres[near][0] - lx, centres[near][1] - ly) <= TRACK_JUMP * max(lw, 1):
                subject = near
            else:
                jumped = True
        if subject is None:
            subject = self._start(keep, centres, size, ts)
        if subject is None:
            if keep:
                for i in keep:
                    self._follow(centres[i], ts)
            big = boxes[keep[0]] if keep else None
            return Pick(
                None, big, off_centre=bool(keep), jumped=jumped, boxes=[boxes[i] for i in keep]
            )
        sc = centres[subject]
        self._last, self._last_seen = sc, ts
        intruder, background = False, 0
        for i in keep:
            if i == subject:
                continue
            other = self._follow(centres[i], ts)
            if centres[i][2] < BACKGROUND_RATIO * sc[2] or other.static(ts):
                background += 1
            else:
                intruder = True
        # The subject's own entry among the others (from before its track began) goes.
        self._others = [
            o
            for o in self._others
            if o.seen == ts or np.hypot(o.ref[0] - sc[0], o.ref[1] - sc[1]) > 0.5 * sc[2]
        ]
        return Pick(
            faces[subject],
            boxes[subject],
            intruder=intruder,
            jumped=jumped,
            background=background,
            boxes=[boxes[i] for i in keep],
        )

    def _start(
        self, keep: list[int], centres: dict, size: tuple[int, int], ts: float
    ) -> int | None:
        """The largest face near the centre that is not a known still picture."""
        w, h = size
        best = None
        for i in keep:
            cx, cy, fw = centres[i]
            if not (0.2 * w < cx < 0.8 * w and 0.15 * h < cy < 0.85 * h):
                continue
            known = self._find(centres[i])
            if known is not None and known.static(ts):
                continue
            if best is None or fw > centres[best][2]:
                best = i
        return best

    def _find(self, c: tuple[float, float, float]) -> _Other | None:
        near = [
            o
            for o in self._others
            if np.hypot(o.ref[0] - c[0], o.ref[1] - c[1]) <= 0.5 * max(o.ref[2], 1.0)
        ]
        return min(near, key=lambda o: np.hypot(o.ref[0] - c[0], o.ref[1] - c[1]), default=None)

    def _follow(self, c: tuple[float, float, float], ts: float) -> _Other:
        other = self._find(c)
        if other is None:
            other = _Other(c, ts, ts)
            self._others.append(other)
        else:
            other.update(c, ts)
        return other
