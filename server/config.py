"""Server settings from SIMKIOSK_SERVER_* environment variables, validated with one-line errors.

The database URL and the home directory are usually given on the command line; the CLI passes
them on to uvicorn's worker processes through the same environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from server.errors import ServerInputError

ENV_PREFIX = "SIMKIOSK_SERVER_"


class ServerConfigError(ServerInputError, ValueError):
    """A setting is missing or out of range; the message is one plain line."""


@dataclass(frozen=True)
class ServerConfig:
    # SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db
    db: str = ""
    # holds the receipt-signing key (receipt_ed25519.pem) and the evidence key
    # (evidence_x25519.pem), both mode 0600; "" = the platform data dir
    home: str = ""
    # Kazakhstan's cap on SIM cards per person at the time of writing
    max_sims_per_person: int = 10
    # seconds a record's created_at may lie in the future (kiosk clocks drift)
    clock_skew_s: float = 300.0
    # hours a record may have waited in an offline kiosk's outbox; must exceed the kiosk's freeze
    # limit (72 h) so that queued records still land. Replays are stopped by the record id.
    max_record_age_h: float = 30 * 24.0
    # request bodies above this are refused with 413 before parsing (a record is ~3 KiB)
    max_body_bytes: int = 64 * 1024
    # database connections per server process (PostgreSQL); requests wait for a free one
    db_pool_size: int = 8
    # sealed evidence bodies (PUT /v1/activations/{id}/evidence) above this are refused with 413
    # before they are read to the end; two PNG images of a kiosk are ~0.5-2 MiB. The body is held
    # in memory while it is checked, hence the upper bound.
    max_evidence_bytes: int = 4 * 1024 * 1024
    # -- resource limits (per server process); see docs/server.md "Limits" --
    # seconds a connection may take to send a request's headers (slowloris)
    header_timeout_s: float = 10.0
    # seconds a request body may pause between two chunks, and may take in all
    body_idle_timeout_s: float = 15.0
    body_timeout_s: float = 120.0
    # seconds an idle keep-alive connection stays open
    keep_alive_s: int = 5
    # open connections and running requests; above it requests get 503 (uvicorn's
    # limit_concurrency)
    max_connections: int = 256
    # bytes of a request line and headers (h11's max incomplete event size)
    max_header_bytes: int = 16 * 1024
    # bytes of request bodies held in memory at once across all requests; above it 503
    max_inflight_body_bytes: int = 16 * 1024 * 1024
    # refusals of unauthenticated requests (not signed by a registered kiosk) per client address
    # and minute before the address gets 429 for the rest of the minute
    refusals_per_minute: int = 60
    # of those, how many get an audit row each; the rest are counted in one row per address
    # and minute
    audited_refusals_per_minute: int = 10

    def __post_init__(self) -> None:
        self._check_limits()
        if self.max_sims_per_person < 1:
            raise ServerConfigError(
                f"{ENV_PREFIX}MAX_SIMS_PER_PERSON must be at least 1, "
                f"not {self.max_sims_per_person}"
            )
        if not 0 <= self.clock_skew_s <= 86400:
            raise ServerConfigError(
                f"{ENV_PREFIX}CLOCK_SKEW_S must be within 0..86400 seconds, not {self.clock_skew_s}"
            )
        if not 1 <= self.max_record_age_h <= 24 * 366:
            raise ServerConfigError(
                f"{ENV_PREFIX}MAX_RECORD_AGE_H must be within 1..8784 hours, "
                f"not {self.max_record_age_h}"
            )
        if not 1024 <= self.max_body_bytes <= 16 * 1024 * 1024:
            raise ServerConfigError(
                f"{ENV_PREFIX}MAX_BODY_BYTES must be within 1024..16777216, "
                f"not {self.max_body_bytes}"
            )
        if not 1 <= self.db_pool_size <= 200:
            raise ServerConfigError(
                f"{ENV_PREFIX}DB_POOL_SIZE must be within 1..200, not {self.db_pool_size}"
            )
        if not 1024 <= self.max_evidence_bytes <= 64 * 1024 * 1024:
            raise ServerConfigError(
                f"{ENV_PREFIX}MAX_EVIDENCE_BYTES must be within "
                f"1024..67108864, not {self.max_evidence_bytes}"
            )

    def _check_limits(self) -> None:
        ranges: dict[str, tuple[float, float]] = {
            "header_timeout_s": (0.1, 600),
            "body_idle_timeout_s": (0.1, 600),
            "body_timeout_s": (0.1, 3600),
            "keep_alive_s": (1, 600),
            "max_connections": (1, 100_000),
            "max_header_bytes": (1024, 1024 * 1024),
            "max_inflight_body_bytes": (64 * 1024, 4 * 1024**3),
            "refusals_per_minute": (1, 10_000_000),
            "audited_refusals_per_minute": (0, 10_000_000),
        }
        for name, (low, high) in ranges.items():
            value = getattr(self, name)
            if not low <= value <= high:  # also refuses nan
                raise ServerConfigError(
                    f"{ENV_PREFIX}{name.upper()} must be within {low:g}..{high:g}, not {value}"
                )
        if self.max_inflight_body_bytes < self.max_evidence_bytes:
            raise ServerConfigError(
                f"{ENV_PREFIX}MAX_INFLIGHT_BODY_BYTES must be at least "
                f"{ENV_PREFIX}MAX_EVIDENCE_BYTES ({self.max_evidence_bytes})"
            )

    @property
    def home_path(self) -> Path:
        if self.home:
            return Path(self.home).expanduser()
        import platformdirs

        return Path(platformdirs.user_data_dir("simkiosk-server"))

    def with_overrides(self, **values: object) -> ServerConfig:
        """A copy with the given non-None values replaced (command-line options win over env)."""
        current = {f.name: getattr(self, f.name) for f in fields(self)}
        current.update({k: v for k, v in values.items() if v is not None})
        return ServerConfig(**current)


def load_config(environ: Mapping[str, str] | None = None) -> ServerConfig:
    """Read every field from SIMKIOSK_SERVER_<FIELD>; unset ones keep their defaults."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for f in fields(ServerConfig):
        name = ENV_PREFIX + f.name.upper()
        raw = env.get(name)
        if raw is None:
            continue
        kind = type(getattr(ServerConfig, f.name))
        try:
            values[f.name] = kind(raw.strip()) if kind is not str else raw
        except ValueError:
            raise ServerConfigError(f"{name} must be a {kind.__name__}, not {raw!r}") from None
    return ServerConfig(**values)  # type: ignore[arg-type]  # each value made by its field's type
