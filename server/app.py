"""The HTTP face of the server (FastAPI): /health, /v1/server-key, POST /v1/activations and
PUT /v1/activations/{record_id}/evidence.

The activation endpoint takes the raw body (no Pydantic model: the record has its own JSON Schema
and the rules need the exact bytes) and runs the rules on the thread pool, where database calls
may block; so does the evidence upload. Bodies over the route's limit are refused by a small ASGI
layer before any parsing (evidence may be megabytes, a record never more than a few KiB).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import FastAPI, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import transport
from server.activations import ActivationService, Outcome, audit_row, error_body
from server.evidence import EVIDENCE_PATH_RE, EvidenceService
from server.fleet_api import router as fleet_router
from server.fleet_page import router as fleet_page_router
from simcontract.times import rfc3339
from simcontract.validation import schema as record_schema

API_VERSION = "1"
ACTIVATIONS_PATH = "/v1/activations"
EVIDENCE_PATH = "/v1/activations/{record_id}/evidence"
log = logging.getLogger("server")


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    time: str = Field(description="the server's clock, RFC 3339 UTC")


class ServerKey(BaseModel):
    key_id: str = Field(pattern="^[0-9a-f]{32}$",
                        description="first 32 hex digits of SHA-256 over the raw public key")
    public_key_pem: str = Field(description="the receipt-signing Ed25519 key, SPKI PEM")
    evidence_key_id: str = Field(pattern="^[0-9a-f]{32}$",
                                 description="first 32 hex digits of SHA-256 over the raw X25519 "
                                             "public key")
    evidence_public_key_pem: str = Field(description="the X25519 key kiosks seal evidence images "
                                                     "to, SPKI PEM")


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
    ciphertext_sha256: str = Field(pattern="^[0-9a-f]{64}$",
                                   description="SHA-256 of the stored bytes, as in the record")


class ErrorDetail(BaseModel):
    code: str = Field(description="stable snake_case reason, e.g. sim_limit_reached")
    message: str = Field(description="plain words")


class ErrorBody(BaseModel):
    error: ErrorDetail


def _record_envelope_schema() -> dict[str, Any]:
    record = {k: v for k, v in record_schema().items() if k not in ("$schema", "$id")}
    return {"type": "object", "additionalProperties": False,
            "required": ["record", "key_id", "signature"],
            "properties": {
                "record": record,
                "key_id": {"type": "string", "pattern": "^[0-9a-f]{32}$",
                           "description": "the kiosk key's id"},
                "signature": {"type": "string",
                              "description": "base64 Ed25519 signature over the RFC 8785 "
                                             "canonical record"}}}


_REFUSALS = {
    400: "malformed: the body is not JSON or not an envelope; unsealable: a sealed envelope "
         "that does not open with this server's key",
    403: "unknown_kiosk, kiosk_revoked, key_mismatch or bad_signature",
    409: "record_conflict (same record id, different record), iccid_active or sim_limit_reached",
    408: "body_timeout: the body paused or took too long (retry)",
    413: "body_too_large",
    422: "schema_invalid, future_dated or too_old",
    429: "rate_limited: this address sent too many refused requests this minute (retry later)",
    503: "server_busy: too many request bodies in flight, or too many connections (retry)",
}
_EVIDENCE_REFUSALS = {
    404: "unknown_record: no accepted activation has this record id (or it is not a record id)",
    409: "no_sealed_evidence: the activation's record has no evidence.sealed block",
    413: "body_too_large (SIMKIOSK_SERVER_MAX_EVIDENCE_BYTES)",
    422: "evidence_mismatch: the body's SHA-256 is not the record's "
         "evidence.sealed.ciphertext_sha256",
    408: _REFUSALS[408], 429: _REFUSALS[429], 503: _REFUSALS[503],
}


@dataclass(frozen=True)
class BodyRules:
    """What BodyLimit enforces (from ServerConfig; see docs/server.md "Limits")."""

    idle_timeout_s: float = 15.0
    total_timeout_s: float = 120.0
    max_inflight_bytes: int = 16 * 1024 * 1024


# the refusals BodyLimit makes before the app sees a request
TOO_LARGE, TOO_SLOW, BUSY, RATE_LIMITED = "too_large", "too_slow", "busy", "rate_limited"


def client_address(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


class BodyLimit:
    """Reads the whole body up to the route's limit (``limit_for(scope)``), then hands the app a
    replay of it. Refuses (``refuse(scope, why)`` makes the answer, connection closed):
    413 as soon as the limit is exceeded (by Content-Length or by what actually arrives);
    408 when the body pauses longer than ``idle_timeout_s`` or takes longer than
    ``total_timeout_s``; 503 when the bodies held by all requests together would exceed
    ``max_inflight_bytes``; 429, before reading anything, for an address ``blocked(address)``
    says has used up its refusals."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[Scope], int],
                 refuse: Callable[[Scope, str], Awaitable[Outcome]],
                 blocked: Callable[[str], bool] = lambda _address: False,
                 rules: BodyRules = BodyRules()) -> None:
        self.app, self.limit_for, self.refuse, self.blocked, self.rules = (app, limit_for, refuse,
                                                                           blocked, rules)
        self.inflight = 0  # body bytes held by this process's requests (one event loop)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        address = client_address(scope)
        if address is not None and scope["method"] in ("POST", "PUT") and self.blocked(address):
            await self._refuse(scope, send, RATE_LIMITED)
            return
        max_bytes = self.limit_for(scope)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await self._refuse(scope, send, TOO_LARGE)
            return
        # what was read is counted in self.inflight until the answer has been sent
        chunks: list[bytes] = []
        joined = 0
        try:
            why = await self._read(receive, chunks, max_bytes)
            if why is not None:
                if why != "disconnected":
                    await self._refuse(scope, send, why)
                return
            body = b"".join(chunks)
            joined = len(body)
            chunks.clear()  # not held twice
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send)
        finally:
            self.inflight -= joined + sum(map(len, chunks))

    async def _read(self, receive: Receive, chunks: list[bytes], max_bytes: int) -> str | None:
        """Fills ``chunks``; None when the body is complete, else why it is refused (or
        "disconnected"). Every byte appended is counted in ``self.inflight``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.rules.total_timeout_s
        total = 0
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return TOO_SLOW
            try:
                message = await asyncio.wait_for(receive(),
                                                 min(self.rules.idle_timeout_s, remaining))
            except TimeoutError:
                return TOO_SLOW
            if message["type"] == "http.disconnect":
                return "disconnected"
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > max_bytes:
                return TOO_LARGE
            if self.inflight + len(chunk) > self.rules.max_inflight_bytes:
                return BUSY
            self.inflight += len(chunk)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return None

    async def _refuse(self, scope: Scope, send: Send, why: str) -> None:
        outcome = await self.refuse(scope, why)
        await send({"type": "http.response.start", "status": outcome.status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(outcome.body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": outcome.body})


async def _flush_refusal_counts(service: ActivationService) -> None:
    """Every half minute, the counts of refused requests of the minutes that are over into the
    audit (a flood that stops still leaves its row without waiting for the next refusal)."""
    while True:
        await asyncio.sleep(30)
        try:
            await run_in_threadpool(service.flush_refusal_counts, everything=False)
        except Exception as exc:  # the database may be away for a while; the next round retries
            log.error("cannot write the refusal counts into the audit: %s", type(exc).__name__)


def _json(status: int, body: bytes) -> Response:
    return Response(body, status_code=status, media_type="application/json")


def _limiter(app: FastAPI, service: ActivationService) -> anyio.CapacityLimiter:
    if app.state.limiter is None:
        # as many request threads as database connections: more threads would only queue
        # for a connection while contending for the GIL
        app.state.limiter = anyio.CapacityLimiter(service.config.db_pool_size)
    return app.state.limiter


def create_app(service: ActivationService | None = None, *, max_body_bytes: int = 64 * 1024,
               max_evidence_bytes: int = 4 * 1024 * 1024) -> FastAPI:
    """The application. Without a service it still describes itself (``openapi``)."""
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if service is None:
            yield
            return
        flusher = asyncio.create_task(_flush_refusal_counts(service))
        try:
            yield
        finally:
            flusher.cancel()
            # the counted refusals of the last minute into the audit
            await run_in_threadpool(service.flush_refusal_counts)

    app = FastAPI(title="simkiosk activation server", version=API_VERSION, lifespan=lifespan,
                  description="Reference central server for simkiosk: verifies signed SIM "
                              "activation records and answers with signed receipts.",
                  docs_url=None, redoc_url=None)
    app.state.service = service
    app.state.evidence = EvidenceService(service) if service is not None else None
    app.state.limiter = None

    @app.get("/health", response_model=Health)
    def health() -> Response:
        now = rfc3339(datetime.now(UTC))
        return _json(200, json.dumps({"status": "ok", "time": now}).encode())

    @app.get("/v1/server-key", response_model=ServerKey)
    def server_key(request: Request) -> Response:
        return _json(200, request.app.state.service.server_key_body)

    @app.post(ACTIVATIONS_PATH, status_code=201, response_model=ReceiptEnvelope,
              response_description="activated: the receipt signed by the server",
              responses={200: {"model": ReceiptEnvelope,
                               "description": "the same record again: the stored receipt"},
                         **{status: {"model": ErrorBody, "description": text}
                            for status, text in _REFUSALS.items()}},
              openapi_extra={"requestBody": {
                  "required": True, "description": "a record envelope signed by the kiosk, plain "
                  "or sealed to the server's evidence/transport key",
                  "content": transport.request_content(_record_envelope_schema())}})
    async def post_activation(request: Request) -> Response:
        """Activate a SIM from a kiosk-signed record; 201 with a signed receipt."""
        body = transport.open_body(await request.body(), request.app.state.service.transport_key)
        if isinstance(body, Outcome):  # sealed, but not to this server's key (or damaged)
            return _json(body.status, body.body)
        service = request.app.state.service
        outcome = await anyio.to_thread.run_sync(service.submit, body, client_address(
            request.scope), limiter=_limiter(app, service))
        return _json(outcome.status, outcome.body)

    @app.put(EVIDENCE_PATH, status_code=201, response_model=EvidenceStored,
             response_description="stored: these bytes are the record's sealed evidence",
             responses={200: {"model": EvidenceStored,
                              "description": "the same bytes again: already stored"},
                        **{status: {"model": ErrorBody, "description": text}
                           for status, text in _EVIDENCE_REFUSALS.items()}},
             openapi_extra={"requestBody": {
                 "required": True,
                 "description": "the sealed evidence ciphertext exactly as the kiosk sealed it "
                                "(its SHA-256 is the record's evidence.sealed.ciphertext_sha256)",
                 "content": {"application/octet-stream": {
                     "schema": {"type": "string", "format": "binary"}}}}})
    async def put_evidence(request: Request, record_id: Annotated[str, Path(
            description="the record id of an accepted activation")]) -> Response:
        """Store the sealed evidence images of an accepted activation; 201, or 200 when the same
        bytes were stored before. The kiosk-signed record pins their SHA-256, so no other bytes
        can be stored and no further authentication is needed."""
        body = await request.body()
        evidence = request.app.state.evidence
        outcome = await anyio.to_thread.run_sync(evidence.upload, record_id, body,
                                                 client_address(request.scope),
                                                 limiter=_limiter(app, evidence.activations))
        return _json(outcome.status, outcome.body)

    app.include_router(fleet_router)
    app.include_router(fleet_page_router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code,
                                                                 f"http_{exc.status_code}")
        return _json(exc.status_code, error_body(code, str(exc.detail)))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, _exc: RequestValidationError) -> Response:
        return _json(400, error_body("malformed", "the request is not well formed"))

    @app.exception_handler(Exception)
    async def server_fault(_request: Request, exc: Exception) -> Response:
        # Only the type: database errors carry statement parameters (personal data).
        log.error("internal error while answering a request: %s", type(exc).__name__)
        return _json(500, error_body("internal_error", "the server failed; try again later"))

    def limit_for(scope: Scope) -> int:
        return max_evidence_bytes if EVIDENCE_PATH_RE.fullmatch(scope.get("path", "")) \
            else max_body_bytes

    async def refuse(scope: Scope, why: str) -> Outcome:
        svc, path = app.state.service, scope.get("path", "")
        address = client_address(scope)
        if why == RATE_LIMITED and svc is not None:
            return await run_in_threadpool(svc.refuse_rate_limited, address)
        if why == TOO_LARGE and svc is not None and path == ACTIVATIONS_PATH:
            return await run_in_threadpool(svc.refuse_too_large, address)
        if why == TOO_LARGE and svc is not None and EVIDENCE_PATH_RE.fullmatch(path):
            return await run_in_threadpool(app.state.evidence.refuse_too_large, path, address)
        status, code, message = {
            TOO_LARGE: (413, "body_too_large",
                        f"the request body exceeds {limit_for(scope)} bytes"),
            TOO_SLOW: (408, "body_timeout", "the request body arrived too slowly"),
            BUSY: (503, "server_busy", "the server holds too many request bodies; try again"),
            RATE_LIMITED: (429, "rate_limited", "too many refused requests from this address"),
        }[why]
        if svc is not None:
            await run_in_threadpool(svc.audit_refusal, address, False, audit_row(
                svc.receipt_key, outcome="refused", code=code, status=status, kiosk_id=None,
                record_id=None, iin=None, reason=message))
        return Outcome(status, error_body(code, message))

    def blocked(address: str) -> bool:
        svc = app.state.service
        return svc is not None and svc.refusals.blocked(address)

    config = service.config if service is not None else None
    rules = BodyRules() if config is None else BodyRules(
        config.body_idle_timeout_s, config.body_timeout_s, config.max_inflight_body_bytes)
    app.add_middleware(BodyLimit, limit_for=limit_for, refuse=refuse, blocked=blocked,
                       rules=rules)
    return app


def build_service(config: Any) -> ActivationService:
    """Engine, keys and service for a configured server (migrations already run)."""
    from server.db import make_engine
    from server.keys import load_evidence_key, load_receipt_key

    engine = make_engine(config.db, pool_size=config.db_pool_size)
    return ActivationService(engine, config, load_receipt_key(config.home_path),
                             load_evidence_key(config.home_path))


def app_from_environment() -> FastAPI:
    """uvicorn's factory in every worker process: configuration from SIMKIOSK_SERVER_*."""
    from server.config import load_config

    config = load_config(os.environ)
    return create_app(build_service(config), max_body_bytes=config.max_body_bytes,
                      max_evidence_bytes=config.max_evidence_bytes)
