"""What every part of the technician's screen shares: its settings, worker lanes, devices, the
results so far, and the technician's words. The parts (PIN gate, checks, devices, camera, log) are
mixins of :class:`kiosk.ui.diagnostics.DiagnosticsScreen`; this base only declares what they use
of one another, so each module reads on its own."""

from __future__ import annotations

from typing import Any

from hardware.camera import Camera
from kiosk.settings import Settings
from kiosk.ui.i18n import tr
from kiosk.ui.tasks import TaskRunner


class DiagPart:
    """Shared state, set by the screen's ``__init__`` before any part builds its widgets."""

    settings: Settings
    tasks: TaskRunner
    camera: Camera | None
    scanner: Any
    unlocked: bool
    _results: dict[str, dict[str, Any]]

    def _tr(self, key: str, **values: object) -> str:
        """The technician's words, in the kiosk's default language."""
        return tr(self.settings.kiosk.default_language, key, **values)

    def _title(self, name: str) -> str:
        try:
            return self._tr(f"diag_check_{name}")
        except KeyError:  # a check this screen does not know yet: its own name
            return name.replace("_", " ")

    def _record(self, check: dict[str, Any]) -> None:
        """Show one check's result in its row (the checks part does it)."""
        raise NotImplementedError
