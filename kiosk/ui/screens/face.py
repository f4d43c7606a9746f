"""Face: the live picture with an oval where the face goes from the moment the step opens (the
pre-check), the current challenge as an animated picture in a countdown ring and in words, a ✓
for each challenge passed, guidance large and in colour, and after a failed attempt the specific
reason, what to do next and the attempt count. The side column always says something.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.session import FaceFailure, FaceStage, Step
from kiosk.ui.assets import sounds_dir
from kiosk.ui.i18n import guidance_text, prompt_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.speech import SpeechPlayer
from kiosk.ui.widgets import CameraView, PromptPicture, button, label

TICK_MS = 100  # the countdown ring's refresh
CAMERA_ASPECT = 3 / 4  # height / width of the camera's picture

# failure code (kiosk.ui.face_reasons) -> the i18n key of what to do next
NEXT = {
    "no_answer": "face_next_move",
    "wrong_move": "face_next_move",
    "no_return": "face_next_move",
    "not_still": "face_next_move",
    "too_early": "face_next_move",
    "second_face": "face_next_one_person",
    "not_live": "face_next_live",
    "face_lost": "face_next_stay",
    "too_dark": "face_next_light",
    "backlight": "face_next_light",
}
CODES = (
    "no_answer",
    "wrong_move",
    "no_return",
    "not_still",
    "too_early",
    "second_face",
    "not_live",
    "face_lost",
    "too_dark",
    "backlight",
    "not_clear",
    "no_match",
    "unclear",
)


class ChallengeSteps(QHBoxLayout):
    """One mark per challenge of the attempt: ✓ when passed, the number otherwise (the current
    one highlighted)."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[QLabel] = []
        self.addStretch(1)
        self.addStretch(1)  # the marks go between the two: centred together

    def show_steps(self, challenges: list[str], passed: list[str], current: str | None) -> None:
        while len(self.marks) < len(challenges):
            mark = label("", "step_mark")
            mark.setObjectName(f"face_step_{len(self.marks)}")
            self.insertWidget(len(self.marks) + 1, mark)
            self.marks.append(mark)
        for i, mark in enumerate(self.marks):
            if i >= len(challenges):
                mark.setVisible(False)
                continue
            kind = challenges[i]
            done = kind in passed
            state = "done" if done else ("current" if kind == current else "todo")
            mark.setText("✓" if done else str(i + 1))
            if mark.property("state") != state:
                mark.setProperty("state", state)
                mark.style().unpolish(mark)
                mark.style().polish(mark)
            mark.setVisible(True)

    @property
    def ticks(self) -> int:
        return sum(1 for m in self.marks if m.isVisible() and m.text() == "✓")


