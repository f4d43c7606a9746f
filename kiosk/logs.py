"""Logging: a rotating file, an in-memory ring buffer for the diagnostics screen, and a filter
that masks personal data in every record before any handler sees it.

Masking works two ways, because names cannot be recognised by pattern alone:
- patterns for what has a shape: IINs (12 digits), ICCIDs/long digit runs, MRZ lines, document
  numbers (letters followed by digits);
- the values of a session (surname, given names, document number …), registered in that
  session's own :class:`MaskScope` (from :func:`open_mask_scope`) and dropped with
  :meth:`MaskScope.forget` at its wipe. Every live scope is masked in every line: a cancelled
  session still finishing its step in the background beside a new one forgets only its own values,
  never the new session's. :func:`remember_personal` / :func:`forget_personal` without a scope use
  one process-wide scope (tools and tests that are not a session).
"""

from __future__ import annotations

import collections
import logging
import logging.handlers
import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

MASK = "***"
# Every pattern is anchored on token edges (no letter, digit or underscore either side), so it
# replaces whole values and never the inside of an ordinary word ("evidence", "iccid_active").
_EDGE_L, _EDGE_R = r"(?<![\w<])", r"(?![\w<])"
_PATTERNS = [
    # MRZ lines (TD1 30, TD2 36, TD3 44 characters of A-Z0-9<); before the digit rules.
    re.compile(r"(?<![A-Z0-9<])(?=[A-Z0-9<]{15,})[A-Z0-9]*<[A-Z0-9<]*"),
    re.compile(_EDGE_L + r"[A-Z0-9]{20,}" + _EDGE_R),
    # 10-20 digit runs: IINs (12), ICCIDs (19-20), phone numbers; spaced ICCIDs as printed.
    re.compile(r"(?<!\d)\d{10,20}(?!\d)"),
    re.compile(r"(?<![\d ])89\d{2}(?: \d{4}){3} \d{3,4}(?![\d])"),
    # document numbers: 1-2 letters and 6-9 digits (N12345678), or 9 digits alone.
    re.compile(_EDGE_L + r"[A-Z]{1,2}\d{6,9}" + _EDGE_R),
    re.compile(r"(?<![\d.])\d{9}(?![\d.])"),
]

# The document fields that identify a person (names of kiosk.services.document_fields). The
# rest (format "TD1", document code "ID", issuer "KAZ", sex "M") are shared by thousands of
# people; masking them would only turn ordinary words into "ev***ence".
PERSONAL_FIELDS = (
    "number",
    "surname",
    "given_names",
    "birth_date",
    "iin",
    "personal_number",
    "optional_data",
    "name",
)

_personal_lock = threading.Lock()
_live_scopes: set[MaskScope] = set()  # scopes holding values; forgotten ones leave the set
_personal_re: re.Pattern[str] | None = None


def _variants(value: str) -> set[str]:
    """The value, each word of a multi-word name, and a birth date's other spellings."""
    value = value.strip()
    out = {value}
    words = [w for w in re.split(r"[\s<,]+", value) if len(w) >= 2]
    if len(words) > 1:
        out.update(words)
    date = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if date:
        y, m, d = date.groups()
        out.update({f"{d}.{m}.{y}", f"{y[2:]}{m}{d}", f"{d}/{m}/{y}"})
    return {v for v in out if len(v) >= 2}


def _recompile() -> None:
    """The one pattern over every live scope's values (caller holds the lock)."""
    global _personal_re
    _personal_re = _compile(set().union(*(s._values for s in _live_scopes)))


class MaskScope:
    """The personal values one session registered, masked in every log line until the session
    forgets them. A handle, not a copy: forgetting one scope leaves every other live scope (a
    newer session's) masked. Reusable after :meth:`forget`; also a context manager that forgets
    on exit."""

    def __init__(self, label: str = "") -> None:
        self.label = label  # for debugging only (a session id); never personal data
        self._values: set[str] = set()

    def remember(self, values: Iterable[str | None]) -> None:
        """Mask these exact values (case-insensitive, as whole words) in every later log line
        until this scope is forgotten. Give only values that identify a person."""
        with _personal_lock:
            for v in values:
                if v and len(v.strip()) >= 2:
                    self._values.update(_variants(v))
            if self._values:
                _live_scopes.add(self)
            _recompile()

    def remember_fields(self, fields: Mapping[str, object]) -> None:
        """Remember the personal ones among a document's fields (:data:`PERSONAL_FIELDS`)."""
        self.remember(
            str(v) for k, v in fields.items() if k in PERSONAL_FIELDS and isinstance(v, str)
        )

    def forget(self) -> None:
        """Stop masking this scope's values (other scopes' stay masked). Idempotent."""
        with _personal_lock:
            self._values.clear()
            _live_scopes.discard(self)
            _recompile()

    @property
    def live(self) -> bool:
        """Whether this scope still holds values."""
        with _personal_lock:
            return bool(self._values)

    def __enter__(self) -> MaskScope:
        return self

    def __exit__(self, *exc: object) -> None:
        self.forget()

    def __repr__(self) -> str:  # never the values
        return f"MaskScope({self.label!r}, live={bool(self._values)})"


