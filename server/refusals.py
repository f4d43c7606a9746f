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

from simcontract.answers import AnswerCode

# Every code a request can end with (simcontract.answers, shared with the kiosk), and the HTTP
# status it is answered with. tests/server checks that every code has one.
C = AnswerCode
HTTP_STATUS: dict[AnswerCode, int] = {
    # done
    C.ACTIVATED: 201,
    C.RESENT: 200,
    C.EVIDENCE_STORED: 201,
    C.EVIDENCE_RESENT: 200,
    C.KIOSK_PROVISIONED: 201,
    C.HEARTBEAT_KEPT: 204,
    C.OPERATOR_LOGIN: 200,  # as the audit keeps it; the page then redirects (303) to /fleet
    # refused: the request itself
    C.MALFORMED: 400,
    C.UNSEALABLE: 400,
    C.BODY_TIMEOUT: 408,
    C.BODY_TOO_LARGE: 413,
    C.RATE_LIMITED: 429,
    C.SERVER_BUSY: 503,
    # refused: who sent it
    C.UNKNOWN_KIOSK: 403,
    C.KIOSK_REVOKED: 403,
    C.KEY_MISMATCH: 403,
    C.BAD_SIGNATURE: 403,
    C.TOKEN_INVALID: 403,
    C.KIOSK_ID_MISMATCH: 403,
    C.LOGIN_REFUSED: 401,
    C.LOGIN_RATE_LIMITED: 429,
    # refused: what it says
    C.SCHEMA_INVALID: 422,
    C.FUTURE_DATED: 422,
    C.TOO_OLD: 422,
    C.EVIDENCE_MISMATCH: 422,
    C.BAD_KIOSK_ID: 422,
    C.BAD_PUBLIC_KEY: 422,
    C.UNKNOWN_RECORD: 404,
    C.RECORD_CONFLICT: 409,
    C.ICCID_ACTIVE: 409,
    C.SIM_LIMIT_REACHED: 409,
    C.NO_SEALED_EVIDENCE: 409,
    C.TOKEN_USED: 409,
    C.HEARTBEAT_STALE: 409,
    C.TOKEN_EXPIRED: 410,
}
del C


def http_status(code: AnswerCode) -> int:
    return HTTP_STATUS[code]


class Refusal(Exception):
    """A rule refused the request. ``audit_reason``: what the audit keeps when it must differ
    from the message (never a value from a record, only where the problem was); ``kiosk_id``:
    the kiosk the audit row names, when the rule knows it."""

    def __init__(
        self,
        code: AnswerCode,
        message: str,
        audit_reason: str | None = None,
        *,
        kiosk_id: str | None = None,
    ) -> None:
        super().__init__(message)
        # refused here, where the rule is written, not later as a 500 when the edge looks it up
        if code not in HTTP_STATUS:
            raise ValueError(f"{code!r}: no HTTP status for this answer code")
        self.code, self.message, self.kiosk_id = AnswerCode(code), message, kiosk_id
        self.audit_reason = audit_reason or message

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.code]


@dataclass(frozen=True)
class Done:
    """A request the rules carried out: its code (a key of :data:`HTTP_STATUS`) and the JSON
    body of the answer (empty for 204)."""

    code: AnswerCode
    body: bytes = b""

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.code]
