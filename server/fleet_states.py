"""The fleet's vocabulary: a kiosk's state and what registering its key did (the result of its
last update is the contract's, simcontract.fleet.UpdateResult). A module of its own, without the
database, so that the command line can offer the states as choices without importing the web
stack (``simkiosk-server`` then says plainly when simkiosk[server] is missing)."""

from __future__ import annotations

import enum


class FleetState(enum.StrEnum):
    """A kiosk's state in the fleet (``simkiosk-server kiosks``, the fleet page), by precedence:
    revoked, never heard of, missing, did not start after an update, frozen, ok."""

    OK = "ok"
    FROZEN = "frozen"
    START_FAILED = "start_failed"
    MISSING = "missing"
    NEVER = "never"
    REVOKED = "revoked"


class Registration(enum.StrEnum):
    """What registering a kiosk's key did (``register-kiosk`` and ``POST /v1/provision``, whose
    answer carries it as ``state``)."""

    REGISTERED = "registered"
    ALREADY_REGISTERED = "already registered"
    REPLACED = "replaced"
