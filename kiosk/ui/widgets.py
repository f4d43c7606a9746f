"""Widgets the screens share: the camera view with its face box, the challenge picture, and small
helpers for labelled text and buttons with a style role."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui import theme


def label(text: str = "", role: str | None = None, *, wrap: bool = True,
          center: bool = True) -> QLabel:
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
    sees), with the tracked face's box drawn over it. Holds one frame at most; :meth:`clear`
    drops it when the face step ends."""

    def __init__(self, parent: QWidget | None = None, *, mirror: bool = True) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._box: tuple[int, int, int, int] | None = None
        self._mirror = mirror
        self.frames_shown = 0
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    @property
    def face_box(self) -> tuple[int, int, int, int] | None:
        return self._box

    def set_frame(self, image: QImage, face_box: tuple[int, int, int, int] | None = None) -> None:
        self._image = image
        self._box = tuple(int(v) for v in face_box) if face_box else None  # type: ignore[assignment]
        self.frames_shown += 1
        self.update()

    def clear(self) -> None:
        if self._image is not None and not self._image.isNull():
            self._image.fill(0)  # our own copy of a picture of the person: blank it, then drop
        self._image, self._box = None, None
        self.update()

    def _target(self) -> QRect:
        assert self._image is not None
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) // 2
        y = (self.height() - size.height()) // 2
        return QRect(x, y, size.width(), size.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#222222"))
        if self._image is None or self._image.isNull():
            p.end()
            return
        try:
            target = self._target()
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(target, _mirrored(self._image) if self._mirror else self._image)
            if self._box is not None:
                x, y, w, h = self._box
                sx = target.width() / self._image.width()
                sy = target.height() / self._image.height()
                if self._mirror:
                    x = self._image.width() - x - w
                rect = QRectF(target.x() + x * sx, target.y() + y * sy, w * sx, h * sy)
                p.setPen(QPen(QColor(theme.ACCENT), 4))
                p.drawRoundedRect(rect, 12, 12)
        finally:
            p.end()


class PromptPicture(QWidget):
    """A big, wordless picture of the current challenge: arrows for turns and nods, an eye for
    a blink, a face for smile / open mouth. Drawn, so it needs no image files."""

    KINDS = ("blink", "turn_left", "turn_right", "smile", "nod", "open_mouth")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        self.setMinimumSize(200, 200)

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    def set_kind(self, kind: str | None) -> None:
        self.kind = kind
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.kind is None:
            return
        p = QPainter(self)
        try:
            self._draw(p)
        finally:
            p.end()

    def _draw(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 20
        cx, cy = self.width() / 2, self.height() / 2
        s = side / 2
        ink = QColor(theme.ACCENT_DARK)
        p.setPen(QPen(ink, max(4.0, s / 12), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
        if self.kind in ("turn_left", "turn_right", "nod"):
            self._arrows(p, cx, cy, s, ink)
        elif self.kind == "blink":
            self._eye(p, cx, cy, s)
        else:
            self._face(p, cx, cy, s)

    def _arrow(self, p: QPainter, tip: QPointF, angle: float, length: float,
               ink: QColor) -> None:
        dx, dy = math.cos(angle), math.sin(angle)
        tail = QPointF(tip.x() - dx * length, tip.y() - dy * length)
        p.drawLine(tail, tip)
        head = min(length * 0.45, 40.0)
        left = QPointF(tip.x() - head * (dx * 0.8 - dy * 0.6),
                       tip.y() - head * (dy * 0.8 + dx * 0.6))
        right = QPointF(tip.x() - head * (dx * 0.8 + dy * 0.6),
                        tip.y() - head * (dy * 0.8 - dx * 0.6))
        p.setBrush(ink)
        p.drawPolygon(QPolygonF([tip, left, right]))
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _arrows(self, p: QPainter, cx: float, cy: float, s: float, ink: QColor) -> None:
        if self.kind == "turn_left":  # the head on one side, a long arrow the other way
            p.drawEllipse(QPointF(cx + s * 0.55, cy), s * 0.32, s * 0.42)
            self._arrow(p, QPointF(cx - s * 0.95, cy), math.pi, s * 0.95, ink)
            return
        if self.kind == "turn_right":
            p.drawEllipse(QPointF(cx - s * 0.55, cy), s * 0.32, s * 0.42)
            self._arrow(p, QPointF(cx + s * 0.95, cy), 0.0, s * 0.95, ink)
            return
        p.drawEllipse(QPointF(cx, cy), s * 0.35, s * 0.45)  # the head
        # nod: down then up
        self._arrow(p, QPointF(cx + s * 0.7, cy + s * 0.6), math.pi / 2, s * 0.5, ink)
        self._arrow(p, QPointF(cx - s * 0.7, cy - s * 0.6), -math.pi / 2, s * 0.5, ink)

    def _eye(self, p: QPainter, cx: float, cy: float, s: float) -> None:
        path = QPainterPath()
        path.moveTo(cx - s * 0.9, cy)
        path.quadTo(cx, cy - s * 0.8, cx + s * 0.9, cy)
        path.quadTo(cx, cy + s * 0.8, cx - s * 0.9, cy)
        p.drawPath(path)
        p.drawEllipse(QPointF(cx, cy), s * 0.22, s * 0.22)
        # the closed lid below the open eye
        lid = QPainterPath()
        lid.moveTo(cx - s * 0.6, cy + s * 0.75)
        lid.quadTo(cx, cy + s * 1.0, cx + s * 0.6, cy + s * 0.75)
        p.drawPath(lid)

    def _face(self, p: QPainter, cx: float, cy: float, s: float) -> None:
        p.drawEllipse(QPointF(cx, cy), s * 0.9, s * 0.9)
        p.drawPoint(QPointF(cx - s * 0.32, cy - s * 0.25))
        p.drawPoint(QPointF(cx + s * 0.32, cy - s * 0.25))
        if self.kind == "smile":
            path = QPainterPath()
            path.moveTo(cx - s * 0.45, cy + s * 0.2)
            path.quadTo(cx, cy + s * 0.7, cx + s * 0.45, cy + s * 0.2)
            p.drawPath(path)
        else:  # open mouth
            p.drawEllipse(QPointF(cx, cy + s * 0.4), s * 0.22, s * 0.28)
