"""The models and refusal lists of the OpenAPI document (docs/openapi.json). The routes answer
with raw bytes (the rules write the JSON), so the models describe; they do not serialise."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from simcontract.answers import AnswerCode
from simcontract.ids import KEY_ID_PATTERN, SHA256_HEX_PATTERN
from simcontract.validation import schema as record_schema


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    time: str = Field(description="the server's clock, RFC 3339 UTC")


class ServerKey(BaseModel):
    key_id: str = Field(
        pattern=KEY_ID_PATTERN, description="first 32 hex digits of SHA-256 over the raw public key"
    )
    public_key_pem: str = Field(description="the receipt-signing Ed25519 key, SPKI PEM")
    evidence_key_id: str = Field(
        pattern=KEY_ID_PATTERN,
        description="first 32 hex digits of SHA-256 over the raw X25519 public key",
    )
    evidence_public_key_pem: str = Field(
        description="the X25519 key kiosks seal evidence images to, SPKI PEM"
    )


class Receipt(BaseModel):
    receipt_id: str
    record_id: str
    kiosk_id: str
    iccid: str
    status: str = Field(examples=["activated"])
    issued_at: str = Field(description="RFC 3339 UTC with a Z suffix")


class ReceiptEnvelope(BaseModel):
    receipt: Receipt
    key_id: str = Field(description="the server key's id (see /v1/server-key)")
    signature: str = Field(description="base64 Ed25519 signature over the RFC 8785 receipt")


class EvidenceStored(BaseModel):
    record_id: str
    ciphertext_sha256: str = Field(
        pattern=SHA256_HEX_PATTERN, description="SHA-256 of the stored bytes, as in the record"
    )


class ErrorDetail(BaseModel):
    code: str = Field(description="stable snake_case reason, e.g. sim_limit_reached")
    message: str = Field(description="plain words")


class ErrorBody(BaseModel):
    error: ErrorDetail


def record_envelope_schema() -> dict[str, Any]:
    record = {k: v for k, v in record_schema().items() if k not in ("$schema", "$id")}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["record", "key_id", "signature"],
        "properties": {
            "record": record,
            "key_id": {
                "type": "string",
                "pattern": KEY_ID_PATTERN,
                "description": "the kiosk key's id",
            },
            "signature": {
                "type": "string",
                "description": "base64 Ed25519 signature over the RFC 8785 canonical record",
            },
        },
    }


REFUSALS = {
    400: "malformed: the body is not JSON or not an envelope; unsealable: a sealed envelope "
    "that does not open with this server's key",
    403: "unknown_kiosk, kiosk_revoked, key_mismatch or bad_signature",
    409: "record_conflict (same record id, different record), iccid_active or sim_limit_reached",
    408: "body_timeout: the body paused or took too long (retry)",
    413: AnswerCode.BODY_TOO_LARGE,
    422: "schema_invalid, future_dated or too_old",
    429: "rate_limited: this address sent too many refused requests this minute (retry later)",
    503: "server_busy: too many request bodies in flight, or too many connections (retry)",
}
EVIDENCE_REFUSALS = {
    404: "unknown_record: no accepted activation has this record id (or it is not a record id)",
    409: "no_sealed_evidence: the activation's record has no evidence.sealed block",
    413: "body_too_large (SIMKIOSK_SERVER_MAX_EVIDENCE_BYTES)",
    422: "evidence_mismatch: the body's SHA-256 is not the record's "
    "evidence.sealed.ciphertext_sha256",
    408: REFUSALS[408],
    429: REFUSALS[429],
    503: REFUSALS[503],
}
