"""Request bodies bounded before routing: a small ASGI layer reads the whole body up to the
route's limit (evidence may be megabytes, a record never more than a few KiB), with time limits
and a bound on what all requests hold together, then replays it to the app."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.errors import error_body
from server.refusals import HTTP_STATUS, Refusal


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

    def __init__(
        self,
        app: ASGIApp,
        limit_for: Callable[[Scope], int],
        refuse: Callable[[Scope, str], Awaitable[Refusal]],
        blocked: Callable[[str], bool] = lambda _address: False,
        rules: BodyRules = BodyRules(),
    ) -> None:
        self.app, self.limit_for, self.refuse, self.blocked, self.rules = (
            app,
            limit_for,
            refuse,
            blocked,
            rules,
        )
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
                message = await asyncio.wait_for(
                    receive(), min(self.rules.idle_timeout_s, remaining)
                )
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
        refusal = await self.refuse(scope, why)
        body = error_body(refusal.code, refusal.message)
        await send(
            {
                "type": "http.response.start",
                "status": HTTP_STATUS[refusal.code],
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
