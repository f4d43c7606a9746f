"""What every screen shares: its step, the flow controller, translated text, a busy bar, and the
frame that makes every screen fit every display.

The frame: ``self.box`` (the screen's content, as before) lives in a scrolling body, and
``self.action_bar`` is an action bar below it that never scrolls. Content taller than the display
(the clerk's review with a long field list, Kazakh text on a 1024x600 panel) scrolls inside the
screen; its buttons stay in view; and the body's minimum size never reaches the window, so the
window never grows. When the content fits, the body is exactly the screen's size and stretches
and expanding widgets lay out as in a plain layout.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.session import Step
from kiosk.ui.flow import FlowController
from kiosk.ui.i18n import tr

# Margins and spacing at scale 1 (a 1280x800 display); see apply_scale.
MARGIN_H, MARGIN_V, SPACING = 48, 24, 18


class ScrollBody(QScrollArea):
    """A scroll area that gives its body the viewport's size whenever the body's *minimum*
    height (for the viewport's width, word wrap included) fits, and that height otherwise.

    (QScrollArea's own "widget resizable" mode sizes the body from its preferred height for the
    width, so a screen whose camera view prefers 480 px would scroll on a display where it fits
    at its minimum.)"""

    def __init__(self, body: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to fields and buttons
        self.setWidget(body)
        body.installEventFilter(self)

    def fit_body(self) -> None:
        body = self.widget()
        if body is None:  # set in __init__; Qt would allow taking it away
            return
        layout = body.layout()
        width = self.viewport().width()
        if layout is None:
            need = body.minimumSizeHint().height()
        elif layout.hasHeightForWidth():
            need = layout.minimumHeightForWidth(width)
        else:
            need = layout.minimumSize().height()
        size = (width, max(self.viewport().height(), need))
        if (body.width(), body.height()) != size:
            body.resize(*size)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_body()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The body's content changed (texts, shown widgets): its minimum height may have too.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_body()
        return super().eventFilter(watched, event)


class Screen(QWidget):
    """One step's page. Its ``render()`` (show the session's state) and ``tr(key)`` (the
    current language's text) shadow QWidget.render and QObject.tr on purpose, hence the
    ``type: ignore[override]`` on every definition: nothing calls Qt's versions on a screen."""

    step: ClassVar[Step]

    def __init__(self, flow: FlowController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setObjectName(f"screen_{self.step.value}")
        self.scale = 1.0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.body = QWidget()
        self.body.setObjectName("screen_body")
        self.box = QVBoxLayout(self.body)
        self.body_scroll = ScrollBody(self.body)
        self.body_scroll.setObjectName("screen_scroll")
        outer.addWidget(self.body_scroll, 1)
        self.action_bar = QHBoxLayout()  # the action bar: always visible, below the body
        outer.addLayout(self.action_bar)
        self._outer = outer
        Screen.apply_scale(self, 1.0)  # subclasses extend apply_scale once built

    def tr(self, key: str, **values: object) -> str:  # type: ignore[override]  # see Screen
        return tr(self.flow.language, key, **values)

    def busy_bar(self) -> QProgressBar:
        bar = QProgressBar()
        bar.setRange(0, 0)  # indeterminate: the step's duration is not known
        bar.setTextVisible(False)
        bar.setVisible(False)
        return bar

    def add_actions(self, *widgets: QWidget | None, centred: bool = False) -> None:
        """Put buttons in the action bar, left to right. ``None`` in ``widgets`` is a stretch
        (e.g. ``back, None, continue`` puts them at both ends)."""
        if centred:
            self.action_bar.addStretch(1)
        for w in widgets:
            if w is None:
                self.action_bar.addStretch(1)
            else:
                self.action_bar.addWidget(w)
        if centred:
            self.action_bar.addStretch(1)

    def apply_scale(self, scale: float) -> None:
        """The window's display changed size: margins and spacing follow the type size.
        Screens with their own fixed sizes extend this (and call it)."""
        self.scale = scale
        h, v, gap = (round(n * scale) for n in (MARGIN_H, MARGIN_V, SPACING))
        self.box.setContentsMargins(h, v, h, v if self.action_bar.count() == 0 else gap)
        self.box.setSpacing(gap)
        self.action_bar.setContentsMargins(h, 0, h, v)
        self.action_bar.setSpacing(gap)

    def primary(self) -> QPushButton | None:
        """The button Enter presses on this screen (None: no default action)."""
        return None

    def focus_target(self) -> QWidget | None:
        """Where the keyboard focus belongs when nothing on the page has it (a field was just
        enabled again): the main button unless the screen has a field for that."""
        return self.primary()

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        """Show the session's current state (called on every change while this step is shown)."""

    def entered(self) -> None:
        """This screen just became the current one (set focus, clear old input)."""

    def left(self) -> None:
        """Another page is shown now (drop anything personal still on this one)."""
