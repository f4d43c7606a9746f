"""What the rules decide, without HTTP: a :class:`Refusal` (a stable code and plain words) or a
:class:`Done` (a code and the answer's JSON), and the one table from those codes to HTTP
statuses.

The rules (activations, evidence, provisioning, heartbeats) raise and return these and never
spell a status; the HTTP edge (:mod:`server.api.errors`) answers with :data:`HTTP_STATUS`, and the
audit records the same status in its ``http_status`` column (0 for operations that are not
requests: the command line's).
"""

from __future__ import annotations

from dataclasses import dataclass

# Every code a request can end with, and the HTTP status it is answered with.
HTTP_STATUS: dict[str, int] = {
    # done
    "activated": 201, "resent": 200,
    "evidence_stored": 201, "evidence_resent": 200,
    "kiosk_provisioned": 201,
    "heartbeat_kept": 204,
    "operator_login": 200,  # as the audit keeps it; the page then redirects (303) to /fleet
    # refused: the request itself
    "malformed": 400, "unsealable": 400,
    "body_timeout": 408, "body_too_large": 413,
    "rate_limited": 429, "server_busy": 503,
    # refused: who sent it
    "unknown_kiosk": 403, "kiosk_revoked": 403, "key_mismatch": 403, "bad_signature": 403,
    "token_invalid": 403, "kiosk_id_mismatch": 403,
    "login_refused": 401, "login_rate_limited": 429,
    # refused: what it says
    "schema_invalid": 422, "future_dated": 422, "too_old": 422, "evidence_mismatch": 422,
    "bad_kiosk_id": 422, "bad_public_key": 422,
    "unknown_record": 404,
    "record_conflict": 409, "iccid_active": 409, "sim_limit_reached": 409,
    "no_sealed_evidence": 409, "token_used": 409, "heartbeat_stale": 409,
    "token_expired": 410,
}


def http_status(code: str) -> int:
    return HTTP_STATUS[code]


class Refusal(Exception):
    """A rule refused the request. ``audit_reason``: what the audit keeps when it must differ
    from the message (never a value from a record, only where the problem was); ``kiosk_id``:
    the kiosk the audit row names, when the rule knows it."""

    def __init__(self, code: str, message: str, audit_reason: str | None = None, *,
                 kiosk_id: str | None = None) -> None:
        if code not in HTTP_STATUS:
            raise ValueError(f"refusal code {code!r} has no HTTP status in server.refusals")
        super().__init__(message)
        self.code, self.message, self.kiosk_id = code, message, kiosk_id
        self.audit_reason = audit_reason or message

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.code]


@dataclass(frozen=True)
class Done:
    """A request the rules carried out: its code (a key of :data:`HTTP_STATUS`) and the JSON
    body of the answer (empty for 204)."""

    code: str
    body: bytes = b""

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.code]
