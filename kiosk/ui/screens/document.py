"""Document: put the ID on the scanner, scan (in the background), problems in plain words,
rescan while attempts remain. With a chip reader configured (settings devices.chip) the step
also reads the passport's chip: a picture of the photo page on the reader and plain words say
how to place it, and to keep it still while the scan and the chip read run."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from hardware.registry import ChipReaderKind
from kiosk.documents.chip import ChipPolicy
from kiosk.session import Step
from kiosk.ui.assets import icon_path
from kiosk.ui.i18n import problem_text
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


class Illustration(QWidget):
    """An SVG picture from assets/icons, as large as its box allows at its own aspect ratio,
    centred; it may shrink to its minimum on a short display."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"illustration_{name}")
        self.renderer = QSvgRenderer(str(icon_path(name)))
        self.setMinimumSize(96, 66)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(320, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.renderer.isValid():
            return
        view = self.renderer.viewBoxF()
        size = view.size().scaled(self.size().toSizeF(), Qt.AspectRatioMode.KeepAspectRatio)
        x, y = (self.width() - size.width()) / 2, (self.height() - size.height()) / 2
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.renderer.render(p, QRectF(x, y, size.width(), size.height()))
        finally:
            p.end()


class DocumentScreen(Screen):
    step = Step.DOCUMENT

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        self.hint = label("", "subtitle")
        self.problems = label("", "problem")
        self.problems.setObjectName("document_problems")
        self.attempt = label("", "small")
        self.status = label("", "subtitle")
        # the chip step: only when a chip reader is configured
        self.chip = (
            flow.settings.devices.chip != ChipReaderKind.OFF
            and flow.settings.documents.chip_policy != ChipPolicy.OFF
        )
        self.chip_picture = Illustration("chip_reader")
        self.chip_picture.setMaximumHeight(260)
        self.chip_hint = label("", "prompt")
        self.chip_hint.setObjectName("document_chip_hint")
        self.chip_picture.setVisible(self.chip)
        self.chip_hint.setVisible(self.chip)
        self.scan_button = button("", "primary", "scan")
        self.scan_button.clicked.connect(self.flow.scan_document)
        self.bar = self.busy_bar()
        self.box.addStretch(1)
        for w in (
            self.title,
            self.hint,
            self.chip_picture,
            self.chip_hint,
            self.problems,
            self.attempt,
        ):
            # the picture takes most of the room left over (it shrinks first when short)
            self.box.addWidget(w, 4 if w is self.chip_picture else 0)
        self.box.addStretch(1)
        for below in (self.status, self.bar):
            self.box.addWidget(below)
        self.box.addStretch(1)
        self.add_actions(self.scan_button)  # the action bar: in view however long the problems

    def primary(self) -> QPushButton:
        return self.scan_button

    def entered(self) -> None:
        self.scan_button.setFocus()

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        flow, lang = self.flow, self.flow.language
        busy = flow.busy
        self.title.setText(self.tr("document_title"))
        self.hint.setText(self.tr("document_hint"))
        self.scan_button.setText(self.tr("document_scan"))
        self.chip_hint.setText(self.tr("chip_place") if self.chip else "")
        self.scan_button.setEnabled(not busy)
        self.bar.setVisible(busy)
        self.status.setText(self.tr("document_reading") if busy else "")
        codes = [] if busy else flow.document_problems
        lines = [self.tr("document_retry")] if codes else []
        lines += [problem_text(lang, c) for c in dict.fromkeys(codes)]
        self.problems.setText("\n".join(lines))
        attempts = flow.session.document_attempts
        total = flow.settings.documents.scan_attempts
        self.attempt.setText(
            self.tr("document_attempt", n=attempts + 1, total=total)
            if attempts and not busy
            else ""
        )
