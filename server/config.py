"""Server settings from SIMKIOSK_SERVER_* environment variables, validated with one-line errors.

The database URL and the home directory are usually given on the command line; the CLI passes
them on to uvicorn's worker processes through the same environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

ENV_PREFIX = "SIMKIOSK_SERVER_"


class ConfigError(ValueError):
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

    def __post_init__(self) -> None:
        if self.max_sims_per_person < 1:
            raise ConfigError(f"{ENV_PREFIX}MAX_SIMS_PER_PERSON must be at least 1, "
                              f"not {self.max_sims_per_person}")
        if not 0 <= self.clock_skew_s <= 86400:
            raise ConfigError(f"{ENV_PREFIX}CLOCK_SKEW_S must be within 0..86400 seconds, "
                              f"not {self.clock_skew_s}")
        if not 1 <= self.max_record_age_h <= 24 * 366:
            raise ConfigError(f"{ENV_PREFIX}MAX_RECORD_AGE_H must be within 1..8784 hours, "
                              f"not {self.max_record_age_h}")
        if not 1024 <= self.max_body_bytes <= 16 * 1024 * 1024:
            raise ConfigError(f"{ENV_PREFIX}MAX_BODY_BYTES must be within 1024..16777216, "
                              f"not {self.max_body_bytes}")
        if not 1 <= self.db_pool_size <= 200:
            raise ConfigError(f"{ENV_PREFIX}DB_POOL_SIZE must be within 1..200, "
                              f"not {self.db_pool_size}")
        if not 1024 <= self.max_evidence_bytes <= 64 * 1024 * 1024:
            raise ConfigError(f"{ENV_PREFIX}MAX_EVIDENCE_BYTES must be within 1024..67108864, "
                              f"not {self.max_evidence_bytes}")

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
        return ServerConfig(**current)  # type: ignore[arg-type]


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
            raise ConfigError(f"{name} must be a {kind.__name__}, not {raw!r}") from None
    return ServerConfig(**values)  # type: ignore[arg-type]
