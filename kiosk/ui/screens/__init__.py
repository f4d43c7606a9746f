"""One module per flow step; each screen renders the session's state and forwards intents to the
:class:`~kiosk.ui.flow.FlowController`. :data:`SCREENS` lists them in flow order."""

from __future__ import annotations

from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.clerk_login import ClerkLoginScreen
from kiosk.ui.screens.consent import ConsentScreen
from kiosk.ui.screens.document import DocumentScreen
from kiosk.ui.screens.ended import EndedScreen
from kiosk.ui.screens.face import FaceScreen
from kiosk.ui.screens.language import LanguageScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.screens.sim import SimScreen
from kiosk.ui.screens.submitting import SubmittingScreen

SCREENS: tuple[type[Screen], ...] = (
    AttractScreen,
    LanguageScreen,
    ClerkLoginScreen,
    ConsentScreen,
    DocumentScreen,
    SimScreen,
    FaceScreen,
    ReviewScreen,
    SubmittingScreen,
    ReceiptScreen,
    EndedScreen,
)

__all__ = ["SCREENS", "Screen"]
