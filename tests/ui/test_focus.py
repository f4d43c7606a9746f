"""While a step works its fields and buttons are disabled; the keyboard focus must not fall to
the header's Cancel or Back button then (a wedge scanner's Enter or the customer's would press
it), and it comes back to the field or main button as soon as they are enabled again. Keys go to
the window, as a keyboard or scanner sends them."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.documents.rules import DocumentVerdict
from kiosk.session import Step
from tests.support.services_double import ICCID, UNREADABLE, ScriptedServices
from tests.ui.helpers import click, field, keys, to_step, type_into, wait_step


def _press_at_window(qtbot, window, key) -> None:
    """A key as the window receives it: at the focused widget, or the window itself."""
    qtbot.keyClick(QApplication.focusWidget() or window, key)


def _not_on_header(window) -> None:
    focus = QApplication.focusWidget()
    assert focus not in (window.cancel_button, window.back_button), focus.objectName()


def test_clerk_login_focus_stays_off_cancel_and_returns_to_the_pin(qtbot, make_window) -> None:
    hold = threading.Event()
    services = ScriptedServices(hold={"login": hold})
    window = make_window("assisted", svc=services)
    to_step(qtbot, window, Step.CLERK_LOGIN, iccid=ICCID)
    type_into(qtbot, window, "clerk_id", "clerk-1", enter=True)
    keys(qtbot, "9999", enter=True)  # a wrong PIN: the check runs, the fields are disabled
    qtbot.waitUntil(lambda: window.flow.busy)
    _not_on_header(window)
    _press_at_window(qtbot, window, Qt.Key.Key_Return)  # e.g. pressed twice
    assert not window.confirm.isVisible()
    hold.set()
    qtbot.waitUntil(lambda: not window.flow.busy)
    assert window.current_step is Step.CLERK_LOGIN
    assert QApplication.focusWidget() is field(window, "clerk_pin")
    keys(qtbot, "1234", enter=True)  # typed again at once, without clicking the field
    wait_step(qtbot, window, Step.CONSENT)


def test_scan_focus_stays_off_cancel_and_returns_to_scan_then_iccid(qtbot, make_window) -> None:
    hold = threading.Event()
    services = ScriptedServices(
        documents=[UNREADABLE, DocumentVerdict.ACCEPT], hold={"document": hold}
    )
    window = make_window(svc=services)
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    click(qtbot, window, "scan")
    qtbot.waitUntil(lambda: window.flow.busy)
    _not_on_header(window)
    _press_at_window(qtbot, window, Qt.Key.Key_Return)
    keys_sent = ICCID[:4]
    for ch in keys_sent:  # a scanner typing too early
        _press_at_window(qtbot, window, ch)
    assert not window.confirm.isVisible()
    hold.set()
    qtbot.waitUntil(lambda: not window.flow.busy and bool(window.flow.document_problems))
    assert window.current_step is Step.DOCUMENT and not window.confirm.isVisible()
    assert QApplication.focusWidget() is window.pages[Step.DOCUMENT].scan_button
    _press_at_window(qtbot, window, Qt.Key.Key_Return)  # scan again, by keyboard
    wait_step(qtbot, window, Step.SIM)
    qtbot.waitUntil(lambda: field(window, "iccid").hasFocus())
    keys(qtbot, ICCID, enter=True)
    wait_step(qtbot, window, Step.FACE)
    assert window.flow.session.data.iccid == ICCID
