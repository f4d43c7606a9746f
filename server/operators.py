"""Operators of the fleet web page: scrypt password hashes, server-side sessions, and log-in
attempts that are rate-limited and audited.

A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the database keeps
only its SHA-256 and an expiry, so logging out (or deleting the row) ends it at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select

from server.fleet_models import Operator, OperatorSession
from server.models import AuditEntry
from server.refusals import Refusal, http_status
from simcontract.answers import AnswerCode

OPERATOR_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
MIN_PASSWORD = 12
SESSION_HOURS = 8
# scrypt at N=2**15, r=8: about 32 MiB and a few tenths of a second per guess (OWASP's minimum
# is N=2**17 with r=8 p=1 *or* an equal cost; this is the interactive profile of the scrypt paper)
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024
# at most this many refused log-ins per address (and per operator name) in the window
MAX_FAILURES, FAILURE_WINDOW_S = 5, 15 * 60


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=32,
        )
    except ValueError:
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


# a hash to check wrong names against, so an unknown name costs as long as a wrong password
_DUMMY_HASH = hash_password(secrets.token_hex(16))


class LoginThrottle:
    """Refused log-ins per address and per name in a sliding window (in this server process:
    with several workers each counts its own, so the limit is per worker)."""

    def __init__(
        self, max_failures: int = MAX_FAILURES, window_s: float = FAILURE_WINDOW_S
    ) -> None:
        self.max_failures, self.window_s = max_failures, window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.max_failures for k in keys)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)
            if len(self._failures) > 10_000:  # a flood of names: forget the idle ones
                for k in [k for k, v in self._failures.items() if not v]:
                    del self._failures[k]


def _audit(engine: Engine, outcome: str, code: AnswerCode, reason: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(AuditEntry).values(
                at=datetime.now(UTC),
                outcome=outcome,
                code=code,
                http_status=http_status(code),
                kiosk_id=None,
                record_id=None,
                subject_hash=None,
                reason=reason[:300],
            )
        )


def log_in(
    engine: Engine, throttle: LoginThrottle, name: str, password: str, address: str | None
) -> str:
    """The new session token; raises the Refusal ``login_refused`` (wrong name or password)
    or ``login_rate_limited`` (too many refused attempts). Every attempt leaves an audit row
    (the name only when it is a well-formed operator name; never the password)."""
    shown = name if OPERATOR_NAME.fullmatch(name) else "(malformed name)"
    keys = (f"addr:{address}", f"name:{shown}")
    where = f"operator {shown} from {address or 'unknown address'}"
    if throttle.blocked(*keys):
        _audit(engine, "refused", AnswerCode.LOGIN_RATE_LIMITED, f"fleet page log-in of {where}")
        raise Refusal(AnswerCode.LOGIN_RATE_LIMITED, "too many failed log-ins")
    with engine.connect() as conn:
        stored = conn.execute(
            select(Operator.password_hash).where(Operator.name == name)
        ).scalar_one_or_none()
    ok = check_password(password, stored if stored is not None else _DUMMY_HASH)
    if not ok or stored is None:
        throttle.failed(*keys)
        _audit(engine, "refused", AnswerCode.LOGIN_REFUSED, f"fleet page log-in of {where}")
        raise Refusal(AnswerCode.LOGIN_REFUSED, "wrong operator name or password")
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(delete(OperatorSession).where(OperatorSession.expires_at < now))
        conn.execute(
            insert(OperatorSession).values(
                token_sha256=_token_hash(token),
                operator=name,
                created_at=now,
                expires_at=now + timedelta(hours=SESSION_HOURS),
            )
        )
    _audit(engine, "accepted", AnswerCode.OPERATOR_LOGIN, f"fleet page log-in of {where}")
    return token


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_operator(engine: Engine, token: str | None) -> str | None:
    """The operator a cookie token belongs to, or None (no, unknown or expired session)."""
    if not token or len(token) > 100:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(OperatorSession.operator, OperatorSession.expires_at).where(
                OperatorSession.token_sha256 == _token_hash(token)
            )
        ).first()
    if row is None or row.expires_at <= datetime.now(UTC):
        return None
    return row.operator


def log_out(engine: Engine, token: str | None) -> None:
    if token:
        with engine.begin() as conn:
            conn.execute(
                delete(OperatorSession).where(OperatorSession.token_sha256 == _token_hash(token))
            )
