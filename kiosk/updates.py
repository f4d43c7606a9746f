"""Package updates only between customers: the files the kiosk and the root-owned updater
(``simkiosk-update``, packaging/debian/simkiosk/simkiosk-update) exchange in the state directory's
``update/`` folder.

- ``pending``: written by the updater's periodic check when the operator's apt repository has a
  newer ``simkiosk`` (its text: the candidate version).
- ``requested``: written by the kiosk, from its GUI loop, only while no session is in progress
  (the attract screen, nothing running) and an update is pending. From then on the kiosk refuses
  new sessions (a freeze reason) until the file is gone. ``simkiosk-update.path`` starts the
  updater on it: ``apt-get install --only-upgrade simkiosk``, restart of the kiosk, then it
  deletes ``requested`` and ``pending`` whatever happened, so a failed install does not keep the
  kiosk closed.
- ``result.json``: the updater's outcome (``installed``, ``install_failed``, ``start_failed``,
  with versions and time), reported in every heartbeat so the fleet page shows a kiosk that did
  not start after an update. A kiosk that comes up marks a ``start_failed`` as ``recovered``.

The kiosk writes ``requested`` and nothing else of the updater's, so there is no lock to share:
the gate is that the same thread that starts sessions decides when to write it.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from simcontract.fleet import UpdateResult

log = logging.getLogger(__name__)
UPDATING_REASON = (
    "The kiosk is installing a software update and restarts in a minute or two. "
    "Technician: if this stays, look at `journalctl -u simkiosk-update`."
)
RESULTS = tuple(UpdateResult)


class UpdateGate:
    def __init__(self, home: Path) -> None:
        self.dir = home / "update"
        self.pending_path = self.dir / "pending"
        self.requested_path = self.dir / "requested"
        self.result_path = self.dir / "result.json"

    def pending(self) -> str | None:
        """The candidate version the updater found, None when no update waits."""
        try:
            return self.pending_path.read_text(encoding="utf-8").strip()[:64] or "unknown"
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("update flag unreadable: %s", exc)
            return None

    def requested(self) -> bool:
        return self.requested_path.exists()

    def offer(self, *, idle: bool) -> bool:
        """Between customers (``idle``: no session in progress), ask the updater to install a
        pending update; True when it was asked now. From then on :meth:`blocks_sessions`."""
        if not idle or self.requested():
            return False
        version = self.pending()
        if version is None:
            return False
        tmp = self.requested_path.with_suffix(".tmp")
        try:
            tmp.write_text(f"{version}\n{os.getpid()}\n", encoding="utf-8")
            tmp.replace(self.requested_path)  # atomic: the path unit sees a whole file
        except OSError as exc:
            log.warning("could not ask for the update to %s: %s", version, exc)
            return False
        log.info("idle: asked the updater to install version %s", version)
        return True

    def blocks_sessions(self) -> bool:
        return self.requested()

    def reasons(self) -> list[str]:
        """Freeze reasons: new sessions wait while the update is asked for or installing."""
        return [UPDATING_REASON] if self.blocks_sessions() else []

    def result(self) -> dict[str, Any] | None:
        """The last update's outcome for the heartbeat, None without one (or unreadable)."""
        try:
            data = json.loads(self.result_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("update result unreadable: %s", exc)
            return None
        if not isinstance(data, dict) or data.get("result") not in RESULTS:
            return None
        return {
            "result": data["result"],
            "version": str(data.get("version") or "")[:64],
            "previous_version": str(data.get("previous_version") or "")[:64],
            "at": str(data.get("at") or "")[:40],
            "detail": str(data.get("detail") or "")[:500],
        }

    def note_running(self, version: str) -> None:
        """The kiosk application is up: a ``start_failed`` of this version is over."""
        data = self.result()
        if (
            data is None
            or data["result"] != UpdateResult.START_FAILED
            or data["version"] != version
        ):
            return
        data["result"] = UpdateResult.RECOVERED
        try:
            tmp = self.result_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            tmp.replace(self.result_path)
        except OSError as exc:
            log.warning("could not mark the update as recovered: %s", exc)
