"""Every screen state fits every supported display, in every language.

The real window at a fixed size (the kiosk's supported displays, portrait included) is driven by
clicks and keys through every page: the attract screen (also frozen), each step, an unreadable
scan, a failed face attempt, the clerk's review with a long field list, the submitting screen,
each receipt and each ending. At each state the test fails when a visible widget lies outside
the window (buttons must also be inside the visible part of a scrolling body), when a label's
text is clipped, or when the window changed its size because of its content.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionFrame,
    QWidget,
)

from kiosk.biometrics.decision import MatchDecision
from kiosk.documents.rules import DocumentVerdict
from kiosk.session import DocumentCheck, SessionOutcome, Step
from tests.support.services_double import ICCID, UNREADABLE, ScriptedServices
from tests.ui.helpers import click, to_step, type_into, wait_step

# `make screenshots` (tools/screenshots.py) runs this walk under Xvfb with this set: every state
# checked is also saved, from the real window, as <dir>/<width>x<height>/<lang>/<nn>-<state>.png.
SCREENSHOTS = os.environ.get("SIMKIOSK_SCREENSHOTS", "")
SIZES = [(1024, 600), (1280, 800), (1366, 768), (1920, 1080), (1080, 1920)]
LANGS = ["kk", "ru", "en"]

# A foreign passport read with every field the readers know, long values included: the
# review's field list at its longest.
LONG_FIELDS = {
    "surname": "ABDULLAYEVA-KHOJAKHMETOVA",
    "given_names": "ZHANAR ALTYNBEKKYZY MARIAM",
    "document_number": "N12345678",
    "iin": "900101400013",
    "birth_date": "1990-01-01",
    "expiry_date": "2031-05-17",
    "sex": "F",
    "nationality": "UZB",
    "issuer": "UZB",
    "document_type": "P",
    "personal_number": "30101901234567",
    "place_of_birth": "TASHKENT",
    "authority": "MINISTRY OF INTERNAL AFFAIRS",
    "optional_data": "<<<<<<<<<<<<<<",
}


class LongReview(ScriptedServices):
    """The scripted services, with a document that has the long field list."""

    def read_document(self) -> DocumentCheck:
        check = super().read_document()
        check.fields.update(LONG_FIELDS)
        # a chip that could not be verified: the review says so in words (one more line)
        check.chip = {"passive_authentication": "failed", "problems": ["chip_signer_untrusted"]}
        if check.verdict == DocumentVerdict.REVIEW:
            check.problems.append(("iin_missing", "no IIN"))
        return check


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _scroll_viewport(widget: QWidget) -> QWidget | None:
    """The viewport of the scroll area the widget scrolls in, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if (
            isinstance(parent, QScrollArea)
            and parent.widget() is not None
            and parent.widget().isAncestorOf(widget)
        ):
            return parent.viewport()
        parent = parent.parentWidget()
    return None


def _label_clipped(w: QLabel) -> str:
    text = w.text()
    pixmap = w.pixmap()
    if (
        not text
        or w.textFormat().name == "RichText"
        or (pixmap is not None and not pixmap.isNull())
    ):
        return ""
    cr = w.contentsRect()
    fm = w.fontMetrics()
    if w.wordWrap():
        need = w.heightForWidth(w.width())
        if need > w.height():
            return f"wrapped text needs {need} px height, has {w.height()}"
        longest = max((fm.horizontalAdvance(word) for word in text.split()), default=0)
        if longest > cr.width():
            return f"a word needs {longest} px, has {cr.width()}"
        return ""
    lines = text.split("\n")
    wide = max(fm.horizontalAdvance(line) for line in lines)
    if wide > cr.width():
        return f"text needs {wide} px width, has {cr.width()}"
    if fm.height() * len(lines) > cr.height() + 1:
        return f"text needs {fm.height() * len(lines)} px height, has {cr.height()}"
    return ""


def _line_edit_clipped(w: QLineEdit) -> str:
    """A read-only or filled field whose value does not fit its box (the end is cut off)."""
    text = w.displayText()
    if not text:
        return ""
    # the text area: the style's contents rectangle (frame and style-sheet padding off), less
    # the text margins and the 2 px QLineEdit keeps on each side
    option = QStyleOptionFrame()
    w.initStyleOption(option)
    box = w.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, w)
    box = box.intersected(w.contentsRect())
    margins = w.textMargins()
    room = box.width() - 2 * 2 - margins.left() - margins.right()
    need = w.fontMetrics().horizontalAdvance(text)
    if need > room:
        return f"text needs {need} px width, has {room}"
    return ""


