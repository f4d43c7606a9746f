"""The fleet's HTTP routes: ``POST /v1/provision`` (a one-time token registers a kiosk's key and
answers with the server's keys) and ``POST /v1/heartbeats`` (a kiosk's signed heartbeat). Both
run their database work on the thread pool."""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request, Response

from server.api.deps import Database, Provisioning
from server.api.errors import answer
from server.heartbeats import accept_heartbeat
from simcontract.answers import AnswerCode

router = APIRouter()

_PROVISION_REFUSALS = {
    400: "malformed: not a JSON object with token, kiosk_id and public_key_pem",
    403: "token_invalid (unknown or not a token), kiosk_id_mismatch or kiosk_revoked",
    409: "token_used: the token was spent already",
    410: AnswerCode.TOKEN_EXPIRED,
    422: "bad_kiosk_id or bad_public_key",
}
_HEARTBEAT_REFUSALS = {
    400: AnswerCode.MALFORMED,
    403: "unknown_kiosk, kiosk_revoked, key_mismatch or bad_signature",
    409: "heartbeat_stale: a heartbeat sent at the same time or later is already kept",
    422: AnswerCode.SCHEMA_INVALID,
}


@router.post(
    "/v1/provision",
    status_code=201,
    responses={status: {"description": text} for status, text in _PROVISION_REFUSALS.items()},
)
async def provision(request: Request, provisioning: Provisioning) -> Response:
    """Register a kiosk's Ed25519 public key with a one-time enrolment token; 201 with the
    kiosk id, its key id and the server's receipt and evidence keys to pin."""
    body = await request.body()
    return answer(await anyio.to_thread.run_sync(provisioning.provision, body))


@router.post(
    "/v1/heartbeats",
    status_code=204,
    responses={status: {"description": text} for status, text in _HEARTBEAT_REFUSALS.items()},
)
async def heartbeat(request: Request, engine: Database) -> Response:
    """Keep a kiosk's signed heartbeat (the latest per kiosk); 204."""
    body = await request.body()
    return answer(await anyio.to_thread.run_sync(accept_heartbeat, engine, body))
