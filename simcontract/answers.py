"""The codes the server answers a request with (``{"error": {"code", ...}}`` on a refusal, the
audit's code and the receipt's ``status`` on success): part of the contract, since the kiosk acts
on some of them (a revoked or unknown kiosk freezes it, a future-dated record means its clock is
wrong). The server maps each to its HTTP status (server/refusals.py ``HTTP_STATUS``, which must
name every one of these)."""

from __future__ import annotations

import enum


class AnswerCode(enum.StrEnum):
    # done
    ACTIVATED = "activated"  # also the signed receipt's "status"
    RESENT = "resent"
    EVIDENCE_STORED = "evidence_stored"
    EVIDENCE_RESENT = "evidence_resent"
    KIOSK_PROVISIONED = "kiosk_provisioned"
    HEARTBEAT_KEPT = "heartbeat_kept"
    OPERATOR_LOGIN = "operator_login"
    # refused: the request itself
    MALFORMED = "malformed"
    UNSEALABLE = "unsealable"
    BODY_TIMEOUT = "body_timeout"
    BODY_TOO_LARGE = "body_too_large"
    RATE_LIMITED = "rate_limited"
    SERVER_BUSY = "server_busy"
    # refused: who sent it
    UNKNOWN_KIOSK = "unknown_kiosk"
    KIOSK_REVOKED = "kiosk_revoked"
    KEY_MISMATCH = "key_mismatch"
    BAD_SIGNATURE = "bad_signature"
    TOKEN_INVALID = "token_invalid"
    KIOSK_ID_MISMATCH = "kiosk_id_mismatch"
    LOGIN_REFUSED = "login_refused"
    LOGIN_RATE_LIMITED = "login_rate_limited"
    # refused: what it says
    SCHEMA_INVALID = "schema_invalid"
    FUTURE_DATED = "future_dated"
    TOO_OLD = "too_old"
    EVIDENCE_MISMATCH = "evidence_mismatch"
    BAD_KIOSK_ID = "bad_kiosk_id"
    BAD_PUBLIC_KEY = "bad_public_key"
    UNKNOWN_RECORD = "unknown_record"
    RECORD_CONFLICT = "record_conflict"
    ICCID_ACTIVE = "iccid_active"
    SIM_LIMIT_REACHED = "sim_limit_reached"
    NO_SEALED_EVIDENCE = "no_sealed_evidence"
    TOKEN_USED = "token_used"
    HEARTBEAT_STALE = "heartbeat_stale"
    TOKEN_EXPIRED = "token_expired"