def _body_scrolls(window: QWidget) -> str:
    """The current screen's scrolling body can scroll (the face step must never need it)."""
    page = window.current_page()
    scroll = page.findChild(QScrollArea, "screen_scroll")
    if scroll is None:
        return ""
    bar = scroll.verticalScrollBar()
    if bar.maximum() > 0:
        return f"the face step's body scrolls ({bar.maximum()} px too tall)"
    return ""


def misfits(window: QWidget, size: tuple[int, int]) -> list[str]:
    """What does not fit in the window as it is shown now (empty when all fits)."""
    app = QApplication.instance()
    for _ in range(3):  # layouts settle through posted events
        app.processEvents()
    found: list[str] = []
    if window.size() != QSize(*size):
        found.append(f"window is {window.width()}x{window.height()}, not {size[0]}x{size[1]}")
    area = window.rect()
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.width() <= 0 or w.height() <= 0 or w.isWindow():
            continue
        name = w.objectName() or type(w).__name__
        text = w.text() if isinstance(w, (QLabel, QPushButton)) else ""
        what = f"{name} {text[:40]!r}" if text else name
        rect = _rect_in(w, window)
        viewport = _scroll_viewport(w)
        if viewport is not None:
            # Long content may scroll vertically, never sideways; buttons stay in view.
            view = _rect_in(viewport, window)
            if rect.left() < view.left() or rect.right() > view.right():
                found.append(f"{what} sticks out of its scrolling body sideways")
            if isinstance(w, QPushButton) and not view.contains(rect):
                found.append(f"button {what} is scrolled out of view")
        elif not area.contains(rect):
            found.append(f"{what} at {rect.getRect()} lies outside the window")
        if isinstance(w, QLabel):
            why = _label_clipped(w)
            if why:
                found.append(f"label {what} is clipped: {why}")
        elif isinstance(w, QLineEdit):
            why = _line_edit_clipped(w)
            if why:
                found.append(f"field {what} {w.displayText()[:30]!r} is clipped: {why}")
        elif isinstance(w, QPushButton) and w.text():
            hint = w.minimumSizeHint()
            if w.width() < hint.width() or w.height() < hint.height():
                found.append(
                    f"button {what} is squeezed to {w.width()}x{w.height()} "
                    f"(needs {hint.width()}x{hint.height()})"
                )
    return found


@pytest.fixture
def sized_window(qtbot, make_settings, clock) -> Iterator[Callable[..., QWidget]]:
    from kiosk.ui.main_window import MainWindow

    made: list[MainWindow] = []

    def make(
        size: tuple[int, int], services: ScriptedServices, mode: str, **env: str
    ) -> MainWindow:
        window = MainWindow(make_settings(mode, **env), services, clock=clock)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()


class _Patient:
    """qtbot with longer waits: the walk is long and the test machines are shared (a state that
    is reached late is still reached; one that is never reached still fails)."""

    def __init__(self, qtbot) -> None:
        self._qtbot = qtbot

    def __getattr__(self, name: str):
        return getattr(self._qtbot, name)

    def waitUntil(self, callback, *, timeout: int = 30_000) -> None:
        self._qtbot.waitUntil(callback, timeout=timeout)


class Walk:
    """Drives one window through sessions and records what does not fit at each state."""

    def __init__(
        self,
        qtbot,
        window,
        services: ScriptedServices,
        lang: str,
        size: tuple[int, int],
        clock,
        prefix: str = "",
    ) -> None:
        self.qtbot, self.window, self.services = _Patient(qtbot), window, services
        self.prefix = prefix
        self.lang, self.size, self.clock = lang, size, clock
        self.failures: list[str] = []
        self.states = 0

    def check(self, state: str) -> None:
        self.states += 1
        found = misfits(self.window, self.size)
        if self.window.current_step is Step.FACE:
            found += [why for why in [_body_scrolls(self.window)] if why]
        self.failures += [f"{state}: {m}" for m in found]
        if SCREENSHOTS:
            folder = Path(SCREENSHOTS) / f"{self.size[0]}x{self.size[1]}" / self.lang
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{self.prefix}{self.states:02d}-{re.sub(r'[^a-z0-9]+', '-', state.lower())}"
            assert self.window.grab().save(str(folder / f"{name}.png"))

    def to(self, step: Step) -> None:
        try:
            to_step(self.qtbot, self.window, step, iccid=ICCID, lang=self.lang)
        except Exception as exc:
            w, s = self.window, self.window.flow.session
            raise AssertionError(
                f"could not reach {step}: at {s.step} busy={w.flow.busy} outcome={s.outcome} "
                f"reason={s.reason!r} face_failure={w.flow.face_failure!r} "
                f"attempts={s.face_attempts} page={w.current_page().objectName()} "
                f"calls={self.services.calls[-8:]}"
            ) from exc

    def script(self, **values) -> None:
        fresh = ScriptedServices()
        for name in ("freeze", "documents", "liveness", "matches", "submit_outcome", "raise_in"):
            setattr(self.services, name, values.get(name, getattr(fresh, name)))

    def end_and_return(self, state: str) -> None:
        wait_step(self.qtbot, self.window, Step.ENDED)
        self.check(state)
        click(self.qtbot, self.window, "ended_again")
        wait_step(self.qtbot, self.window, Step.IDLE)


