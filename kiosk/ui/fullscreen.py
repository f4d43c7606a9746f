"""Showing a kiosk window full screen on each platform the kiosk meets.

- Under cage (Wayland, the kiosk session), the compositor sizes its one window to the output
  itself. Qt's full-screen request there leaves the window at its natural size, and a geometry set
  before it leaves the output black (cage 0.1.4 on Debian 12, seen with grim): plain show().
- On a bare X server (no window manager) the full-screen request is not honoured: cover the
  screen ourselves as well.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def show_full_screen(widget: QWidget) -> None:
    if QGuiApplication.platformName().startswith("wayland"):
        widget.show()
        return
    widget.setGeometry(widget.screen().geometry())
    widget.showFullScreen()
