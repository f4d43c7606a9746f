"""The chip step on screen: with a chip reader configured the document screen shows the photo
page on the reader and says how to place it; without one it does not. The clerk's review says
the chip's verdict in words."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.documents.rules import DocumentVerdict
from kiosk.session import DocumentCheck, Step
from kiosk.ui.i18n import tr
from kiosk.ui.screens.review import chip_verdict
from tests.support.services_double import ICCID, ScriptedServices
from tests.ui.helpers import to_step


def _shown_texts(page) -> list[str]:
    return [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page) and w.text()]


def test_document_screen_guides_the_chip_read_when_a_reader_is_set(
    qtbot, make_settings, services, clock
) -> None:
    from kiosk.ui.main_window import MainWindow

    settings = make_settings("self_service", SIMKIOSK_DEVICES_CHIP="simulated")
    window = MainWindow(settings, services, clock=clock)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID, lang="kk")
    page = window.pages[Step.DOCUMENT]
    assert page.chip_picture.isVisible() and page.chip_picture.renderer.isValid()
    assert tr("kk", "chip_place") in _shown_texts(page)
    window.shutdown()


def test_document_screen_without_a_chip_reader_says_nothing_of_it(qtbot, make_window) -> None:
    window = make_window()
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID, lang="en")
    page = window.pages[Step.DOCUMENT]
    assert not page.chip_picture.isVisible()
    assert tr("en", "chip_place") not in _shown_texts(page)


CHIPS = {
    "passed": ({"passive_authentication": "passed", "problems": []}, "chip_verified"),
    "failed": (
        {"passive_authentication": "failed", "problems": ["chip_sod_signature_invalid"]},
        "chip_not_verified",
    ),
    "mismatch": (
        {"passive_authentication": "passed", "problems": ["chip_mrz_mismatch"]},
        "chip_mismatch",
    ),
}


class ChipServices(ScriptedServices):
    chip: dict | None = None

    def read_document(self) -> DocumentCheck:
        check = super().read_document()
        check.chip = self.chip
        return check


@pytest.mark.parametrize("case", sorted(CHIPS))
def test_review_says_the_chip_verdict_in_words(qtbot, make_window, case) -> None:
    services = ChipServices(documents=[DocumentVerdict.REVIEW])
    services.chip, key = CHIPS[case]
    window = make_window("assisted", svc=services)
    to_step(qtbot, window, Step.REVIEW, iccid=ICCID)
    page = window.pages[Step.REVIEW]
    lang = window.flow.clerk_language
    assert page.chip_verdict.isVisibleTo(page)
    assert page.chip_verdict.text() == tr(lang, key)
    others = {tr(lang, k) for _, k in CHIPS.values()} - {tr(lang, key)}
    assert not others & set(_shown_texts(page))


def test_review_without_a_chip_read_says_nothing_of_it(qtbot, make_window) -> None:
    window = make_window("assisted", svc=ScriptedServices(documents=[DocumentVerdict.REVIEW]))
    to_step(qtbot, window, Step.REVIEW, iccid=ICCID)
    assert not window.pages[Step.REVIEW].chip_verdict.isVisibleTo(window.pages[Step.REVIEW])
    assert chip_verdict(None) == ""
