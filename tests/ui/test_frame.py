"""The frame every screen shares: type that scales with the display, a visible focus ring, Enter
on the focused button, and a window that keeps its size whatever the content."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from kiosk.session import Step
from kiosk.ui import theme
from tests.support.services_double import ICCID
from tests.ui.helpers import to_step, wait_step


def _font_px(style: str, selector: str) -> int:
    block = style[style.index(selector) :]
    return int(re.search(r"font-size: (\d+)px", block).group(1))


def test_type_and_touch_targets_scale_with_the_display() -> None:
    small, big = theme.scale_for(1024, 600), theme.scale_for(1920, 1080)
    assert small < theme.scale_for(1280, 800) == 1.0 < big
    assert theme.scale_for(1080, 1920) == big  # a portrait kiosk is not a small one
    title = 'QLabel[role="title"]'
    assert _font_px(theme.style(small), title) < 40 < _font_px(theme.style(big), title)
    touch = re.search(r"min-height: (\d+)px", theme.style(0.6)).group(1)
    assert int(touch) >= theme.MIN_TOUCH_PX


def test_focused_button_shows_a_ring(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)
    page = window.pages[Step.CONSENT]
    page.decline.setFocus()
    qtbot.waitUntil(page.decline.hasFocus)
    focused = page.decline.grab().toImage()
    page.agree.setFocus()
    qtbot.waitUntil(lambda: not page.decline.hasFocus())
    plain = page.decline.grab().toImage()
    assert focused != plain
    # The ring's colour is on the focused button's edge, not on the other one.
    edge = (2, page.decline.height() // 2)
    assert focused.pixelColor(*edge).name() == theme.FOCUS
    assert plain.pixelColor(*edge).name() != theme.FOCUS


def test_tab_and_enter_answer_on_the_focused_button(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)
    page = window.pages[Step.CONSENT]
    assert page.agree.hasFocus()
    while not page.decline.hasFocus():  # Tab to "I do not agree", as a keyboard user does
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    wait_step(qtbot, window, Step.ENDED)
    assert window.flow.session.reason_codes == ["consent_declined"]


def test_window_keeps_its_size_when_the_display_changes(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.CONSENT, iccid=ICCID)
    title = window.pages[Step.CONSENT].title
    big = title.font().pixelSize()
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: window.scale < 1.0)
    assert title.font().pixelSize() < big
    qtbot.wait(50)
    assert (window.width(), window.height()) == (1024, 600)
