"""What every device shares: a health report and one error type (:class:`DeviceError`, defined in
the kiosk's exception tree, ``kiosk/errors.py``, and re-exported here for the drivers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.errors import DeviceError

__all__ = ["DeviceError", "DeviceHealth"]


@dataclass(frozen=True)
class DeviceHealth:
    device_id: str
    ok: bool
    detail: str
    info: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "ok": self.ok,
            "detail": self.detail,
            "info": self.info,
        }
