"""Driving the kiosk window in tests: find a button by object name and click it, wait for a step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from kiosk.session import Step
from kiosk.settings import KioskMode


def click(qtbot, window, name: str) -> None:
    btn = window.findChild(QPushButton, name)
    assert btn is not None, f"no button {name}"
    qtbot.waitUntil(lambda: btn.isVisible() and btn.isEnabled())
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)


def field(window, name: str) -> QLineEdit:
    edit = window.findChild(QLineEdit, name)
    assert edit is not None, f"no field {name}"
    return edit


def wait_step(qtbot, window, step: Step) -> None:
    """Until the session is in ``step``, nothing runs, and that step's page is the one shown."""
    qtbot.waitUntil(
        lambda: (
            window.current_step is step
            and not window.flow.busy
            and window.current_page() is window.pages[step]
        )
    )


def type_into(qtbot, window, name: str, text: str, *, enter: bool = False) -> None:
    """Type as a user does: click the field (if it does not have the focus yet), then send the
    keys to whatever widget has the focus. A field that cannot take the focus (disabled,
    hidden) makes the keys land elsewhere, and the test sees it, as the user would."""
    edit = field(window, name)
    qtbot.waitUntil(lambda: edit.isVisible() and edit.isEnabled())
    if QApplication.focusWidget() is not edit:
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    keys(qtbot, text, enter=enter)


def keys(qtbot, text: str, *, enter: bool = False) -> None:
    """Keystrokes to the focused widget (a keyboard, a wedge barcode scanner)."""
    for ch in text:
        target = QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus"
        qtbot.keyClick(target, ch)
    if enter:
        target = QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus"
        qtbot.keyClick(target, Qt.Key.Key_Return)


def to_step(qtbot, window, step: Step, *, iccid: str, lang: str = "en") -> None:
    """Drive the window through the flow until ``step`` (scripted services accept everything)."""
    wait_step(qtbot, window, Step.IDLE)
    if step is Step.IDLE:
        return
    click(qtbot, window, "start")
    wait_step(qtbot, window, Step.LANGUAGE)
    if step is Step.LANGUAGE:
        return
    click(qtbot, window, f"language_{lang}")
    if window.settings.kiosk.mode == KioskMode.ASSISTED:
        wait_step(qtbot, window, Step.CLERK_LOGIN)
        if step is Step.CLERK_LOGIN:
            return
        type_into(qtbot, window, "clerk_id", "clerk-1", enter=True)
        type_into(qtbot, window, "clerk_pin", "1234", enter=True)
    wait_step(qtbot, window, Step.CONSENT)
    if step is Step.CONSENT:
        return
    click(qtbot, window, "agree")
    wait_step(qtbot, window, Step.DOCUMENT)
    if step is Step.DOCUMENT:
        return
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.SIM)
    if step is Step.SIM:
        return
    type_into(qtbot, window, "iccid", iccid, enter=True)
    wait_step(qtbot, window, Step.FACE)
    if step is Step.FACE:
        return
    click(qtbot, window, "face_ready")
    wait_step(qtbot, window, step)


def cancel_session(qtbot, window) -> None:
    """Cancel as a person does: Cancel, confirm, then leave the ending screen for the start."""
    click(qtbot, window, "cancel")
    click(qtbot, window, "cancel_confirm")
    wait_step(qtbot, window, Step.ENDED)
    click(qtbot, window, "ended_again")
    wait_step(qtbot, window, Step.IDLE)
