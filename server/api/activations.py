"""``POST /v1/activations``: the raw body (no Pydantic model: the record has its own JSON Schema
and the rules need the exact bytes), opened when it arrives sealed, then the rules on the thread
pool, where database calls may block."""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request, Response

from server.api import transport
from server.api.body_limit import client_address
from server.api.deps import Activations, Threads
from server.api.errors import answer
from server.api.models import REFUSALS, ErrorBody, ReceiptEnvelope, record_envelope_schema

ACTIVATIONS_PATH = "/v1/activations"
router = APIRouter()


@router.post(
    ACTIVATIONS_PATH,
    status_code=201,
    response_model=ReceiptEnvelope,
    response_description="activated: the receipt signed by the server",
    responses={
        200: {"model": ReceiptEnvelope, "description": "the same record again: the stored receipt"},
        **{status: {"model": ErrorBody, "description": text} for status, text in REFUSALS.items()},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "a record envelope signed by the kiosk, plain "
            "or sealed to the server's evidence/transport key",
            "content": transport.request_content(record_envelope_schema()),
        }
    },
)
async def post_activation(request: Request, service: Activations, threads: Threads) -> Response:
    """Activate a SIM from a kiosk-signed record; 201 with a signed receipt."""
    # sealed, but not to this server's key (or damaged): the Refusal "unsealable"
    body = transport.open_body(await request.body(), service.transport_key)
    done = await anyio.to_thread.run_sync(
        service.submit, body, client_address(request.scope), limiter=threads
    )
    return answer(done)
