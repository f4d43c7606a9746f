"""Drive enrollment sessions with no window: the customer (and the clerk, in assisted mode) that
the demo simulates. The session and the services are the real ones; only the hands that press
the buttons are scripted here."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from kiosk.records.record import random_iccid
from kiosk.session import EnrollmentServices, EnrollmentSession, SessionError, Step
from kiosk.settings import Settings

DEMO_CLERK = ("demo-clerk", "2468")


def fresh_iccid() -> str:
    """A fresh valid ICCID for the simulated SIM pack."""
    return random_iccid()


def run_session(
    settings: Settings,
    services: EnrollmentServices,
    *,
    language: str = "ru",
    iccid: str | None = None,
    clerk: tuple[str, str] = DEMO_CLERK,
    clerk_approves: bool = True,
    clerk_iin: str | None = None,
    before: Callable[[EnrollmentSession], None] | None = None,
) -> dict[str, Any]:
    """One enrollment from the attract screen to the wiped end; returns its summary.

    ``before`` is called before every event with the session, so that tests can act at a given
    step (cancel, stop the server ...). ``clerk_iin``: the IIN the clerk enters for a document
    that carries none (a foreign passport); without it such a review is refused."""
    session = EnrollmentSession(settings, services)
    t0 = time.monotonic()

    def act(event: Callable[[], Any]) -> None:
        if before is not None and not session.ended:
            before(session)
        if not session.ended:
            event()

    act(session.start)
    act(lambda: session.choose_language(language))
    if session.step is Step.CLERK_LOGIN:

        def log_in() -> None:
            if not session.clerk_login(*clerk):
                session.cancel("clerk login refused")

        act(log_in)
    act(session.give_consent)
    while session.step is Step.DOCUMENT:
        act(session.scan_document)
    if session.step is Step.SIM:

        def give_sim() -> None:
            if not session.set_sim(iccid or fresh_iccid()):
                session.cancel("bad ICCID")

        act(give_sim)
    while session.step is Step.FACE:
        act(session.run_face)
    if session.step is Step.REVIEW:
        approves = clerk_approves
        if approves and session.iin_problem():
            if clerk_iin is not None:
                # An IIN that cannot be the holder's is not taken (as on the screen).
                with contextlib.suppress(SessionError):
                    act(
                        lambda: session.correct_field(
                            "iin", clerk_iin, "IIN from the residence permit (demo clerk)"
                        )
                    )
            approves = not session.iin_problem()  # the clerk cannot approve without it
        act(lambda: session.review(approves, "checked at the counter (demo clerk)"))
        while session.step is Step.FACE:  # a clerk who approved a failed liveness sends back
            act(session.run_face)
    if session.step is Step.SUBMIT:
        act(session.submit)
    if session.step is Step.RECEIPT:
        act(session.finish)
    if not session.ended:
        session.cancel("the driver stopped")
    summary = session.summary()
    summary["wall_seconds"] = round(time.monotonic() - t0, 3)
    return summary