def open_mask_scope(label: str = "") -> MaskScope:
    """A new, empty scope for one session's personal values (see :class:`MaskScope`)."""
    return MaskScope(label)


# Tools and tests that are not a session share this scope through the functions below.
_process_scope = MaskScope("process")


def remember_personal(values: Iterable[str | None], scope: MaskScope | None = None) -> None:
    """Mask these exact values (case-insensitive, as whole words) in every later log line until
    forgotten, in ``scope`` (a session's, from :func:`open_mask_scope`) or the process-wide one.
    Give only values that identify a person (see :func:`remember_personal_fields`)."""
    (scope or _process_scope).remember(values)


def remember_personal_fields(fields: Mapping[str, object], scope: MaskScope | None = None) -> None:
    """Remember the personal ones among a document's fields (:data:`PERSONAL_FIELDS`)."""
    (scope or _process_scope).remember_fields(fields)


def forget_personal(scope: MaskScope | None = None) -> None:
    """Forget ``scope``'s values (the process-wide scope's when None); other scopes stay."""
    (scope or _process_scope).forget()


def forget_all_personal() -> None:
    """Forget every scope's values: for the test suite between tests (a test may leave a session
    unended) and the end of the process; never at the end of one session."""
    with _personal_lock:
        for scope in _live_scopes:
            scope._values.clear()
        _live_scopes.clear()
        _recompile()


def _compile(values: set[str]) -> re.Pattern[str] | None:
    if not values:
        return None
    # Longest first, so "ABDULLAYEVA ZHANAR" goes before "ZHANAR"; whole tokens only.
    alternatives = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mask_text(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    with _personal_lock:
        personal = _personal_re
    if personal is not None:
        text = personal.sub(MASK, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Rewrites the record's message (args merged in) and exception text with personal data
    masked. Attached to handlers, so records from every library pass through it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg = mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        record.exc_info = None
        return True


class RingBufferHandler(logging.Handler):
    """Keeps the last N formatted lines in memory for the diagnostics screen's log tail."""

    def __init__(self, capacity: int = 500) -> None:
        super().__init__()
        self._lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self._lock_lines = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # pragma: no cover - logging must never raise
            self.handleError(record)
            return
        with self._lock_lines:
            self._lines.append(line)

    def tail(self, n: int | None = None) -> list[str]:
        with self._lock_lines:
            lines = list(self._lines)
        return lines if n is None else lines[-n:]


_base_factory = logging.getLogRecordFactory()


def _masking_record_factory(*args, **kwargs) -> logging.LogRecord:
    # Mask as the record is made, so that every handler, including ones we did not install
    # (pytest's capture, a library's), only ever sees the masked message.
    record = _base_factory(*args, **kwargs)
    PersonalDataFilter().filter(record)
    return record


FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_ring: RingBufferHandler | None = None


def ring() -> RingBufferHandler | None:
    """The ring buffer installed by :func:`setup_logging`, if any."""
    return _ring


def setup_logging(
    log_dir: Path | None,
    level: str = "INFO",
    *,
    max_bytes: int = 2_000_000,
    backups: int = 5,
    ring_size: int = 500,
    stderr: bool = False,
) -> None:
    """Install the kiosk's handlers on the root logger (idempotent: replaces earlier ones)."""
    global _ring
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_simkiosk", False):
            root.removeHandler(h)
            h.close()
    handlers: list[logging.Handler] = []
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / "simkiosk.log", maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
            )
        )
    _ring = RingBufferHandler(ring_size)
    handlers.append(_ring)
    if stderr:
        handlers.append(logging.StreamHandler())
    fmt = logging.Formatter(FORMAT)
    for h in handlers:
        h.setFormatter(fmt)
        h.addFilter(PersonalDataFilter())
        h._simkiosk = True  # type: ignore[attr-defined]  # our mark on a stdlib handler
        root.addHandler(h)
    root.setLevel(level)
    if logging.getLogRecordFactory() is not _masking_record_factory:
        logging.setLogRecordFactory(_masking_record_factory)
