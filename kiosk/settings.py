"""The one typed settings object: defaults that run the demo, a TOML file, then the environment.

Precedence (later wins): built-in defaults < TOML file (``--config`` or ``SIMKIOSK_CONFIG``) <
environment variables ``SIMKIOSK_<SECTION>_<KEY>`` (e.g. ``SIMKIOSK_RECORDS_SERVER_URL``).
All state lives under one directory, ``SIMKIOSK_HOME`` (default: the platform's user data dir).

Every value is checked at start-up; a bad one raises :class:`SettingsError` whose message names
the key (``section.key``) and the reason, so the kiosk stops with one readable line instead of
failing later in the middle of a customer's session.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hardware.registry import CameraKind, ChipReaderKind, ScannerKind
from kiosk.documents.chip import ChipPolicy
from kiosk.documents.rules import DocumentVerdict
from kiosk.errors import ConfigError
from simcontract.ids import KIOSK_ID_PATTERN, KIOSK_ID_RULE, is_kiosk_id

ENV_PREFIX = "SIMKIOSK_"


class SettingsError(ConfigError, ValueError):
    """A setting is missing, of the wrong type or out of range. ``key`` is ``section.name``."""

    def __init__(self, key: str, reason: str, *, advice: str | None = None) -> None:
        super().__init__(f"setting {key}: {reason}", advice=advice)
        self.key = key
        self.reason = reason


class KioskMode(enum.StrEnum):
    """Who runs the flow (``kiosk.mode``)."""

    SELF_SERVICE = "self_service"  # the customer alone
    ASSISTED = "assisted"  # a clerk logs in and runs the flow


class EvidenceMode(enum.StrEnum):
    """What a record carries of the evidence images (``records.evidence``). The record schema's
    ``evidence.mode`` carries these exact strings (the schema enum may later come from here)."""

    DIGESTS = "digests"  # only SHA-256 digests of the images
    SEALED = "sealed"  # the images encrypted to the server's X25519 key


def _rng(lo: float | None = None, hi: float | None = None) -> dict[str, Any]:
    return {"min": lo, "max": hi}


def _one_of(*choices: str) -> dict[str, Any]:
    return {"choices": choices}


_ONLY_CLERK_OR_REFUSE = _one_of(DocumentVerdict.REVIEW, DocumentVerdict.REFUSE)


@dataclass(frozen=True)
class KioskSettings:
    id: str = "kiosk-demo-01"
    # self_service: the customer alone; assisted: a clerk logs in and runs the flow.
    mode: KioskMode = field(default=KioskMode.SELF_SERVICE, metadata=_one_of(*KioskMode))
    fullscreen: bool = False
    # Back to the attract screen when nobody touched the kiosk for this long.
    idle_timeout_s: float = field(default=60.0, metadata=_rng(5, 3600))
    languages: tuple[str, ...] = ("kk", "ru", "en")
    default_language: str = field(default="ru", metadata=_one_of("kk", "ru", "en"))
    # Technician diagnostics screen PIN. Empty = not set: `simkiosk run` refuses to start, and
    # an empty PIN never opens the screen. Only `simkiosk demo` runs without one (it uses
    # DEMO_DIAGNOSTICS_PIN). See diagnostics_pin_problem for what is refused.
    diagnostics_pin: str = ""
    # Assisted mode: a clerk logs in once per shift; the login locks after this long without a
    # session (or on an explicit log-out).
    clerk_lock_min: float = field(default=15.0, metadata=_rng(1, 720))
    # Speak the face step's prompts in the session's language (assets/sounds, see the Makefile).
    spoken_prompts: bool = True


@dataclass(frozen=True)
class DeviceSettings:
    # Which implementation backs each device. Simulated devices run the same code paths.
    camera: CameraKind = field(default=CameraKind.VIRTUAL, metadata=_one_of(*CameraKind))
    # opencv: a V4L2 index or path; video: a video file or a folder of images; virtual: a photo
    # (empty = the built-in demo face).
    camera_source: str = ""
    camera_fps: float = field(default=30.0, metadata=_rng(1, 120))
    camera_width: int = field(default=640, metadata=_rng(160, 4096))
    camera_height: int = field(default=480, metadata=_rng(120, 4096))
    # The physical camera production accepts (hardware/camera_identity.py): USB vendor and
    # product id (4 hex digits each) and serial number, and/or a /dev/v4l/by-path link.
    camera_usb_vendor: str = ""
    camera_usb_product: str = ""
    camera_usb_serial: str = ""
    camera_by_path: str = ""
    scanner: ScannerKind = field(default=ScannerKind.DEMO, metadata=_one_of(*ScannerKind))
    # folder: a directory of images; sane: a SANE device name; serial: a serial device path.
    scanner_source: str = ""
    scanner_dpi: int = field(default=300, metadata=_rng(75, 1200))
    serial_baud: int = field(default=9600, metadata=_rng(1200, 921600))
    # The passport chip reader: off, simulated (a card-side ePassport of the demo's test state),
    # or pcsc (a contactless reader through pcscd); chip_reader picks one PC/SC reader by name.
    chip: ChipReaderKind = field(default=ChipReaderKind.OFF, metadata=_one_of(*ChipReaderKind))
    chip_reader: str = ""


@dataclass(frozen=True)
class DocumentSettings:
    min_age_years: int = field(default=18, metadata=_rng(0, 120))
    # Issuers accepted without review; others follow foreign_policy.
    home_issuers: tuple[str, ...] = ("KAZ",)
    foreign_policy: DocumentVerdict = field(
        default=DocumentVerdict.REVIEW, metadata=_one_of(*DocumentVerdict)
    )
    refused_issuers: tuple[str, ...] = ()
    # Unreadable scans allowed before the session ends (a read-but-refused document ends it).
    scan_attempts: int = field(default=3, metadata=_rng(1, 10))
    # The chip (ICAO eMRTD): off; preferred = read and use it when the document has one;
    # required = a document with a chip must pass passive authentication.
    chip_policy: ChipPolicy = field(default=ChipPolicy.PREFERRED, metadata=_one_of(*ChipPolicy))
    # CSCA trust anchors: a folder of PEM/DER certificates, CMS .ml master lists and CRLs,
    # or one .ml file. Empty: none installed (every chip is chip_csca_missing).
    chip_master_list: str = ""
    # When the issuing state's CSCA is not installed: a clerk reviews, or the kiosk refuses.
    chip_csca_missing: DocumentVerdict = field(
        default=DocumentVerdict.REVIEW, metadata=_ONLY_CLERK_OR_REFUSE
    )
    # When every CRL installed for the document signer's CSCA is past its nextUpdate (the
    # revocation status is not current): a clerk reviews, or the kiosk refuses.
    chip_crl_stale: DocumentVerdict = field(
        default=DocumentVerdict.REVIEW, metadata=_ONLY_CLERK_OR_REFUSE
    )


@dataclass(frozen=True)
class BiometricSettings:
    # dlib ResNet distances: <= match_threshold accepts, <= review_threshold goes to a clerk,
    # above is a rejection. Calibrated on scanned documents vs fused webcam frames made from
    # real photographs of 10 people (tests/benchmarks/test_match_calibration.py): genuine pairs
    # 0.22-0.60 (95% <= 0.54), the nearest of 5491 impostor pairs 0.57. 0.54 accepts ~95% of
    # genuine pairs; the review band stops below that nearest impostor. 0.45 / 0.55 before sent
    # 4 in 10 genuine customers to a clerk. Details in kiosk/biometrics/match.py.
    match_threshold: float = field(default=0.54, metadata=_rng(0.1, 1.0))
    review_threshold: float = field(default=0.56, metadata=_rng(0.1, 1.2))
    face_attempts: int = field(default=3, metadata=_rng(1, 10))
    challenges_min: int = field(default=2, metadata=_rng(1, 5))
    challenges_max: int = field(default=3, metadata=_rng(1, 5))
    challenge_window_s: float = field(default=4.0, metadata=_rng(1, 30))
    min_face_px: int = field(default=80, metadata=_rng(20, 2000))
    # Quality gate for matching: pixels between the eye centres, in the image as captured or
    # scanned. Below ~25 px the ResNet's 150 px chip is mostly upsampled blur.
    min_eye_distance_px: int = field(default=25, metadata=_rng(8, 1000))
    # Randomly jittered copies averaged into the document embedding (dlib num_jitters; each one
    # costs one more ResNet pass, ~75 ms). 0 = none; see kiosk/biometrics/match.py.
    document_jitters: int = field(default=0, metadata=_rng(0, 50))
    # Liveness timing (seconds). The neutral phase that measures the person's own open eyes,
    # head pose and mouth before the first prompt:
    liveness_baseline_s: float = field(default=0.6, metadata=_rng(0.2, 5))
    # Each prompt comes after a random (CSPRNG) pause of still, neutral face in this range, so a
    # recording cannot know when to move:
    liveness_gap_min_s: float = field(default=0.3, metadata=_rng(0, 5))
    liveness_gap_max_s: float = field(default=1.0, metadata=_rng(0, 10))
    # A movement that starts sooner than this after its prompt began before the person could
    # have seen it (human visual reaction is ~0.2 s at the fastest):
    liveness_reaction_min_s: float = field(default=0.2, metadata=_rng(0, 2))


@dataclass(frozen=True)
class RecordSettings:
    server_url: str = "http://127.0.0.1:8765"
    # PEM bundle that the server's TLS certificate must chain to; empty = system store.
    ca_bundle: str = ""
    connect_timeout_s: float = field(default=3.0, metadata=_rng(0.1, 60))
    read_timeout_s: float = field(default=10.0, metadata=_rng(0.1, 300))
    retries: int = field(default=3, metadata=_rng(0, 10))
    # digests: only SHA-256 digests of the evidence images; sealed: images encrypted to the
    # server's X25519 key. Plain images are never an option.
    evidence: EvidenceMode = field(default=EvidenceMode.DIGESTS, metadata=_one_of(*EvidenceMode))
    # Freeze rules: new enrollments stop when any of these is exceeded.
    freeze_max_pending: int = field(default=200, metadata=_rng(1, 100000))
    freeze_max_pending_age_h: float = field(default=72.0, metadata=_rng(0.1, 24 * 365))
    freeze_min_free_disk_mb: int = field(default=200, metadata=_rng(0, 10**7))
    freeze_max_clock_skew_s: float = field(default=300.0, metadata=_rng(1, 86400))
    # PEM file of the server's receipt-signing Ed25519 key. Empty: trust on first use (fetched
    # from GET /v1/server-key once and pinned as keys/server_receipt.pub.pem).
    server_key: str = ""
    # PEM file of the server's X25519 public key that evidence images are sealed to (evidence =
    # sealed). Empty: keys/server_evidence.pub.pem, pinned from /v1/server-key when offered.
    evidence_key: str = ""
    # Retry backoff of the client and the background sender: base * 2**attempt seconds, with
    # jitter, capped at retry_backoff_max_s.
    retry_backoff_s: float = field(default=0.5, metadata=_rng(0.001, 60))
    retry_backoff_max_s: float = field(default=60.0, metadata=_rng(0.01, 3600))
    # How often the background sender looks at the outbox when it has nothing due (seconds).
    sender_poll_s: float = field(default=15.0, metadata=_rng(0.01, 3600))
    # Fleet: a signed heartbeat to the server this often (seconds); 0 = none. The server calls
    # a kiosk missing after two intervals without one.
    heartbeat_s: int = field(default=300, metadata=_rng(0, 86400))
    # How long a delivered or rejected record keeps its contents (personal data, sealed evidence)
    # in the outbox, for reconciliation at the counter; afterwards only its id, state and receipt
    # remain. Hours; 0 empties a record as soon as it is finished.
    keep_finished_h: float = field(default=168.0, metadata=_rng(0, 24 * 365))
    # Records are stored on the kiosk sealed to the server's evidence/transport key (the kiosk
    # cannot read them back; a kiosk that does not know the key yet freezes). false: stored as
    # plain signed JSON, only for air-gapped test rigs.
    seal_at_rest: bool = True
    # How the TPM 2.0 that seals the device key (keys init --tpm) is reached (tpm2-tools TCTI).
    # Empty: device:/dev/tpmrm0.
    tpm_tcti: str = ""


@dataclass(frozen=True)
class LoggingSettings:
    level: str = field(default="INFO", metadata=_one_of("DEBUG", "INFO", "WARNING", "ERROR"))
    file_max_bytes: int = field(default=2_000_000, metadata=_rng(10_000, 10**9))
    file_backups: int = field(default=5, metadata=_rng(0, 100))
    ring_size: int = field(default=500, metadata=_rng(10, 100_000))


SECTIONS: dict[str, type] = {
    "kiosk": KioskSettings,
    "devices": DeviceSettings,
    "documents": DocumentSettings,
    "biometrics": BiometricSettings,
    "records": RecordSettings,
    "logging": LoggingSettings,
}


@dataclass(frozen=True)
class Settings:
    home: Path
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    documents: DocumentSettings = field(default_factory=DocumentSettings)
    biometrics: BiometricSettings = field(default_factory=BiometricSettings)
    records: RecordSettings = field(default_factory=RecordSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    source: str = "defaults"
    # True only for `simkiosk demo` (kiosk.commands.demo.demo_settings): the one place where a
    # well-known diagnostics PIN is allowed.
    demo: bool = False

    # One place for every path under the state directory.
    @property
    def keys_dir(self) -> Path:
        return self.home / "keys"

    @property
    def outbox_path(self) -> Path:
        return self.home / "outbox.sqlite3"

    @property
    def clerks_path(self) -> Path:
        return self.home / "clerks.json"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    @property
    def crash_dir(self) -> Path:
        return self.home / "crashes"

    @property
    def demo_dir(self) -> Path:
        return self.home / "demo"

    def ensure_dirs(self) -> None:
        for d in (self.home, self.keys_dir, self.log_dir, self.crash_dir):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"home": str(self.home), "source": self.source}
        for name in SECTIONS:
            section = dataclasses.asdict(getattr(self, name))
            if name == "kiosk":
                section["diagnostics_pin"] = "****"
            out[name] = section
        return out


DEMO_DIAGNOSTICS_PIN = "0000"
# PINs anyone would try first: lists of the most common 4-digit PINs start with these.
_WELL_KNOWN_PINS = frozenset(
    {
        "1234",
        "4321",
        "1212",
        "2580",
        "0852",
        "1004",
        "2000",
        "6969",
        "123456",
        "654321",
        "121212",
        "112233",
        "password",
        "admin",
        "pin",
        "kiosk",
        "simkiosk",
    }
)
MIN_PIN_LENGTH = 4


def diagnostics_pin_problem(pin: str) -> str | None:
    """Why this diagnostics PIN must not guard a kiosk in service, or None when it is fine."""
    if not pin.strip():
        return "is empty; set a PIN of at least 4 characters (only `simkiosk demo` runs without)"
    if len(pin) < MIN_PIN_LENGTH:
        return f"is shorter than {MIN_PIN_LENGTH} characters"
    if well_known_pin(pin):
        return "is a well-known default that anyone would try; choose another"
    return None


def well_known_pin(pin: str) -> bool:
    """A PIN anyone would try first: one repeated character, a run of digits, a listed default
    (the diagnostics PIN and the clerks' PINs are held to it outside the demo)."""
    digits = "0123456789"
    return (
        len(set(pin)) == 1
        or pin.lower() in _WELL_KNOWN_PINS
        or pin in digits
        or pin in digits[::-1]
    )


def check_service_settings(settings: Settings) -> None:
    """What only a kiosk that serves customers needs (``simkiosk run``), beyond
    :func:`load_settings`' checks. Raises SettingsError naming the key. The demo is exempt."""
    if settings.demo:
        return
    problem = diagnostics_pin_problem(settings.kiosk.diagnostics_pin)
    if problem:
        raise SettingsError("kiosk.diagnostics_pin", problem)


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("simkiosk", appauthor=False))


