"""Widgets the screens share: the camera view with its face box and oval guide, the animated
challenge picture with its countdown ring, and small helpers for labelled text and buttons with a
style role."""

from __future__ import annotations

import logging
from typing import ClassVar

from PySide6.QtCore import QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.imaging.moves import ChallengeKind
from kiosk.ui import theme
from kiosk.ui.assets import icon_path

log = logging.getLogger(__name__)

OVAL_OK = "#2e9d5b"  # the face is where it should be
OVAL_WAIT = "#f2a900"  # guidance is showing: not yet
RING_LOW = "#d9822b"  # the last third of a challenge's time


def label(
    text: str = "", role: str | None = None, *, wrap: bool = True, center: bool = True
) -> QLabel:
    w = QLabel(text)
    if role:
        w.setProperty("role", role)
    w.setWordWrap(wrap)
    if center:
        w.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return w


def button(text: str = "", role: str | None = None, name: str | None = None) -> QPushButton:
    b = QPushButton(text)
    if role:
        b.setProperty("role", role)
    if name:
        b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    # Enter presses the focused button (the focus ring shows which one), as Space does.
    b.setAutoDefault(True)
    return b


def _mirrored(image: QImage) -> QImage:
    # Qt 6.9 renamed mirrored() to flipped(); the old name warns there.
    flipped = getattr(image, "flipped", None)
    if flipped is not None:
        return flipped(Qt.Orientation.Horizontal)
    return image.mirrored(True, False)