class FaceScreen(Screen):
    step = Step.FACE

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.box.addWidget(self.title)
        # camera | side column; camera above the side column on a portrait screen (resizeEvent)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.camera = CameraView(oval=True)
        self.camera.setObjectName("face_camera")
        # Ignored: the stretch factors alone share the width, so the column never jumps
        self.camera.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.row.addWidget(self.camera, 3)
        column = QWidget()
        column.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        side = QVBoxLayout(column)
        side.setContentsMargins(0, 0, 0, 0)
        self.picture = PromptPicture()
        self.picture.setObjectName("face_prompt_picture")
        self.prompt = label("", "prompt")
        self.prompt.setObjectName("face_prompt")
        self.steps = ChallengeSteps()
        self.guidance = label("", "guidance")
        self.guidance.setObjectName("face_guidance")
        self.failure = label("", "problem")
        self.failure.setObjectName("face_failure")
        side.addWidget(self.picture, 4)
        side.addWidget(self.prompt)
        side.addWidget(self.failure)
        side.addLayout(self.steps)
        side.addWidget(self.guidance)
        side.addStretch(1)  # room left over stays below the words, not inside their boxes
        self.row.addWidget(column, 2)
        self.box.addLayout(self.row, 1)
        self.ready = button("", "primary", "face_ready")
        self.ready.clicked.connect(self.flow.run_face)
        self.bar = self.busy_bar()
        self.box.addWidget(self.bar)
        self.add_actions(self.ready)  # the action bar: always in view
        self._message: str | None = None  # the latest frame's guidance code
        self._have_frame = False
        self._spoken: str | None = None
        self.speech = SpeechPlayer(sounds_dir(), enabled=flow.settings.kiosk.spoken_prompts)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._update_countdown)
        self.flow.preview.connect(self._on_preview)
        self.body_scroll.viewport().installEventFilter(self)  # its height sizes the camera's box
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.speech.stop)

    def primary(self) -> QPushButton:
        return self.ready

    def resizeEvent(self, event) -> None:
        portrait = self.height() > self.width() * 1.1
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # portrait: the picture of the person 4:3 across the full width, the column below it;
        # landscape: the picture at most 4:3 of the row's height, the column takes the rest
        self.row.setStretch(0, 5 if portrait else 3)
        self.row.setStretch(1, 3 if portrait else 2)
        self._fit_camera()
        short = min(self.width(), self.height())
        self.picture.setMaximumHeight(max(160, int(short * 0.32)))
        side = max(72, min(120, int(short * 0.13)))  # it may shrink on a short display
        self.picture.setMinimumSize(side, side)
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body_scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_camera()
        return super().eventFilter(watched, event)

    def _fit_camera(self) -> None:
        """The camera's box at the picture's 4:3: full width in portrait (the column below
        it); in landscape at most 4:3 of the row's height (the column takes the rest)."""
        m = self.box.contentsMargins()
        if self.row.direction() is QBoxLayout.Direction.TopToBottom:
            width = self.width() - m.left() - m.right()
            self.camera.setMaximumSize(16_777_215, int(width * CAMERA_ASPECT))
            return
        # the row's height: the scrolling body's visible height less the title and the gaps
        height = (
            self.body_scroll.viewport().height()
            - m.top()
            - m.bottom()
            - self.title.sizeHint().height()
            - self.box.spacing()
        )
        width = max(320, int(height / CAMERA_ASPECT))
        if self.camera.maximumWidth() != width:
            self.camera.setMaximumSize(width, 16_777_215)

    def entered(self) -> None:
        self._fit_camera()
        self._forget_frame()
        self._spoken = None
        self._tick.start()
        self.render()
        self.ready.setFocus()

    def left(self) -> None:
        self._tick.stop()
        self.speech.stop()
        self._forget_frame()
        self.guidance.clear()
        self.picture.set_kind(None)

    def _forget_frame(self) -> None:
        self.camera.clear()  # no picture of the person stays on screen
        self._message, self._have_frame = None, False

    # -- the live picture -------------------------------------------------------------------------

    @Slot(object, object)
    def _on_preview(self, image: QImage, info: dict[str, Any]) -> None:
        if not self.isVisible():
            return
        message = info.get("message") or None
        self.camera.set_frame(
            image, info.get("face_box"), ready=message is None, mirrored=bool(info.get("mirrored"))
        )
        if message != self._message or not self._have_frame:
            self._message, self._have_frame = message, True
            self._show_guidance()

    def _show_guidance(self) -> None:
        flow = self.flow
        if flow.busy and flow.face_stage == FaceStage.MATCHING:
            self._guide("", "")
        elif self._message:
            self._guide(guidance_text(flow.language, self._message), "warn")
        elif flow.busy:
            self._guide("", "")  # the challenge's words speak for themselves
        elif self._have_frame:
            self._guide(self.tr("face_in_place"), "ok")
        else:
            self._guide(self.tr("face_camera_starting"), "info")

    def _guide(self, text: str, level: str) -> None:
        self.guidance.setText(text)
        self.guidance.setVisible(bool(text))
        if self.guidance.property("level") != level:
            self.guidance.setProperty("level", level)
            self.guidance.style().unpolish(self.guidance)
            self.guidance.style().polish(self.guidance)

    # -- the challenge ----------------------------------------------------------------------------

    def _update_countdown(self) -> None:
        session = self.flow.session
        if not (self.flow.busy and session.prompt):
            self.picture.set_countdown(None)
            return
        window = self.flow.settings.biometrics.challenge_window_s
        elapsed = self.flow.now() - session.prompt_at
        self.picture.set_countdown(1.0 - elapsed / window)

    def _say(self, key: str | None) -> None:
        if key and key != self._spoken:
            self.speech.say(self.flow.language, key)
        self._spoken = key

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        flow = self.flow
        session = flow.session
        busy = flow.busy
        matching = busy and flow.face_stage == FaceStage.MATCHING
        kind = session.prompt if busy and not matching else None
        self.title.setText(self.tr("face_checking") if busy else self.tr("face_title"))
        self.picture.set_kind(kind or ("neutral" if not matching else None))
        self._update_countdown()
        if matching:
            words = self.tr("face_matching")
        elif kind:
            words = prompt_text(flow.language, kind)
        elif busy:
            words = self.tr("face_get_ready")
        else:
            words = self.tr("face_position")
        failure = "" if busy else self._failure_text()
        self.prompt.setText(words)
        self.prompt.setVisible(not failure)
        self.picture.setVisible(not failure)  # the reason needs the room more than the picture
        if self.prompt.property("fit") != ("short" if kind or matching else "long"):
            self.prompt.setProperty("fit", "short" if kind or matching else "long")
            self.prompt.style().unpolish(self.prompt)
            self.prompt.style().polish(self.prompt)
        challenges = self.flow.challenges()
        if busy:
            self.steps.show_steps(challenges, list(session.challenges_passed), kind)
        else:
            self.steps.show_steps([], [], None)
        self._show_guidance()
        if kind:
            self._say(f"prompt_{kind}")
        elif busy:
            self._say("face_matching" if matching else None)
        else:
            self._say("face_try_again" if flow.face_failure else "face_position")
        self.failure.setText(failure)
        self.failure.setVisible(bool(failure))
        self.ready.setText(self.tr("face_ready"))
        self.ready.setVisible(not busy)
        self.bar.setVisible(busy)

    def _failure_text(self) -> str:
        flow = self.flow
        if not flow.face_failure:
            return ""
        code = flow.face_failure_code or (
            "no_match" if flow.face_failure == FaceFailure.NO_MATCH else "unclear"
        )
        if code not in CODES:
            code = "unclear"
        if code == "no_answer" and flow.face_failure_kind in PromptPicture.KINDS:
            reason = self.tr(f"face_fail_no_answer_{flow.face_failure_kind}")
        elif code == "no_answer":
            reason = self.tr("face_fail_unclear")
        else:
            reason = self.tr(f"face_fail_{code}")
        total = flow.settings.biometrics.face_attempts
        n = flow.session.face_attempts + 1
        attempt = self.tr("face_attempt", n=n, total=total) + "."
        if n >= total:
            attempt += " " + self.tr("face_last_attempt")
        return f"{reason}\n{self.tr(NEXT.get(code, 'face_next_look'))}\n{attempt}"