def _self_service(walk: Walk) -> None:
    qtbot, window = walk.qtbot, walk.window
    walk.script(documents=[UNREADABLE, DocumentVerdict.ACCEPT], liveness=[False, True])
    walk.to(Step.IDLE)
    walk.check("attract")
    walk.to(Step.LANGUAGE)
    walk.check("language")
    click(qtbot, window, f"language_{walk.lang}")
    wait_step(qtbot, window, Step.CONSENT)
    walk.check("consent")
    click(qtbot, window, "agree")
    wait_step(qtbot, window, Step.DOCUMENT)
    walk.check("document")
    click(qtbot, window, "scan")
    qtbot.waitUntil(lambda: bool(window.flow.document_problems) and not window.flow.busy)
    walk.check("document unreadable")
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.SIM)
    walk.check("sim")
    type_into(qtbot, window, "iccid", ICCID, enter=True)
    wait_step(qtbot, window, Step.FACE)
    walk.check("face")
    # mid-challenge (the second one, one ✓ shown, guidance in colour): held there to check it
    kind = walk.services.challenges[-1]
    walk.services.hold[f"liveness:{kind}"] = threading.Event()
    click(qtbot, window, "face_ready")
    qtbot.waitUntil(
        lambda: window.flow.session.prompt == kind and window.pages[Step.FACE].guidance.isVisible()
    )
    walk.check("face challenge")
    walk.services.hold.pop(f"liveness:{kind}").set()
    qtbot.waitUntil(lambda: window.flow.face_failure == "liveness" and not window.flow.busy)
    walk.check("face failed once")
    walk.services.hold["submit"] = threading.Event()
    click(qtbot, window, "face_ready")
    qtbot.waitUntil(lambda: window.current_page() is window.pages[Step.SUBMIT])
    walk.check("submitting")
    walk.services.hold.pop("submit").set()
    wait_step(qtbot, window, Step.RECEIPT)
    walk.check("receipt activated")
    click(qtbot, window, "receipt_done")
    walk.end_and_return("ended activated")
    for outcome in (SessionOutcome.QUEUED, SessionOutcome.REJECTED):
        walk.script(submit_outcome=outcome)
        walk.to(Step.RECEIPT)
        walk.check(f"receipt {outcome}")
        click(qtbot, window, "receipt_done")
        walk.end_and_return(f"ended {outcome}")


