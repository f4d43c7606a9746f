"""What every screen shares: its step, the flow controller, translated text, a busy bar."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QProgressBar, QPushButton, QVBoxLayout, QWidget

from kiosk.session import Step
from kiosk.ui.flow import FlowController
from kiosk.ui.i18n import tr


class Screen(QWidget):
    step: ClassVar[Step]

    def __init__(self, flow: FlowController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setObjectName(f"screen_{self.step.value}")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(48, 24, 48, 24)
        self.box.setSpacing(18)

    def tr(self, key: str, **values: object) -> str:
        return tr(self.flow.language, key, **values)

    def busy_bar(self) -> QProgressBar:
        bar = QProgressBar()
        bar.setRange(0, 0)  # indeterminate: the step's duration is not known
        bar.setTextVisible(False)
        bar.setVisible(False)
        return bar

    def primary(self) -> QPushButton | None:
        """The button Enter presses on this screen (None: no default action)."""
        return None

    def render(self) -> None:
        """Show the session's current state (called on every change while this step is shown)."""

    def entered(self) -> None:
        """This screen just became the current one (set focus, clear old input)."""

    def left(self) -> None:
        """Another page is shown now (drop anything personal still on this one)."""
