"""Clerk accounts for assisted mode: operator id + PIN, stored as scrypt hashes under the state
directory (owner-only), with a lock-out after repeated wrong PINs."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from pathlib import Path

from kiosk.errors import InputError
from kiosk.settings import well_known_pin
from simcontract.ids import is_clerk_id

MAX_FAILURES = 5
LOCKOUT_S = 300.0


def _hash(pin: str, salt: bytes) -> str:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32).hex()


class ClerkRegistry:
    def __init__(self, path: Path, clock=time.monotonic) -> None:
        self._path = path
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            return json.loads(self._path.read_text("utf-8"))
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, dict[str, str]]) -> None:
        tmp = self._path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._path)

    def add(self, clerk_id: str, pin: str, *, refuse_default_pins: bool = False) -> None:
        """Add or replace a clerk. ``refuse_default_pins``: a kiosk in service (`simkiosk clerks
        add`) refuses PINs anyone would try first; the demo's own clerk has a published one."""
        if not is_clerk_id(clerk_id):  # the record contract's rule: clerk ids go in records
            raise InputError(
                "clerk id must be 1-64 letters, digits, '.', '_' or '-' "
                "(Latin letters only: it goes into the records)"
            )
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            raise InputError("PIN must be 4 to 12 digits")
        if refuse_default_pins and well_known_pin(pin):
            raise InputError("PIN is a well-known default that anyone would try; choose another")
        salt = secrets.token_bytes(16)
        with self._lock:
            data = self._load()
            data[clerk_id] = {"salt": salt.hex(), "hash": _hash(pin, salt)}
            self._save(data)

    def remove(self, clerk_id: str) -> bool:
        with self._lock:
            data = self._load()
            found = data.pop(clerk_id, None) is not None
            if found:
                self._save(data)
            return found

    def ids(self) -> list[str]:
        return sorted(self._load())

    def locked_out(self, clerk_id: str) -> bool:
        now = self._clock()
        recent = [t for t in self._failures.get(clerk_id, []) if now - t < LOCKOUT_S]
        self._failures[clerk_id] = recent
        return len(recent) >= MAX_FAILURES

    def authenticate(self, clerk_id: str, pin: str) -> bool:
        with self._lock:
            if self.locked_out(clerk_id):
                return False
            entry = self._load().get(clerk_id)
            ok = entry is not None and hmac.compare_digest(
                _hash(pin, bytes.fromhex(entry["salt"])), entry["hash"]
            )
            if not ok:
                self._failures.setdefault(clerk_id, []).append(self._clock())
            else:
                self._failures.pop(clerk_id, None)
            return ok
