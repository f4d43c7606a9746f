"""Package updates only between customers, through the window: with an update pending, the kiosk
asks for it (update/requested, a real file the root updater's path unit watches) only once no
session is in progress, and from then on a customer's touch starts nothing."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.session import SessionOutcome, Step
from kiosk.updates import UpdateGate
from tests.support.services_double import ICCID, ScriptedServices
from tests.ui.helpers import cancel_session, click, to_step, wait_step


@dataclass
class UpdatingServices(ScriptedServices):
    """The scripted services, with the real services' update freeze (kiosk/services.py)."""

    gate: UpdateGate | None = None

    def freeze_reasons(self) -> list[str]:
        reasons = super().freeze_reasons()
        return reasons + (self.gate.reasons() if self.gate else [])


def test_update_is_requested_only_between_customers(qtbot, make_window, make_settings) -> None:
    settings = make_settings()
    gate = UpdateGate(settings.home)
    services = UpdatingServices(gate=gate)
    window = make_window(svc=services, settings=settings)
    to_step(qtbot, window, Step.DOCUMENT, iccid=ICCID)
    gate.dir.mkdir(exist_ok=True)
    gate.pending_path.write_text("1.5.0\n")  # what `simkiosk-update check` writes
    for _ in range(3):  # the GUI loop's ticks during a customer's session
        window.flow.tick()
    assert not gate.requested_path.exists()
    session = window.flow.session
    cancel_session(qtbot, window)  # the customer leaves: back on the attract screen
    assert session.ended
    qtbot.waitUntil(gate.requested_path.exists)  # asked by the tick timer, now idle
    assert gate.requested_path.read_text().splitlines()[0] == "1.5.0"
    # the next customer is refused while the update installs
    window.attract.check_freeze()
    qtbot.waitUntil(lambda: window.attract.frozen)
    assert not window.attract.start_button.isVisible()
    # the updater is done (it removes both files): the kiosk takes customers again
    gate.requested_path.unlink()
    gate.pending_path.unlink()
    window.attract.check_freeze()
    qtbot.waitUntil(lambda: not window.attract.frozen)
    click(qtbot, window, "start")
    wait_step(qtbot, window, Step.LANGUAGE)
    assert not gate.requested_path.exists()


def test_start_tapped_as_the_update_is_requested_ends_frozen(
    qtbot, make_window, make_settings
) -> None:
    settings = make_settings()
    gate = UpdateGate(settings.home)
    services = UpdatingServices(gate=gate)
    window = make_window(svc=services, settings=settings)
    qtbot.waitUntil(lambda: "freeze" in services.calls and not window.attract._checking)
    gate.dir.mkdir(exist_ok=True)
    gate.pending_path.write_text("1.5.0\n")
    window.flow.tick()
    assert gate.requested_path.exists()
    click(qtbot, window, "start")  # before the attract screen's next freeze check
    wait_step(qtbot, window, Step.ENDED)
    assert window.flow.session.outcome is SessionOutcome.FROZEN
