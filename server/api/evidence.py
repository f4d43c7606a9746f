"""``PUT /v1/activations/{record_id}/evidence``: the sealed evidence of an accepted activation."""

from __future__ import annotations

import re
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, Request, Response

from server.api.body_limit import client_address
from server.api.deps import Evidence, Threads
from server.api.errors import answer
from server.api.models import EVIDENCE_REFUSALS, ErrorBody, EvidenceStored

EVIDENCE_PATH = "/v1/activations/{record_id}/evidence"
# the upload route, for the body limit (which runs before routing)
EVIDENCE_PATH_RE = re.compile(r"/v1/activations/([^/]+)/evidence")  # used with fullmatch
router = APIRouter()


@router.put(
    EVIDENCE_PATH,
    status_code=201,
    response_model=EvidenceStored,
    response_description="stored: these bytes are the record's sealed evidence",
    responses={
        200: {"model": EvidenceStored, "description": "the same bytes again: already stored"},
        **{
            status: {"model": ErrorBody, "description": text}
            for status, text in EVIDENCE_REFUSALS.items()
        },
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "the sealed evidence ciphertext exactly as the kiosk sealed it "
            "(its SHA-256 is the record's evidence.sealed.ciphertext_sha256)",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def put_evidence(
    request: Request,
    evidence: Evidence,
    threads: Threads,
    record_id: Annotated[str, Path(description="the record id of an accepted activation")],
) -> Response:
    """Store the sealed evidence images of an accepted activation; 201, or 200 when the same
    bytes were stored before. The kiosk-signed record pins their SHA-256, so no other bytes
    can be stored and no further authentication is needed."""
    body = await request.body()
    done = await anyio.to_thread.run_sync(
        evidence.upload, record_id, body, client_address(request.scope), limiter=threads
    )
    return answer(done)
