"""The HTTP client that submits signed records to the central server (the protocol: docs/server.md).

- One ``requests.Session`` (connection reuse), explicit (connect, read) timeouts on every call,
  TLS verified against ``records.ca_bundle`` (else the system store).
- Retries with exponential backoff and jitter on connection errors, timeouts, 408, 429 and 5xx.
  Another 4xx is the server's final word (:class:`Rejected`) only when its JSON body carries the
  server's error code (``{"error": {"code", "message"}}``); an HTML page or any other body is a
  proxy or a wrong address talking, so the record stays queued (:class:`Unreachable`, with the
  reason in plain words for the technician). Retrying a POST is
  safe: the record id is sent as ``Idempotency-Key`` and the server answers a repeated record with
  the same receipt.
- A receipt counts only when its envelope verifies against the server's receipt key (the
  configured ``records.server_key``, else pinned on first contact from ``GET /v1/server-key``;
  a receipt under any other key is refused) and names this record's id, ICCID and kiosk.
- Sealed evidence goes up after its record was activated, with ``PUT`` to the record's
  ``/evidence``; the record's signed ``ciphertext_sha256`` is what makes those bytes authentic.
- Every answer's ``Date`` (and a new receipt's ``issued_at``) measures the clock skew again;
  :meth:`ActivationClient.take_clock_skew` hands the latest to whoever keeps it.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import random
import re
import threading
import time
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.errors import KioskError, ServerError
from kiosk.records import keys
from kiosk.settings import Settings
from simcontract import sealing, signing
from simcontract.answers import AnswerCode

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({408, 429}) | frozenset(range(500, 600))


class Rejected(ServerError):
    """The server refused the record for good (a 4xx other than 408/429)."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(f"server refused the record: {code}: {message}")
        self.code, self.message, self.status = code, message, status


class Unreachable(ServerError):
    """No answer (or only 408/429/5xx) after every retry; the record stays queued."""

    advice = "check the network and records.server_url (`simkiosk diagnose` tests them)"

    def __init__(self, reason: str) -> None:
        super().__init__(f"server unreachable: {reason}")
        self.reason = reason


class BadReceipt(ServerError):
    """The server answered, but its receipt does not verify or is not for this record."""


def backoff_delay(
    attempt: int, base_s: float, cap_s: float, rng: random.Random | None = None
) -> float:
    """Exponential backoff with "equal jitter": half the step fixed, half random, so retries
    from many kiosks after an outage spread out instead of arriving together."""
    step = min(cap_s, base_s * (2**attempt))
    return step / 2 + (rng or random).uniform(0, step / 2)