def _coerce(key: str, raw: Any, annotation: Any, from_env: bool) -> Any:
    """Turn a TOML value or an environment string into the field's declared type."""
    origin = typing.get_origin(annotation)
    if annotation is bool:
        if isinstance(raw, bool):
            return raw
        if from_env and isinstance(raw, str) and raw.lower() in {"1", "true", "yes", "on"}:
            return True
        if from_env and isinstance(raw, str) and raw.lower() in {"0", "false", "no", "off"}:
            return False
        raise SettingsError(key, f"expected true or false, got {raw!r}")
    if annotation is int:
        if isinstance(raw, bool):
            raise SettingsError(key, f"expected a whole number, got {raw!r}")
        if isinstance(raw, int):
            return raw
        if from_env and isinstance(raw, str):
            try:
                return int(raw.strip())
            except ValueError:
                pass
        raise SettingsError(key, f"expected a whole number, got {raw!r}")
    if annotation is float:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw)
        if from_env and isinstance(raw, str):
            try:
                return float(raw.strip())
            except ValueError:
                pass
        raise SettingsError(key, f"expected a number, got {raw!r}")
    if annotation is str:
        if isinstance(raw, str):
            return raw
        raise SettingsError(key, f"expected text, got {raw!r}")
    if isinstance(annotation, type) and issubclass(annotation, enum.StrEnum):
        if isinstance(raw, str):  # an unknown value stays text: _check names the choices
            return annotation(raw) if raw in annotation.__members__.values() else raw
        raise SettingsError(key, f"expected text, got {raw!r}")
    if origin is tuple:
        if from_env and isinstance(raw, str):
            raw = [p.strip() for p in raw.split(",") if p.strip()]
        if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
            return tuple(raw)
        raise SettingsError(key, f"expected a list of text values, got {raw!r}")
    raise SettingsError(key, f"unsupported setting type {annotation!r}")  # pragma: no cover


