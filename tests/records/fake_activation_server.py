"""A small activation server on 127.0.0.1 that follows the server protocol (docs/server.md) and can
be told to misbehave for real: be down (its socket closed), slow, answer 500/429/409, or hand out
bad receipts. The reference server lives in ``server/``; this one exists so the client's tests do
not depend on it, and keeps its state across stop/start like a server restarting on its database.
"""

from __future__ import annotations

import contextlib
import json
import ssl
import threading
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from simcontract import signing, validation


class FakeActivationServer:
    """``mode``: ok | slow | 500 | 429 | 409 | bad_signature | wrong_record | drop (the
    connection is closed without an answer, after the activation was stored).
    ``fail_next``: answer that many requests with 500 before behaving per ``mode``."""

    def __init__(self, *, tls: ssl.SSLContext | None = None, port: int = 0) -> None:
        self.receipt_key = Ed25519PrivateKey.generate()
        self.kiosk_keys: dict[str, Ed25519PublicKey] = {}
        self.tls = tls
        self.mode = "ok"
        self.fail_next = 0
        self.slow_s = 2.0
        self.evidence_public_pem = ""  # offered at /v1/server-key when set
        self.lock = threading.Lock()
        self.posts = 0  # POST /v1/activations requests that reached a handler
        self.idempotency_keys: list[str] = []
        # record id -> (canonical record, receipt)
        self.activations: dict[str, tuple[bytes, dict[str, Any]]] = {}
        self.iccids: dict[str, str] = {}  # iccid -> record id
        self.created = 0  # activations created (a second one for a record id would be a bug)
        self._release = threading.Event()  # ends slow answers at stop()
        self._port = port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self._port}"

    def register(self, public_key: Ed25519PublicKey) -> None:
        self.kiosk_keys[signing.key_id(public_key)] = public_key

    def start(self) -> FakeActivationServer:
        self._release.clear()
        httpd = _QuietServer(("127.0.0.1", self._port), _handler_for(self))
        httpd.daemon_threads = False  # server_close() joins the handler threads
        if self.tls is not None:
            httpd.socket = self.tls.wrap_socket(
                httpd.socket, server_side=True, do_handshake_on_connect=False
            )
        self._port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-activation-server",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Down for real: the listening socket is closed, connections are refused."""
        self._release.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> FakeActivationServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the protocol ---------------------------------------------------------------------------

    def server_key_body(self) -> dict[str, str]:
        public = self.receipt_key.public_key()
        body = {"key_id": signing.key_id(public), "public_key_pem": signing.public_key_pem(public)}
        if self.evidence_public_pem:
            body["evidence_public_key_pem"] = self.evidence_public_pem
        return body

    def activate(self, body: bytes, idempotency_key: str | None) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.posts += 1
            self.idempotency_keys.append(idempotency_key or "")
            if self.fail_next > 0:
                self.fail_next -= 1
                return 500, _error("internal", "simulated failure")
            mode = self.mode
        if mode == "slow":
            self._release.wait(self.slow_s)
        if mode == "500":
            return 500, _error("internal", "simulated failure")
        if mode == "429":
            return 429, _error("too_many_requests", "slow down")
        if mode == "409":
            return 409, _error("iccid_active", "this SIM is already active")
        try:
            envelope = json.loads(body)
            key = self.kiosk_keys.get(envelope.get("key_id"))
        except (ValueError, AttributeError):
            return 400, _error("malformed", "body is not a JSON object")
        if key is None:
            return 403, _error("unknown_kiosk", "no kiosk with this key")
        try:
            record = signing.open_envelope("record", envelope, key)
        except signing.SignatureError as exc:
            return 403, _error("bad_signature", str(exc))
        try:
            validation.validate_record(record)
        except validation.RecordInvalid as exc:
            return 422, _error("schema_invalid", str(exc))
        canon = signing.canonical_bytes(record)
        rid, iccid = record["record_id"], record["sim"]["iccid"]
        with self.lock:
            known = self.activations.get(rid)
            if known is not None:
                if known[0] != canon:
                    return 409, _error("record_conflict", "same record id, different record")
                status, receipt = 200, known[1]
            elif self.iccids.get(iccid, rid) != rid:
                return 409, _error("iccid_active", "this SIM is already active")
            else:
                receipt = {
                    "receipt_id": str(uuid.uuid4()),
                    "record_id": rid,
                    "kiosk_id": record["kiosk"]["kiosk_id"],
                    "iccid": iccid,
                    "status": "activated",
                    "issued_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
                self.activations[rid] = (canon, receipt)
                self.iccids[iccid] = rid
                self.created += 1
                status = 201
        answer = signing.make_envelope("receipt", receipt, self.receipt_key)
        if mode == "bad_signature":
            sig = bytearray(answer["signature"].encode())
            sig[5] = ord("A") if sig[5] != ord("A") else ord("B")
            answer["signature"] = sig.decode()
        elif mode == "wrong_record":
            other = {**receipt, "record_id": str(uuid.uuid4())}
            answer = signing.make_envelope("receipt", other, self.receipt_key)
        return status, answer


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # refused TLS handshakes and clients that hung up are expected here


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _handler_for(server: FakeActivationServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection: nothing lingers at stop()

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/health":
                now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
                self._send(200, {"status": "ok", "time": now})
            elif self.path == "/v1/server-key":
                self._send(200, server.server_key_body())
            else:
                self._send(404, _error("not_found", "no such path"))

        def do_POST(self) -> None:
            if self.path != "/v1/activations":
                self._send(404, _error("not_found", "no such path"))
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, answer = server.activate(body, self.headers.get("Idempotency-Key"))
            if server.mode == "drop":
                self.close_connection = True
                return  # The client may have given up (read timeout); it will resend.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(status, answer)

    return Handler
