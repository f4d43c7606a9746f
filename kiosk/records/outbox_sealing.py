"""Sealing outbox records at rest to the server's key (see kiosk.records.at_rest), including
sealing what an older release stored plain (a mixin of Outbox)."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.records.outbox_errors import OutboxError, _storage
from kiosk.records.outbox_schema import PURGED, _loads
from simcontract import sealing

log = logging.getLogger("kiosk.records.outbox")  # one logger name for the whole outbox


class SealingAtRest:
    """Outbox methods for sealing at rest (uses ``self._seal_to``, ``_lock``, ``_db``, ``_tx``
    and ``_overwrite_freed``)."""

    # What Outbox provides (declared for the type checker; set by Outbox.__init__).
    _seal_to: X25519PublicKey | Callable[[], X25519PublicKey | None] | None
    _db: sqlite3.Connection
    _lock: threading.RLock

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # Outbox._tx

    def _overwrite_freed(self) -> None:
        raise NotImplementedError  # Outbox._overwrite_freed

    def _seal_key(self) -> X25519PublicKey | None:
        if self._seal_to is None or isinstance(self._seal_to, X25519PublicKey):
            return self._seal_to
        key = self._seal_to()
        if key is not None:
            self._seal_to = key  # pinned keys do not change under a running kiosk
            # learnt after opening: what an older release left plain is sealed now, not at the
            # next start
            try:
                self._seal_plain()
            except OutboxError as exc:
                log.error("outbox: plain records not sealed yet: %s", exc)
        return key

    @property
    def seals(self) -> bool:
        """New records are stored sealed to the server."""
        return self._seal_key() is not None

    def _stored_form(self, envelope: dict[str, Any], key: X25519PublicKey | None) -> str:
        stored = envelope if key is None else sealing.seal_envelope(envelope, key)
        return json.dumps(dict(stored), ensure_ascii=False, separators=(",", ":"))

    @_storage
    def _seal_plain(self) -> int:
        """Records stored plain (by an older kiosk, or with records.seal_at_rest off): fill in
        their plain facts and, when the server's key is known, seal them; then the old bytes
        are overwritten (VACUUM rewrites the file, free pages included; the WAL is truncated).
        Returns how many were sealed."""
        key = self._seal_key()  # first: resolving the key may seal them already
        with self._lock:
            rows = self._db.execute(
                "SELECT record_id, envelope, envelope_sha256 FROM records WHERE envelope != ? "
                "AND envelope NOT LIKE '{\"sealed\":%'",
                (PURGED,),
            ).fetchall()
        todo = [(rid, text) for rid, text, known in rows if key is not None or known is None]
        if not todo:
            return 0
        sealed = 0
        with self._tx() as db:
            for record_id, text in todo:
                envelope = _loads(text)
                if not isinstance(envelope, dict) or not isinstance(envelope.get("record"), dict):
                    continue  # unreadable: get() sets it aside as before
                facts = sealing.public_fields(envelope)
                new_text = text if key is None else self._stored_form(envelope, key)
                n = db.execute(
                    "UPDATE records SET envelope = ?, key_id = ?, kiosk_id = ?, "
                    "iccid_tail = ?, iccid_sha256 = ?, envelope_sha256 = ? "
                    "WHERE record_id = ? AND envelope = ?",
                    (
                        new_text,
                        facts["key_id"],
                        facts["kiosk_id"],
                        facts["iccid_tail"],
                        facts["iccid_sha256"],
                        facts["envelope_sha256"],
                        record_id,
                        text,
                    ),
                ).rowcount
                sealed += n if new_text != text else 0
        if sealed:
            with self._lock:
                self._db.execute("VACUUM")
            self._overwrite_freed()
            log.info("outbox: %d plain record(s) sealed to the server's key", sealed)
        return sealed
