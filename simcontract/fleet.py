"""What a kiosk's heartbeat tells the server of its fleet life, beyond the schema's shapes."""

from __future__ import annotations

import enum


class UpdateResult(enum.StrEnum):
    """A heartbeat's ``update.result``: how the kiosk's last package update went (the updater
    writes it, kiosk/updates.py reads it and marks a start_failed as recovered, the heartbeat
    carries it, the server's fleet states read it)."""

    INSTALLED = "installed"
    INSTALL_FAILED = "install_failed"
    START_FAILED = "start_failed"
    RECOVERED = "recovered"
