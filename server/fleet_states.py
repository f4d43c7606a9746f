"""The fleet's vocabularies: a kiosk's state and the result of its last update. A module of its
own, without the database, so that the command line can offer the states as choices without
importing the web stack (``simkiosk-server`` then says plainly when simkiosk[server] is missing).
"""

from __future__ import annotations

import enum


class UpdateResult(enum.StrEnum):
    """A heartbeat's ``update.result``: how the kiosk's last update went (kiosk/updates.py sends
    these words; the server may not import the kiosk, so the wire's words are spelled here)."""

    INSTALLED = "installed"
    INSTALL_FAILED = "install_failed"
    START_FAILED = "start_failed"
    RECOVERED = "recovered"


class FleetState(enum.StrEnum):
    """A kiosk's state in the fleet (``simkiosk-server kiosks``, the fleet page), by precedence:
    revoked, never heard of, missing, did not start after an update, frozen, ok."""

    OK = "ok"
    FROZEN = "frozen"
    START_FAILED = "start_failed"
    MISSING = "missing"
    NEVER = "never"
    REVOKED = "revoked"
