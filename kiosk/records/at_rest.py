"""The outbox as the kiosk opens it: records sealed at rest to the server's key.

``records.seal_at_rest`` (default true): every record is stored sealed to the server's
evidence/transport key (configured or pinned, see :mod:`kiosk.records.keys`); while that key
is not known the outbox takes no record (the freeze rules stop enrollments first) rather than
store a plain one. false (air-gapped test rigs only): plain signed JSON, as before.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.errors import KioskError
from kiosk.records import keys
from kiosk.records.outbox import Outbox
from kiosk.settings import Settings


def open_outbox(settings: Settings) -> Outbox:
    if not settings.records.seal_at_rest:
        return Outbox(settings.outbox_path)

    # read when a record is stored: the key may be pinned after opening
    def server_key() -> X25519PublicKey | None:
        try:
            return keys.configured_evidence_key(settings)
        except KioskError:
            return None

    return Outbox(settings.outbox_path, seal_to=server_key, require_sealed=True)


def protection(settings: Settings, outbox: Outbox) -> str:
    """How the records on this kiosk are stored, in plain words (diagnostics, keys show)."""
    if not settings.records.seal_at_rest:
        return "records stored PLAIN (records.seal_at_rest = false: test rigs only)"
    if outbox.seals:
        return "records sealed to the server's key (this kiosk cannot read them back)"
    return "records cannot be stored: the server's key is not known yet (kiosk frozen)"
