"""Face: the camera preview with the tracked face's box, the current challenge as a big picture
and words, progress through the challenges, and the attempt count after a failed attempt."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from kiosk.session import Step
from kiosk.ui.i18n import guidance_text, prompt_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import CameraView, PromptPicture, button, label


class FaceScreen(Screen):
    step = Step.FACE

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.box.addWidget(self.title)
        row = QHBoxLayout()
        self.camera = CameraView()
        self.camera.setObjectName("face_camera")
        row.addWidget(self.camera, 3)
        side = QVBoxLayout()
        self.picture = PromptPicture()
        self.picture.setObjectName("face_prompt_picture")
        self.prompt = label("", "prompt")
        self.prompt.setObjectName("face_prompt")
        self.guidance = label("", "subtitle")
        self.progress = label("", "small")
        side.addStretch(1)
        for w in (self.picture, self.prompt, self.guidance, self.progress):
            side.addWidget(w)
        side.addStretch(1)
        row.addLayout(side, 2)
        self.box.addLayout(row, 1)
        self.failure = label("", "problem")
        self.failure.setObjectName("face_failure")
        self.box.addWidget(self.failure)
        self.ready = button("", "primary", "face_ready")
        self.ready.clicked.connect(self.flow.run_face)
        self.bar = self.busy_bar()
        self.box.addWidget(self.bar)
        self.add_actions(self.ready)  # the action bar: always in view
        self.flow.preview.connect(self._on_preview)

    def primary(self) -> QPushButton:
        return self.ready

    def entered(self) -> None:
        self.camera.clear()
        self.ready.setFocus()

    def left(self) -> None:
        self.camera.clear()
        self.guidance.clear()

    @Slot(object, object)
    def _on_preview(self, image: QImage, info: dict[str, Any]) -> None:
        self.camera.set_frame(image, info.get("face_box"))
        self.guidance.setText(guidance_text(self.flow.language, info.get("message")))

    def render(self) -> None:
        flow, lang = self.flow, self.flow.language
        session = flow.session
        busy = flow.busy
        kind = session.prompt if busy else None
        self.title.setText(self.tr("face_title") if not busy else self.tr("face_checking"))
        self.picture.set_kind(kind)
        self.prompt.setText(prompt_text(lang, kind) if kind else
                            (self.tr("face_hint") if not busy else ""))
        challenges = list(session.data.challenges)
        if kind in challenges:
            self.progress.setText(self.tr("face_progress", n=challenges.index(kind) + 1,
                                          total=len(challenges)))
        else:
            self.progress.setText("")
        if not busy:
            self.guidance.setText("")
            self.camera.clear()  # no picture of the person stays on screen between attempts
        failure = "" if busy else flow.face_failure
        total = flow.settings.biometrics.face_attempts
        self.failure.setText(
            (self.tr("face_no_match" if failure == "no_match" else "face_liveness_failed")
             + "  " + self.tr("face_attempt", n=session.face_attempts + 1, total=total))
            if failure else "")
        self.ready.setText(self.tr("face_ready"))
        self.ready.setVisible(not busy)
        self.bar.setVisible(busy)
