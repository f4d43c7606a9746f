"""What every device shares: a health report and one error type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class DeviceError(Exception):
    """A device is missing, busy or failed; the message says which and why."""


@dataclass(frozen=True)
class DeviceHealth:
    device_id: str
    ok: bool
    detail: str
    info: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"device_id": self.device_id, "ok": self.ok, "detail": self.detail,
                "info": self.info}