class ActivationClient:
    """Thread-safe: HTTP calls are serialised on the one session; waits between retries are not
    and end early when ``stop`` is set (so a background sender stops promptly)."""

    def __init__(
        self,
        settings: Settings,
        *,
        server_url: str | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.settings = settings
        r = settings.records
        self.base_url = (server_url or r.server_url).rstrip("/")
        if not self.base_url.startswith(("http://", "https://")):
            raise KioskError(f"server URL must start with http:// or https://: {self.base_url}")
        self.timeout = (r.connect_timeout_s, r.read_timeout_s)
        self.retries = r.retries
        self.stop = stop or threading.Event()
        # Passed on every request: a Session's own ``verify`` loses to REQUESTS_CA_BUNDLE /
        # CURL_CA_BUNDLE in the environment, which must not silently replace the pinned CA.
        self._verify: str | bool = r.ca_bundle or True
        self._session = requests.Session()
        self._session.headers["User-Agent"] = f"simkiosk/{settings.kiosk.id}"
        self._http_lock = threading.Lock()
        self._server_key: Ed25519PublicKey | None = None
        self._clock_skew_s: float | None = None  # measured since the last take_clock_skew()

    def longest_call_s(self) -> float:
        """The longest one call with its retries can take (a claim's lease covers it)."""
        r = self.settings.records
        return (self.retries + 1) * sum(self.timeout) + self.retries * r.retry_backoff_max_s

    def take_clock_skew(self) -> float | None:
        """Our clock minus the server's as the latest answer showed (seconds), or None when no
        answer gave a time since the last call."""
        skew, self._clock_skew_s = self._clock_skew_s, None
        return skew

    def _note_date(self, resp: requests.Response, t0: float, t1: float) -> None:
        try:
            server_time = parsedate_to_datetime(resp.headers["Date"]).timestamp()
        except (KeyError, ValueError, TypeError, IndexError):
            return
        # Date has whole seconds: the server's second began up to 1 s before its true time
        self._clock_skew_s = round((t0 + t1) / 2 - (server_time + 0.5), 3)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> ActivationClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- HTTP with retries ----------------------------------------------------------------------

    def _request(
        self, method: str, path: str, *, retries: int | None = None, **kwargs: Any
    ) -> requests.Response:
        """The response to the first attempt that is neither a transport error nor a retryable
        status; raises Unreachable when every attempt failed that way."""
        retries = self.retries if retries is None else retries
        r = self.settings.records
        reason = "no attempt made"
        for attempt in range(retries + 1):
            if attempt and self.stop.is_set():
                break
            retry_after: float | None = None
            try:
                with self._http_lock:
                    t0 = time.time()
                    resp = self._session.request(
                        method,
                        self.base_url + path,
                        timeout=self.timeout,
                        verify=self._verify,
                        **kwargs,
                    )
                    self._note_date(resp, t0, time.time())
            except requests.exceptions.SSLError as exc:
                # A certificate that does not verify will not verify on the next try either.
                raise Unreachable(
                    f"TLS verification failed for {self.base_url}: {_short(exc)}"
                ) from None
            except requests.exceptions.Timeout:
                reason = "timed out"
            except requests.exceptions.ConnectionError as exc:
                reason = f"cannot connect ({_short(exc)})"
            except requests.exceptions.RequestException as exc:
                # e.g. the connection dropped in the middle of the answer: a transport failure.
                reason = f"transport error ({type(exc).__name__})"
            else:
                if resp.status_code not in RETRY_STATUS:
                    return resp
                reason = f"HTTP {resp.status_code}"
                retry_after = _retry_after_s(resp)
                resp.close()
            if attempt < retries:
                delay = backoff_delay(attempt, r.retry_backoff_s, r.retry_backoff_max_s)
                if retry_after is not None:
                    delay = min(max(delay, retry_after), r.retry_backoff_max_s)
                log.info(
                    "server %s %s: %s; retry %d/%d in %.2f s",
                    method,
                    path,
                    reason,
                    attempt + 1,
                    retries,
                    delay,
                )
                if self.stop.wait(delay):
                    break
        raise Unreachable(f"{reason} ({self.base_url})")

    # -- the server's keys ------------------------------------------------------------------------

    def server_key(self) -> Ed25519PublicKey:
        """The server's receipt key: configured or pinned; fetched and pinned on first contact."""
        if self._server_key is None:
            key = keys.configured_server_key(self.settings)
            if key is None:
                key = self._fetch_and_pin_server_key()
            self._server_key = key
        return self._server_key

    def _server_keys(
        self, *, retries: int | None = None
    ) -> tuple[Ed25519PublicKey, dict[str, Any]]:
        """``GET /v1/server-key``: the receipt key it names, and the whole answer."""
        resp = self._request("GET", "/v1/server-key", retries=retries)
        if resp.status_code != 200:
            raise Unreachable(f"GET /v1/server-key answered HTTP {resp.status_code}")
        try:
            body = resp.json()
            key = signing.load_public_key_pem(body["public_key_pem"])
        except (ValueError, KeyError, TypeError, signing.SignatureError) as exc:
            raise BadReceipt(f"the server's key is malformed: {_short(exc)}") from None
        if body.get("key_id") != signing.key_id(key):
            raise BadReceipt("the server's key_id does not match its public key")
        return key, body

    def _fetch_and_pin_server_key(self) -> Ed25519PublicKey:
        key, body = self._server_keys()
        keys.pin_server_key(self.settings, key)
        self._pin_evidence_key(body)
        return key

    def _pin_evidence_key(self, body: dict[str, Any]) -> None:
        evidence_pem = body.get("evidence_public_key_pem")
        if evidence_pem and keys.configured_evidence_key(self.settings) is None:
            try:
                keys.pin_evidence_key(self.settings, signing.load_x25519_public_pem(evidence_pem))
            except signing.SealError as exc:
                log.warning("server offered an unusable evidence key: %s", exc)

    def learn_evidence_key(self) -> bool:
        """Make sure the server's evidence key is known (configured or pinned), asking the
        server once (no retries: a session is about to start) when it is not. The answer counts
        only from the server whose receipt key is trusted already (or, on first contact, is
        pinned with it). True when the key is known."""
        if keys.configured_evidence_key(self.settings) is not None:
            return True
        key, body = self._server_keys(retries=0)
        trusted = self._server_key or keys.configured_server_key(self.settings)
        if trusted is None:
            keys.pin_server_key(self.settings, key)
            self._server_key = key
        elif signing.key_id(key) != signing.key_id(trusted):
            raise BadReceipt(
                "the server now names a different receipt key than the pinned one; "
                "its evidence key is not taken (a technician must check)"
            )
        self._pin_evidence_key(body)
        return keys.configured_evidence_key(self.settings) is not None

    # -- the calls ------------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        """``GET /health`` plus ``clock_skew_s`` (ours minus the server's, estimated at the
        middle of the round trip; None when the server gave no time)."""
        t0 = time.time()
        resp = self._request("GET", "/health", retries=0)
        t1 = time.time()
        body: dict[str, Any] = {}
        try:
            parsed = resp.json()
            if isinstance(parsed, dict):
                body = parsed
        except ValueError:
            pass
        server_time: float | None = None
        try:
            if isinstance(body.get("time"), str):
                stamp = body["time"].replace("Z", "+00:00")
                server_time = datetime.fromisoformat(stamp).timestamp()
            elif resp.headers.get("Date"):
                server_time = parsedate_to_datetime(resp.headers["Date"]).timestamp()
        except (ValueError, TypeError):
            server_time = None
        skew = None if server_time is None else round((t0 + t1) / 2 - server_time, 3)
        if skew is not None:
            self._clock_skew_s = skew
        return {
            "status_code": resp.status_code,
            "status": body.get("status"),
            "clock_skew_s": skew,
            "rtt_ms": round((t1 - t0) * 1000, 1),
        }

    def submit(
        self,
        envelope: dict[str, Any],
        *,
        retries: int | None = None,
        expect: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """POST the envelope (plain, or sealed ``{"sealed": {...}}`` as the outbox stores it,
        with ``expect``: what the receipt must name, see :func:`receipt_expectations`); return
        the verified receipt envelope ``{"receipt": {...}, "key_id", "signature"}``. Raises
        Rejected, Unreachable, BadReceipt."""
        if sealing.is_sealed(envelope):
            record_id = envelope["sealed"]["record_id"]
            if expect is None:
                raise KioskError("a sealed record is sent with what its receipt must name")
            content_type = sealing.SEALED_CONTENT_TYPE
        else:
            record_id = envelope["record"]["record_id"]
            expect = receipt_expectations(envelope["record"]) if expect is None else expect
            content_type = "application/json"
        server_key = self.server_key()
        resp = self._request(
            "POST",
            "/v1/activations",
            retries=retries,
            data=sealing.envelope_bytes(envelope),
            headers={"Idempotency-Key": record_id, "Content-Type": content_type},
        )
        if 400 <= resp.status_code < 500:
            code, message = _error_of(resp)
            raise Rejected(code, message, resp.status_code)
        if resp.status_code not in (200, 201):
            raise BadReceipt(f"unexpected HTTP {resp.status_code} from the server")
        try:
            body = resp.json()
        except ValueError:
            raise BadReceipt("the server's answer is not JSON") from None
        receipt = check_receipt(body, server_key, expect)
        if resp.status_code == 201:  # a new receipt: issued now (a repeat keeps its first time)
            self._note_issued_at(receipt.get("issued_at"), resp)
        return body

    def _note_issued_at(self, issued_at: Any, resp: requests.Response) -> None:
        try:
            server_time = datetime.fromisoformat(str(issued_at).replace("Z", "+00:00"))
        except ValueError:
            return
        # the answer arrived after the receipt was issued, by at most the round trip
        self._clock_skew_s = round(
            time.time() - resp.elapsed.total_seconds() / 2 - server_time.timestamp(), 3
        )

    def upload_evidence(
        self, record_id: str, ciphertext: bytes, *, retries: int | None = None
    ) -> str:
        """PUT the sealed evidence of an activated record; returns its SHA-256 as the server
        stored it. Safe to repeat (the server answers 200 for the same bytes). Raises Rejected
        (final: unknown record, no sealed block, bytes that do not match the record's digest),
        Unreachable, BadReceipt (an answer that does not confirm these bytes)."""
        resp = self._request(
            "PUT",
            f"/v1/activations/{record_id}/evidence",
            retries=retries,
            data=ciphertext,
            headers={"Content-Type": "application/octet-stream"},
        )
        if 400 <= resp.status_code < 500:
            code, message = _error_of(resp)
            raise Rejected(code, message, resp.status_code)
        digest = hashlib.sha256(ciphertext).hexdigest()
        try:
            body = resp.json() if resp.status_code in (200, 201) else {}
        except ValueError:
            body = {}
        if not (
            isinstance(body, dict)
            and body.get("record_id") == record_id
            and body.get("ciphertext_sha256") == digest
        ):
            raise BadReceipt(f"the server did not confirm the evidence (HTTP {resp.status_code})")
        return digest


def receipt_expectations(record: dict[str, Any]) -> dict[str, Any]:
    """What a receipt must name, from a plain record (kept beside a sealed one in the outbox)."""
    return {
        "record_id": record["record_id"],
        "kiosk_id": record["kiosk"]["kiosk_id"],
        "iccid_sha256": sealing.iccid_digest(record["sim"]["iccid"]),
    }


def check_receipt(
    body: Any, server_key: Ed25519PublicKey, record: dict[str, Any]
) -> dict[str, Any]:
    """The receipt object, once its envelope verifies under ``server_key`` and it names this
    record (``record``: the plain record, or its :func:`receipt_expectations`). Raises
    BadReceipt."""
    if "sim" in record:
        record = receipt_expectations(record)
    if isinstance(body, dict) and body.get("key_id") not in (None, signing.key_id(server_key)):
        raise BadReceipt(
            "the receipt is signed by a different key than the server's pinned "
            "key (has the server key changed? a technician must check)"
        )
    try:
        receipt = signing.open_envelope("receipt", body, server_key)
    except signing.SignatureError as exc:
        raise BadReceipt(f"the server's receipt does not verify: {exc}") from None
    iccid = receipt.get("iccid")
    found = {
        "record_id": receipt.get("record_id"),
        "kiosk_id": receipt.get("kiosk_id"),
        "status": receipt.get("status"),
        "iccid": sealing.iccid_digest(iccid) if isinstance(iccid, str) else None,
    }
    expected = {
        "record_id": record["record_id"],
        "iccid": record["iccid_sha256"],
        "kiosk_id": record["kiosk_id"],
        "status": AnswerCode.ACTIVATED,
    }
    for field, value in expected.items():
        if found[field] != value:
            raise BadReceipt(f"the receipt's {field} is not this record's")
    return receipt


_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _error_of(resp: requests.Response) -> tuple[str, str]:
    """The server's (code, message) from its documented error body. Anything else (an HTML
    page, another JSON, no body) is not the server's final word: raises Unreachable, so the
    record stays queued and the technician sees what answered."""
    try:
        err = resp.json()["error"]
        code = err["code"]
        if isinstance(code, str) and _CODE.fullmatch(code):
            return code, str(err.get("message", ""))[:500]
    except (ValueError, KeyError, TypeError):
        pass
    kind = resp.headers.get("Content-Type", "").split(";")[0].strip() or "no content type"
    what = "a web page" if "html" in kind else f"an answer that is not the server's ({kind})"
    raise Unreachable(
        f"the server address answered HTTP {resp.status_code} "
        f"{resp.reason or ''} with {what}: a proxy or a wrong records.server_url? "
        "The record stays queued".replace("  ", " ")
    )


def _retry_after_s(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


_PLAIN = (
    ("Connection refused", "connection refused"),
    ("Name or service not known", "the server's name is not known (DNS)"),
    ("Temporary failure in name resolution", "the server's name is not known (DNS)"),
    ("timed out", "timed out"),
    ("CERTIFICATE_VERIFY_FAILED", "its certificate does not verify"),
    ("hostname mismatch", "its certificate names another host"),
    ("Connection reset", "the connection was reset"),
    ("Network is unreachable", "the network is unreachable"),
    ("No route to host", "no route to the server"),
)


def _short(exc: BaseException) -> str:
    """A one-line reason in plain words from a requests/urllib3 exception (whose str is a
    nested tuple of exception reprs)."""
    text = str(exc)
    causes: list[BaseException] = [exc]
    for cause in causes[:20]:  # the real reason is further down the chain
        if isinstance(cause, http.client.RemoteDisconnected):
            return "the server closed the connection without answering"
        causes += [
            c
            for c in (cause.__cause__, cause.__context__, *cause.args)
            if isinstance(c, BaseException)
        ]
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return "the server closed the connection without answering"
    for marker, plain in _PLAIN:
        if marker in text:
            return plain
    return type(exc).__name__ if len(text) > 120 or "(" in text else text