class CameraView(QWidget):
    """Shows the latest frame, mirrored like a mirror (so "turn left" matches what the person
    sees), with the tracked face's box drawn over it and, with ``oval=True``, an oval where the
    face should be (the picture outside it dimmed), green when the face is ready and amber while
    guidance shows. Holds one frame at most; :meth:`clear` blanks and drops it when the face
    step ends."""

    def __init__(
        self, parent: QWidget | None = None, *, mirror: bool = True, oval: bool = False
    ) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._box: tuple[int, int, int, int] | None = None
        self._mirror = mirror
        self._oval = oval
        self._ready: bool | None = None
        self.frames_shown = 0
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    @property
    def face_box(self) -> tuple[int, int, int, int] | None:
        return self._box

    @property
    def has_frame(self) -> bool:
        return self._image is not None and not self._image.isNull()

    def set_frame(
        self,
        image: QImage,
        face_box: tuple[int, int, int, int] | None = None,
        ready: bool | None = None,
        *,
        mirrored: bool = False,
    ) -> None:
        """``ready``: the face is in place (green oval), not yet (amber), unknown (white).
        ``mirrored``: the sender already flipped the picture (off the GUI thread); the face
        box is always in camera coordinates."""
        if self._mirror and not mirrored:
            image = _mirrored(image)  # once per frame, not once per paint
        self._image = image
        if face_box:
            x, y, w, h = face_box
            self._box = (int(x), int(y), int(w), int(h))
        else:
            self._box = None
        self._ready = ready
        self.frames_shown += 1
        self.update()

    def clear(self) -> None:
        if self._image is not None and not self._image.isNull():
            self._image.fill(0)  # our own copy of a picture of the person: blank it, then drop
        self._image, self._box, self._ready = None, None, None
        self.update()

    def _target(self) -> QRect:
        image = self._image
        w, h = (image.width(), image.height()) if image is not None and self.has_frame else (4, 3)
        size = QSize(w, h).scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) // 2
        y = (self.height() - size.height()) // 2
        return QRect(x, y, size.width(), size.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.fillRect(self.rect(), QColor("#222222"))
            target = self._target()
            if self.has_frame:
                self._draw_frame(p, target)
            if self._oval:
                self._draw_oval(p, target)
        finally:
            p.end()

    def _draw_frame(self, p: QPainter, target: QRect) -> None:
        assert self._image is not None
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(target, self._image)
        if self._box is not None:
            x, y, w, h = self._box
            sx = target.width() / self._image.width()
            sy = target.height() / self._image.height()
            if self._mirror:
                x = self._image.width() - x - w
            rect = QRectF(target.x() + x * sx, target.y() + y * sy, w * sx, h * sy)
            p.setPen(QPen(QColor(theme.ACCENT), 3))
            p.drawRoundedRect(rect, 12, 12)

    def oval_rect(self) -> QRectF:
        """Where a face at a good distance sits in the (displayed) picture."""
        target = self._target()
        h = target.height() * 0.74
        w = h * 0.74
        return QRectF(
            target.center().x() - w / 2, target.y() + target.height() * 0.46 - h / 2, w, h
        )

    def _draw_oval(self, p: QPainter, target: QRect) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        oval = self.oval_rect()
        shade = QPainterPath()
        shade.setFillRule(Qt.FillRule.OddEvenFill)  # the rectangle with the oval cut out
        shade.addRect(QRectF(target))
        shade.addEllipse(oval)
        p.fillPath(shade, QColor(0, 0, 0, 120))
        colour = "#ffffff" if self._ready is None else OVAL_OK if self._ready else OVAL_WAIT
        p.setPen(QPen(QColor(colour), max(4.0, target.height() / 90)))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(oval)


class PromptPicture(QWidget):
    """The current challenge as an animated picture: the neutral face and the movement asked for
    in turn (SVG illustrations in ``assets/icons``), inside a ring that empties over the
    challenge's time window. ``set_kind("neutral")`` shows the face at rest (before the check)."""

    KINDS = tuple(ChallengeKind)
    FRAME_MS = (700, 1000)  # neutral, then the movement: slow enough to follow
    _renderers: ClassVar[dict[str, QSvgRenderer]] = {}  # one cache for every instance

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        self.frame = 0  # 0: neutral face, 1: the movement
        self.countdown: float | None = None  # share of the window left, 1 -> 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next_frame)
        self.setMinimumSize(120, 120)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    # No height-for-width: the picture paints a centred square in whatever box it gets, so it
    # may shrink to its minimum instead of making the face step taller than the display.

    @classmethod
    def renderer(cls, name: str) -> QSvgRenderer | None:
        renderer = cls._renderers.get(name)
        if renderer is None:
            path = icon_path(f"challenge_{name}")
            renderer = QSvgRenderer(str(path))
            if not renderer.isValid():
                log.error("challenge picture %s is missing or broken", path)
                return None
            cls._renderers[name] = renderer
        return renderer

    def set_kind(self, kind: str | None) -> None:
        if kind == self.kind:
            return
        self.kind = kind
        self.frame = 1 if kind in self.KINDS else 0  # show the movement at once
        self._timer.stop()
        if kind in self.KINDS:
            self._timer.start(self.FRAME_MS[self.frame])
        self.update()

    def set_countdown(self, left: float | None) -> None:
        left = None if left is None else min(1.0, max(0.0, left))
        if left != self.countdown:
            self.countdown = left
            self.update()

    def _next_frame(self) -> None:
        if self.kind not in self.KINDS:
            return
        self.frame = 1 - self.frame
        self._timer.start(self.FRAME_MS[self.frame])
        self.update()

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.kind in self.KINDS and not self._timer.isActive():
            self._timer.start(self.FRAME_MS[self.frame])

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.kind is None:
            return
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            side = min(self.width(), self.height())
            ring = max(6.0, side / 22)
            square = QRectF(
                (self.width() - side) / 2 + ring,
                (self.height() - side) / 2 + ring,
                side - 2 * ring,
                side - 2 * ring,
            )
            if self.countdown is not None:
                p.setPen(QPen(QColor("#dddddd"), ring))
                p.drawEllipse(square)
                colour = theme.ACCENT if self.countdown > 1 / 3 else RING_LOW
                p.setPen(QPen(QColor(colour), ring, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                p.drawArc(square, 90 * 16, int(360 * 16 * self.countdown))
            name = self.kind if (self.frame == 1 and self.kind in self.KINDS) else "neutral"
            renderer = self.renderer(name)
            if renderer is not None:
                inset = square.width() * 0.15
                renderer.render(p, square.adjusted(inset, inset, -inset, -inset))
        finally:
            p.end()
