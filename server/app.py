"""The server's composition root: :func:`create_app` assembles the HTTP edge (server.api: one
router per resource, typed dependencies, the refusal handlers, the body limit) around one
:class:`~server.activations.ActivationService`; :func:`app_from_environment` is uvicorn's factory
in every worker process.

Every limit comes from the service's :class:`~server.config.ServerConfig` (the one configuration
mechanism: SIMKIOSK_SERVER_* variables, overridden by the command line's options).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from server.activations import ActivationService, audit_row
from server.api import activations, evidence, fleet, fleet_page, meta
from server.api.body_limit import (
    BUSY,
    RATE_LIMITED,
    TOO_LARGE,
    TOO_SLOW,
    BodyLimit,
    BodyRules,
    client_address,
)
from server.api.deps import Services
from server.api.errors import install_handlers
from server.config import ServerConfig
from server.refusals import Refusal
from simcontract.answers import AnswerCode

API_VERSION = "1"
log = logging.getLogger("server")


async def _flush_refusal_counts(service: ActivationService) -> None:
    """Every half minute, the counts of refused requests of the minutes that are over into the
    audit (a flood that stops still leaves its row without waiting for the next refusal)."""
    while True:
        await asyncio.sleep(30)
        try:
            await run_in_threadpool(service.flush_refusal_counts, everything=False)
        except Exception as exc:  # the database may be away for a while; the next round retries
            log.error("cannot write the refusal counts into the audit: %s", type(exc).__name__)


def create_app(service: ActivationService | None = None) -> FastAPI:
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

    app = FastAPI(
        title="simkiosk activation server",
        version=API_VERSION,
        lifespan=lifespan,
        description="Reference central server for simkiosk: verifies signed SIM "
        "activation records and answers with signed receipts.",
        docs_url=None,
        redoc_url=None,
    )
    services = Services.around(service) if service is not None else None
    app.state.services = services
    for router in (
        meta.router,
        activations.router,
        evidence.router,
        fleet.router,
        fleet_page.router,
    ):
        app.include_router(router)
    install_handlers(app)

    def config() -> ServerConfig:
        return service.config if service is not None else ServerConfig()

    def limit_for(scope: Scope) -> int:
        return (
            config().max_evidence_bytes
            if evidence.EVIDENCE_PATH_RE.fullmatch(scope.get("path", ""))
            else config().max_body_bytes
        )

    async def refuse(scope: Scope, why: str) -> Refusal:
        """The refusal of a request BodyLimit stops before routing, audited."""
        path, address = scope.get("path", ""), client_address(scope)
        if services is None:
            return _body_refusal(why, limit_for(scope))
        svc = services.activations
        if why == RATE_LIMITED:
            return await run_in_threadpool(svc.refuse_rate_limited, address)
        upload = evidence.EVIDENCE_PATH_RE.fullmatch(path)
        if why == TOO_LARGE and path == activations.ACTIVATIONS_PATH:
            return await run_in_threadpool(svc.refuse_too_large, address)
        if why == TOO_LARGE and upload is not None:
            return await run_in_threadpool(
                services.evidence.refuse_too_large, upload.group(1), address
            )
        refusal = _body_refusal(why, limit_for(scope))
        await run_in_threadpool(
            svc.audit_refusal,
            address,
            False,
            audit_row(
                svc.receipt_key,
                outcome="refused",
                code=refusal.code,
                status=refusal.status,
                kiosk_id=None,
                record_id=None,
                iin=None,
                reason=refusal.message,
            ),
        )
        return refusal

    def blocked(address: str) -> bool:
        return services is not None and services.activations.refusals.blocked(address)

    cfg = config()
    app.add_middleware(
        BodyLimit,
        limit_for=limit_for,
        refuse=refuse,
        blocked=blocked,
        rules=BodyRules(cfg.body_idle_timeout_s, cfg.body_timeout_s, cfg.max_inflight_body_bytes),
    )
    return app


def _body_refusal(why: str, limit: int) -> Refusal:
    code, message = {
        TOO_LARGE: (AnswerCode.BODY_TOO_LARGE, f"the request body exceeds {limit} bytes"),
        TOO_SLOW: (AnswerCode.BODY_TIMEOUT, "the request body arrived too slowly"),
        BUSY: (AnswerCode.SERVER_BUSY, "the server holds too many request bodies; try again"),
        RATE_LIMITED: (AnswerCode.RATE_LIMITED, "too many refused requests from this address"),
    }[why]
    return Refusal(code, message)


def build_service(config: ServerConfig) -> ActivationService:
    """Engine, keys and service for a configured server (migrations already run)."""
    from server.db import make_engine
    from server.keys import load_evidence_key, load_receipt_key

    engine = make_engine(config.db, pool_size=config.db_pool_size)
    return ActivationService(
        engine, config, load_receipt_key(config.home_path), load_evidence_key(config.home_path)
    )


def app_from_environment() -> FastAPI:
    """uvicorn's factory in every worker process: configuration from SIMKIOSK_SERVER_*."""
    from server.config import load_config

    return create_app(build_service(load_config(os.environ)))