def _check(key: str, value: Any, meta: types.MappingProxyType) -> None:
    choices = meta.get("choices")
    if choices is not None and value not in choices:
        raise SettingsError(key, f"must be one of {', '.join(choices)}, got {value!r}")
    lo, hi = meta.get("min"), meta.get("max")
    if lo is not None and value < lo:
        raise SettingsError(key, f"must be at least {lo}, got {value}")
    if hi is not None and value > hi:
        raise SettingsError(key, f"must be at most {hi}, got {value}")


def _build_section(name: str, cls: type, values: dict[str, Any], env: dict[str, str]) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls)}
    for unknown in sorted(set(values) - set(known)):
        raise SettingsError(f"{name}.{unknown}", "unknown setting")
    kwargs: dict[str, Any] = {}
    for fname, f in known.items():
        key = f"{name}.{fname}"
        env_name = f"{ENV_PREFIX}{name}_{fname}".upper()
        if env_name in env:
            kwargs[fname] = _coerce(key, env[env_name], hints[fname], from_env=True)
        elif fname in values:
            kwargs[fname] = _coerce(key, values[fname], hints[fname], from_env=False)
        else:
            continue
        _check(key, kwargs[fname], f.metadata)
    section = cls(**kwargs)
    for fname, f in known.items():
        if fname not in kwargs:
            _check(f"{name}.{fname}", getattr(section, fname), f.metadata)
    return section


