"""What the window asks of the services: the session's steps and what only the screens need.

:class:`~kiosk.session.EnrollmentServices` is what one session needs (scan, liveness, match,
submit). The window needs more: the camera preview of the face step, the pre-check picture, the
SIM pack's barcode, the clerk's list of today's records, the scanner for the technician's test
scan, warming the models up and closing.
:class:`kiosk.services.KioskServices` is the real implementation; the composition root
(kiosk/app.py) hands it to the window. Light on purpose: the screens import it for their types
without loading OpenCV or dlib.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.session import EnrollmentServices

if TYPE_CHECKING:
    import numpy as np

    from hardware.scanner import DocumentScanner
    from kiosk.records.submissions import SubmissionRow

# One analysed camera frame and what the screen shows over it: {"face_box", "prompt",
# "message", "stage": a kiosk.session.FaceStage}. Called on the camera's worker.
Preview = Callable[["np.ndarray", dict[str, Any]], None]


class WindowServices(EnrollmentServices, Protocol):
    """EnrollmentServices plus what the window uses. Implementations may block; the window calls
    every method but :meth:`set_preview` off its thread, on the lane of the device it uses."""

    @property
    def scanner(self) -> DocumentScanner | None:
        """The document scanner the services hold open: the technician's test scan uses it (a
        second handle on the device would only ever read "busy"). None: no scanner to test."""

    def set_preview(self, callback: Preview | None) -> None:
        """Hand each frame the face check analyses to ``callback`` (None: stop)."""

    def watch_camera(self, on_frame: Preview, stop: threading.Event) -> int:
        """The face step's pre-check: frames and guidance until ``stop``; the number shown."""

    def read_sim_barcode(self, stop: threading.Event, timeout_s: float) -> str | None:
        """A valid ICCID read off the SIM pack shown to the camera, or None."""

    def submissions_today(self) -> list[SubmissionRow]:
        """The clerk's list of today's records."""

    def retry_queued(self) -> dict[str, int]:
        """Send the queued records now (the clerk's Retry); counts by outcome."""

    def warm_up(self) -> None:
        """Load the face models before the first customer needs them."""

    def close(self) -> None:
        """Stop the background work and release the devices."""
