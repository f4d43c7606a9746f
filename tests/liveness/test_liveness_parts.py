"""The liveness checker's passive parts on their own (no model): who the subject is among
several faces, sharpness against the stream's own best, exposure guidance, eye openness."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.biometrics.liveness_checks import (
    SharpnessGate,
    exposure,
    exposure_guidance,
    eye_openness,
    sharpness,
)
from kiosk.biometrics.liveness_subject import STATIC_S, SubjectTracker

SIZE = (640, 480)


def _face(cx: float, cy: float, w: float) -> np.ndarray:
    """Landmarks whose bounding box is a w x 1.2w box centred at (cx, cy)."""
    pts = np.zeros((478, 3), np.float32)
    pts[:, 0] = cx + np.linspace(-w / 2, w / 2, 478)
    pts[:, 1] = cy + np.linspace(-0.6 * w, 0.6 * w, 478)[::-1]
    return pts


def _frames(tracker, faces_at, n, step=33.3):
    return [tracker.pick(faces_at(k), k * step, SIZE) for k in range(n)]


def test_subject_is_the_largest_face_near_the_centre():
    t = SubjectTracker()
    # A larger face at the frame edge is not where a customer stands.
    p = t.pick([_face(600, 240, 220), _face(330, 230, 190), _face(300, 250, 90)], 0.0, SIZE)
    assert p.box is not None and abs(p.box[0] + p.box[2] / 2 - 330) < 2
    assert p.intruder  # the edge face is comparable and not yet known to be still


def test_small_faces_are_background_and_the_track_follows_the_subject():
    t = SubjectTracker()
    picks = _frames(t, lambda k: [_face(320 + 2 * k, 240, 190), _face(80 + 5 * k, 100, 80)], 20)
    assert all(p.subject is not None and not p.intruder for p in picks)
    assert all(p.background == 1 for p in picks)
    assert abs(picks[-1].box[0] + picks[-1].box[2] / 2 - (320 + 38)) < 2


def test_a_still_comparable_face_becomes_background_a_moving_one_pauses():
    t = SubjectTracker()
    n = int(STATIC_S * 30) + 15
    still = _frames(t, lambda k: [_face(320, 240, 190), _face(560, 200, 170)], n)
    assert still[0].intruder and not still[-1].intruder  # a poster, once seen not to move
    t2 = SubjectTracker()
    moving = _frames(
        t2, lambda k: [_face(320, 240, 190), _face(540 + 25 * np.sin(k / 4), 200, 170)], n
    )
    assert all(p.intruder for p in moving)


def test_a_face_jumping_elsewhere_breaks_the_track():
    t = SubjectTracker()
    t.pick([_face(320, 240, 190)], 0.0, SIZE)
    p = t.pick([_face(470, 240, 190)], 33.0, SIZE)
    assert p.jumped


def test_sharpness_is_judged_against_the_stream_itself():
    rng = np.random.default_rng(1)
    face = (rng.random((200, 200, 3)) * 255).astype(np.uint8)
    face = cv2.GaussianBlur(face, (0, 0), 2.0)  # a soft camera: low absolute sharpness
    box = (0, 0, 200, 200)
    soft = sharpness(face, box)
    smeared = sharpness(cv2.blur(face, (15, 1)), box)
    assert smeared < soft
    gate = SharpnessGate()
    assert not any(gate.blurred(33.0 * k, soft * (1 + 0.1 * np.sin(k))) for k in range(30))
    assert gate.blurred(1000.0, smeared * 0.5)  # motion blur against its own recent best
    sharp_stream = SharpnessGate()
    for k in range(30):
        sharp_stream.blurred(33.0 * k, 20 * soft)
    assert sharp_stream.blurred(1000.0, soft)  # the same frame is blurred in a sharp stream


def test_exposure_guidance_for_dark_and_backlit_faces():
    img = np.full((480, 640, 3), 120, np.uint8)
    box = (230, 150, 180, 220)
    assert exposure_guidance(*exposure(img, box)) == ""
    dark = (img * 0.3).astype(np.uint8)
    assert exposure_guidance(*exposure(dark, box)) == "too_dark"
    backlit = np.full_like(img, 235)
    backlit[150:370, 230:410] = 70
    assert exposure_guidance(*exposure(backlit, box)) == "backlight"


def test_eye_openness_falls_when_the_dark_opening_is_covered():
    img = np.full((480, 640, 3), 170, np.uint8)
    pts = np.zeros((478, 3), np.float32)
    pts[33, :2], pts[133, :2] = (250, 200), (290, 200)
    pts[362, :2], pts[263, :2] = (350, 200), (390, 200)
    for cx in (270, 370):
        cv2.circle(img, (cx, 200), 7, (30, 30, 30), -1)  # iris and pupil
    open_ = eye_openness(img, pts)
    closed = eye_openness(np.full_like(img, 170), pts)
    assert open_ > 0.3 and closed < 0.1


def test_every_guidance_code_and_missed_challenge_has_a_text_in_three_languages():
    from kiosk.biometrics.liveness import CHALLENGE_KINDS, GUIDANCE_CODES
    from kiosk.ui import i18n

    for code in GUIDANCE_CODES:
        texts = {i18n.guidance_text(lang, code) for lang in i18n.LANGUAGES}
        assert len(texts) == 3 and i18n.guidance_text("en", code) != i18n.guidance_text(
            "en", "unknown_code"
        ), code
    for kind in CHALLENGE_KINDS:
        texts = {i18n.tr(lang, f"liveness_missed_{kind}") for lang in i18n.LANGUAGES}
        assert len(texts) == 3, kind
