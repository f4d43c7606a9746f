"""The person's own baseline for liveness: taking it, following their sway, measuring from it.

Answers are judged relative to the person's neutral face (their open-eye aspect ratio, head
pose, mouth width), so deep-set eyes or a wide mouth do not matter. :func:`steady_baseline`
takes it from buffered frames once the face held steady long enough, :func:`follow_sway` lets
its head pose drift with an unsteady person between prompts, and :func:`delta` measures a frame
against it.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from kiosk.biometrics import mesh as fm
from kiosk.biometrics.liveness_challenges import Delta

# Natural sway: between prompts the baseline's head pose follows the person's slow drift (an
# exponential average over this time constant), so an unsteady person's answers are measured
# from the middle of their sway, not from wherever the head was when the baseline was taken.
# It is frozen from the prompt until the answer is back to neutral.
SWAY_TAU_MS = 1500.0

# One buffered frame: (timestamp ms, measures, mesh points, eye openness or None).
Sample = tuple[float, fm.FaceMeasures, np.ndarray, float | None]


def steady_baseline(
    buffer: list[Sample], ts: float, span_ms: float
) -> tuple[fm.FaceMeasures, float | None] | None:
    """The baseline (median measures, median eye openness if read) from the buffered frames
    when they span ``span_ms`` and the face held steady through them (pose, eyes and mouth);
    None otherwise. Frames older than the span are dropped from ``buffer`` in place."""
    while len(buffer) > 2 and ts - buffer[1][0] >= span_ms:
        buffer.pop(0)
    if ts - buffer[0][0] < span_ms or len(buffer) < 5:
        return None
    ms = [b[1] for b in buffer]
    yaws, pitches = [x.yaw for x in ms], [x.pitch for x in ms]
    ears, widths = [x.ear for x in ms], [x.mouth_width for x in ms]
    opens = [b[3] for b in buffer if b[3] is not None]
    steady = (
        np.ptp(yaws) < 4.0
        and np.ptp(pitches) < 4.0
        and min(ears) > 0.12
        and max(ears) / min(ears) < 1.25
        and max(widths) / min(widths) < 1.08
        and (not opens or min(opens) > 0.7 * max(opens))
    )
    if not steady:
        return None
    med = {
        f: float(np.median([getattr(x, f) for x in ms]))
        for f in fm.FaceMeasures.__dataclass_fields__
    }
    return fm.FaceMeasures(**med), (float(np.median(opens)) if opens else None)


def follow_sway(base: fm.FaceMeasures, m: fm.FaceMeasures, dt_ms: float) -> fm.FaceMeasures:
    """The baseline's head pose moved towards this frame's by ``dt_ms`` of the sway average."""
    a = min(max(dt_ms, 0.0) / SWAY_TAU_MS, 1.0)
    if a <= 0:
        return base
    return dataclasses.replace(
        base,
        yaw=base.yaw + a * (m.yaw - base.yaw),
        pitch=base.pitch + a * (m.pitch - base.pitch),
        parallax_s=base.parallax_s + a * (m.parallax_s - base.parallax_s),
        parallax_t=base.parallax_t + a * (m.parallax_t - base.parallax_t),
    )


def delta(
    m: fm.FaceMeasures, base: fm.FaceMeasures, base_open: float, eye_open: float | None
) -> Delta:
    """One frame's measures relative to the baseline."""
    return Delta(
        ear=(m.ear / base.ear) / (m.aspect / base.aspect),
        yaw=m.yaw - base.yaw,
        pitch=m.pitch - base.pitch,
        s=m.parallax_s - base.parallax_s,
        t=m.parallax_t - base.parallax_t,
        width=m.mouth_width / base.mouth_width,
        open=1.0 if eye_open is None else eye_open / max(base_open, 1e-6),
    )
