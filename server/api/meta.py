"""``GET /health`` and ``GET /v1/server-key``."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from fastapi import APIRouter, Response

from server.api.deps import Activations
from server.api.errors import json_response
from server.api.models import Health, ServerKey
from simcontract.times import rfc3339

router = APIRouter()


@router.get("/health", response_model=Health)
def health() -> Response:
    now = rfc3339(datetime.now(UTC))
    return json_response(200, json.dumps({"status": "ok", "time": now}).encode())


@router.get("/v1/server-key", response_model=ServerKey)
def server_key(service: Activations) -> Response:
    return json_response(200, service.server_key_body)
