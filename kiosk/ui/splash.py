"""The first frame: a plain "starting" screen, shown before the heavy imports and the devices.

``simkiosk run`` imports this module (PySide6's widgets and the word table only), shows the
splash, and only then builds the services (engines, devices, the outbox) and the window, so a
kiosk shows something within a second of starting instead of a black screen for several."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.ui.fullscreen import show_full_screen
from kiosk.ui.i18n import LANGUAGES, tr

log = logging.getLogger(__name__)


def show_splash(*, fullscreen: bool) -> QLabel:
    """Create the QApplication if needed, show the splash and paint it now."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("simkiosk")
    lines = [tr(code, "app_title") for code in LANGUAGES]
    splash = QLabel("\n".join([*lines, "", "…"]))
    splash.setObjectName("splash")
    splash.setAlignment(Qt.AlignmentFlag.AlignCenter)
    splash.setStyleSheet("background: #f7f7f5; color: #1b1b1b; font-size: 34px;")
    if fullscreen:
        show_full_screen(splash)
    else:
        splash.resize(1280, 800)
        splash.show()
    splash.repaint()
    app.processEvents()
    log.info("splash shown")
    return splash