def load_settings(
    config: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None
) -> Settings:
    """Build and validate the settings. Raises SettingsError naming the offending key."""
    env = dict(os.environ if env is None else env)
    config = config or env.get(f"{ENV_PREFIX}CONFIG") or None
    data: dict[str, Any] = {}
    source = "defaults"
    if config:
        path = Path(config)
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise SettingsError("config", f"file not found: {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError("config", f"{path} is not valid TOML: {exc}") from None
        source = str(path)
    for unknown in sorted(set(data) - set(SECTIONS) - {"home"}):
        raise SettingsError(unknown, "unknown settings section")
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        values = data.get(name, {})
        if not isinstance(values, dict):
            raise SettingsError(name, "must be a TOML table")
        sections[name] = _build_section(name, cls, values, env)

    home_raw = env.get(f"{ENV_PREFIX}HOME") or data.get("home") or ""
    if not isinstance(home_raw, str):
        raise SettingsError("home", f"expected a directory path, got {home_raw!r}")
    home = Path(home_raw).expanduser() if home_raw else default_home()

    bio: BiometricSettings = sections["biometrics"]
    if bio.review_threshold < bio.match_threshold:
        raise SettingsError(
            "biometrics.review_threshold", "must not be below biometrics.match_threshold"
        )
    if bio.challenges_max < bio.challenges_min:
        raise SettingsError(
            "biometrics.challenges_max", "must not be below biometrics.challenges_min"
        )
    if bio.liveness_gap_max_s < bio.liveness_gap_min_s:
        raise SettingsError(
            "biometrics.liveness_gap_max_s", "must not be below biometrics.liveness_gap_min_s"
        )
    url = sections["records"].server_url
    if not url.startswith(("http://", "https://")):
        raise SettingsError("records.server_url", f"must start with http:// or https://: {url!r}")
    ca = sections["records"].ca_bundle
    if ca and not Path(ca).is_file():
        raise SettingsError("records.ca_bundle", f"file not found: {ca}")
    kiosk: KioskSettings = sections["kiosk"]
    if not is_kiosk_id(kiosk.id):  # the record contract's rule, not a copy: ids go in records
        raise SettingsError(
            "kiosk.id",
            f"must be {KIOSK_ID_RULE}, Latin letters only (the "
            f"record contract's {KIOSK_ID_PATTERN})",
        )
    return Settings(home=home, source=source, **sections)
