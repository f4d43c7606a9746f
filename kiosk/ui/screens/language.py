"""Language choice: one big button per offered language, each in its own language."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout

from kiosk.session import Step
from kiosk.ui.i18n import LANGUAGE_NAMES, tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


class LanguageScreen(Screen):
    step = Step.LANGUAGE

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.box.addStretch(1)
        langs = list(flow.settings.kiosk.languages)
        self.title = label(" / ".join(tr(c, "language_title") for c in langs), "title")
        self.box.addWidget(self.title)
        self.box.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(32)
        row.addStretch(1)
        self.buttons = {}
        for code in langs:
            b = button(LANGUAGE_NAMES.get(code, code), "language", f"language_{code}")
            b.clicked.connect(lambda _=False, c=code: self.flow.choose_language(c))
            self.buttons[code] = b
            row.addWidget(b)
        row.addStretch(1)
        self.box.addLayout(row)
        self.box.addStretch(2)

    def entered(self) -> None:
        default = self.flow.settings.kiosk.default_language
        (self.buttons.get(default) or next(iter(self.buttons.values()))).setFocus()
