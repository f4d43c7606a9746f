"""The screens' edge of the exception tree: one table (kiosk.ui.error_messages) says what a
person is told for each branch; the error's own message (a path, a device name) never shows."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from kiosk.errors import DeviceError, KioskError, RecordError
from kiosk.session import DocumentCheck, SessionOutcome, Step
from kiosk.ui.error_messages import GENERIC, message_key, user_message
from kiosk.ui.i18n import outcome_text, tr
from tests.support.services_double import ICCID, ScriptedServices
from tests.ui.helpers import click, to_step, wait_step


class BrokenScanner(ScriptedServices):
    def read_document(self) -> DocumentCheck:
        self._stage("document")
        raise DeviceError("scanner folder /srv/scans does not exist")


def _shown(window, name: str) -> str:
    w = window.findChild(QLabel, name)
    assert w is not None, name
    return w.text() if w.isVisible() else ""


def test_each_branch_has_one_message_key() -> None:
    from hardware.chip_reader import NoCard

    assert message_key(DeviceError("x")) == "error_device"
    assert message_key(NoCard) == "error_device"  # a branch's children share its message
    assert message_key(RecordError("x")) == GENERIC
    assert message_key(KioskError("x")) == GENERIC
    assert message_key(RuntimeError("x")) == GENERIC
    for lang in ("kk", "ru", "en"):
        assert user_message(lang, DeviceError) == tr(lang, "error_device")
    assert tr("ru", "error_device") != tr("en", "error_device")


def test_a_device_failing_in_a_step_tells_the_customer_plainly(qtbot, make_window) -> None:
    window = make_window(svc=BrokenScanner())
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.ENDED)
    assert window.flow.session.outcome is SessionOutcome.FAILED
    assert _shown(window, "ended_reason") == tr("en", "error_device")
    assert _shown(window, "ended_outcome") == outcome_text("en", "failed")
    assert "/srv/scans" not in " ".join(w.text() for w in window.findChildren(QLabel))


def test_other_failures_add_nothing_to_the_outcome_text(qtbot, make_window) -> None:
    window = make_window(svc=ScriptedServices(raise_in="document"))
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.ENDED)
    assert window.flow.session.failure is RuntimeError
    assert _shown(window, "ended_reason") == ""
    assert _shown(window, "ended_outcome") == outcome_text("en", "failed")


def test_the_error_banner_uses_the_same_table(qtbot, make_window) -> None:
    window = make_window()
    window.tasks.report("camera preview", DeviceError("/dev/video0 is busy"))
    qtbot.waitUntil(window.banner.isVisible)
    lang = window.flow.language  # the attract screen's: the default language
    assert window.banner.text() == tr(lang, "error_device")
    window.tasks.report("render", ValueError("bad value"))
    assert window.banner.text() == tr(lang, "error_generic")
