"""Refusals and results as HTTP answers: the status from :data:`server.refusals.HTTP_STATUS`,
the body ``{"error": {"code", "message"}}`` for a refusal, the rule's JSON for a result. The
exception handlers installed here are the only place a request's failure becomes a status."""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.refusals import HTTP_STATUS, Done, Refusal
from simcontract.answers import AnswerCode

log = logging.getLogger("server")


def error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


def json_response(status: int, body: bytes) -> Response:
    if status == 204:
        return Response(status_code=204)
    return Response(body, status_code=status, media_type="application/json")


def answer(done: Done) -> Response:
    return json_response(HTTP_STATUS[done.code], done.body)


def refused(refusal: Refusal) -> Response:
    return json_response(HTTP_STATUS[refusal.code], error_body(refusal.code, refusal.message))


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(Refusal)
    async def refusal(_request: Request, exc: Refusal) -> Response:
        return refused(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, f"http_{exc.status_code}"
        )
        return json_response(exc.status_code, error_body(code, str(exc.detail)))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, _exc: RequestValidationError) -> Response:
        return json_response(
            400, error_body(AnswerCode.MALFORMED, "the request is not well formed")
        )

    @app.exception_handler(Exception)
    async def server_fault(_request: Request, exc: Exception) -> Response:
        # Only the type: database errors carry statement parameters (personal data).
        log.error("internal error while answering a request: %s", type(exc).__name__)
        return json_response(
            500, error_body("internal_error", "the server failed; try again later")
        )