def _self_service_endings(walk: Walk) -> None:
    qtbot, window = walk.qtbot, walk.window
    scripts = {
        "document_refused": {"documents": ["refuse"]},
        "liveness_failed": {"liveness": [False] * 3},
        "no_match": {"matches": [MatchDecision.NO_MATCH] * 3},
        "referred": {"documents": ["review"]},
        "failed": {"raise_in": "document"},
    }
    for name, values in scripts.items():
        walk.script(**values)
        walk.to(Step.DOCUMENT)
        click(qtbot, window, "scan")
        if name in ("liveness_failed", "no_match"):  # "referred" ends right after the scan
            wait_step(qtbot, window, Step.SIM)
            type_into(qtbot, window, "iccid", ICCID, enter=True)
            # Face attempts until the session ends (3 failures).
            for _ in range(3):
                wait_step(qtbot, window, Step.FACE)
                click(qtbot, window, "face_ready")
                qtbot.waitUntil(lambda: not window.flow.busy)
                if window.current_step is not Step.FACE:
                    break
        walk.end_and_return(f"ended {name}")
    # timed out: the step waited too long
    walk.script()
    walk.to(Step.DOCUMENT)
    walk.clock.t += window.flow.session.step_timeout_s() + 1
    walk.end_and_return("ended timed_out")
    # cancelled by the person (confirmed when the window asks)
    walk.to(Step.DOCUMENT)
    click(qtbot, window, "cancel")
    confirm = window.findChild(QPushButton, "cancel_confirm")
    if confirm is not None:
        qtbot.waitUntil(confirm.isVisible)
        walk.check("cancel confirmation")
        click(qtbot, window, "cancel_confirm")
        walk.end_and_return("ended cancelled")
    else:
        wait_step(qtbot, window, Step.IDLE)
    # "I do not agree"
    decline = window.findChild(QPushButton, "decline")
    if decline is not None:
        walk.to(Step.CONSENT)
        click(qtbot, window, "decline")
        walk.end_and_return("ended consent declined")
    # "Need more time?" and the error banner, over a step
    if hasattr(window, "idle_overlay"):
        walk.to(Step.SIM)
        window.idle_warning_s = 15
        window.idle_timer.setInterval(10)
        window.idle_timer.start()
        qtbot.waitUntil(window.idle_overlay.isVisible)
        window.idle_timer.setInterval(60_000)
        walk.check("idle warning")
        window.idle_tick.stop()
        click(qtbot, window, "idle_more")
        window.tasks.report("fit test", RuntimeError("a scripted UI fault"))
        walk.check("error banner")
        click(qtbot, window, "cancel")
        click(qtbot, window, "cancel_confirm")
        walk.end_and_return("ended cancelled at the SIM step")
    # frozen: the attract screen says so (or the start ends at once)
    walk.script(freeze=["outbox holds 250 pending records"])
    refresh = getattr(window.attract, "check_freeze", None)
    if refresh is not None:
        refresh()
        qtbot.waitUntil(lambda: window.attract.frozen)
        walk.check("attract frozen")
    else:
        click(qtbot, window, "start")
        walk.end_and_return("ended frozen")


def _assisted(walk: Walk) -> None:
    qtbot, window = walk.qtbot, walk.window
    walk.script(documents=[DocumentVerdict.REVIEW], matches=[MatchDecision.REVIEW])
    walk.to(Step.CLERK_LOGIN)
    walk.check("clerk login")
    type_into(qtbot, window, "clerk_id", "clerk-1", enter=True)
    type_into(qtbot, window, "clerk_pin", "1234", enter=True)
    wait_step(qtbot, window, Step.CONSENT)
    click(qtbot, window, "agree")
    wait_step(qtbot, window, Step.DOCUMENT)
    click(qtbot, window, "scan")
    wait_step(qtbot, window, Step.SIM)
    type_into(qtbot, window, "iccid", ICCID, enter=True)
    wait_step(qtbot, window, Step.FACE)
    click(qtbot, window, "face_ready")
    wait_step(qtbot, window, Step.REVIEW)
    walk.check("review")
    click(qtbot, window, "review_refuse")  # no reason yet: the notice shows
    walk.check("review with notice")


def _chip_reader(walk: Walk) -> None:
    """The document step with a chip reader configured: the picture and the words to place the
    photo page on it, also with the problems of an unreadable scan."""
    qtbot, window = walk.qtbot, walk.window
    walk.script(documents=[UNREADABLE, DocumentVerdict.ACCEPT])
    walk.to(Step.DOCUMENT)
    walk.check("document with chip reader")
    click(qtbot, window, "scan")
    qtbot.waitUntil(lambda: bool(window.flow.document_problems) and not window.flow.busy)
    walk.check("document with chip reader unreadable")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits(qtbot, sized_window, clock, size, lang) -> None:
    failures: list[str] = []
    services = LongReview()
    walk = Walk(qtbot, sized_window(size, services, "self_service"), services, lang, size, clock)
    _self_service(walk)
    _self_service_endings(walk)
    failures += walk.failures
    services = LongReview()
    walk = Walk(
        qtbot, sized_window(size, services, "assisted"), services, lang, size, clock, "assisted-"
    )
    _assisted(walk)
    failures += walk.failures
    services = LongReview()
    window = sized_window(size, services, "self_service", SIMKIOSK_DEVICES_CHIP="simulated")
    walk = Walk(qtbot, window, services, lang, size, clock, "chip-")
    _chip_reader(walk)
    failures += walk.failures
    assert not failures, f"{len(failures)} misfits at {size} in {lang}:\n" + "\n".join(failures)
