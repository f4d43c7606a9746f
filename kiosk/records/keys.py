"""The kiosk's device key and the server keys it pins, as files under ``settings.keys_dir``.

- ``device_ed25519.pem``: the Ed25519 private key (PKCS#8 PEM, unencrypted, mode 0600). The
  key is only as safe as the disk; on a kiosk the state directory belongs to the kiosk user.
- ``device.json``: ``{"kiosk_id", "key_id", "public_key_pem", "created_at"}`` for the server's
  ``register-kiosk --from-kiosk HOME``. Public. It is also the key's check: a private key whose
  public key differs from the recorded one (one changed character of the PEM is another valid
  key) stops the kiosk, and a missing key whose public key is recorded is never silently
  replaced by a new one (the server would refuse every record signed with it).
- ``server_receipt.pub.pem``: the server's receipt-signing key, pinned on first contact (TOFU)
  unless ``records.server_key`` names a file.
- ``server_evidence.pub.pem``: the server's X25519 key for sealed evidence, likewise.

Every file is written to a temporary name, flushed to disk and renamed over the old one, so a
power cut leaves either the old or the new file, never half a key. The private key is never
logged or printed: :class:`DeviceKey`'s repr leaves it out.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.errors import KioskError
from kiosk.records import tpm
from kiosk.settings import Settings
from simcontract import signing
from simcontract.times import rfc3339

log = logging.getLogger(__name__)

DEVICE_KEY_FILE = "device_ed25519.pem"
TPM_KEY_FILE = "device_ed25519.tpm"  # the key sealed by this machine's TPM (keys init --tpm)
DEVICE_INFO_FILE = "device.json"
SERVER_RECEIPT_KEY_FILE = "server_receipt.pub.pem"
SERVER_EVIDENCE_KEY_FILE = "server_evidence.pub.pem"


@dataclass(frozen=True)
class DeviceKey:
    private_key: Ed25519PrivateKey = field(repr=False)
    key_id: str
    public_key_pem: str
    kiosk_id: str = ""

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def public_info(self) -> dict[str, str]:
        """What ``keys show --json`` prints: never the private key."""
        return {
            "kiosk_id": self.kiosk_id,
            "key_id": self.key_id,
            "public_key_pem": self.public_key_pem,
        }


def write_file_atomically(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` with ``mode`` so that a crash leaves the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # unique per writer: two threads of one process (the sender's client and the submit step's)
    # may pin the same key at once
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.fchmod(fd, mode)  # O_CREAT's mode is filtered by the umask; this is not
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself must survive a power cut
    finally:
        os.close(dir_fd)


def _device_key(private_key: Ed25519PrivateKey, kiosk_id: str) -> DeviceKey:
    public = private_key.public_key()
    return DeviceKey(private_key, signing.key_id(public), signing.public_key_pem(public), kiosk_id)


def _write_device_info(settings: Settings, key: DeviceKey, created_at: str) -> None:
    info = {**key.public_info(), "created_at": created_at}
    write_file_atomically(
        settings.keys_dir / DEVICE_INFO_FILE, (json.dumps(info, indent=2) + "\n").encode(), 0o644
    )


def init_device_key(settings: Settings, *, force: bool = False, use_tpm: bool = False) -> DeviceKey:
    """Create the device key. Refuses to replace an existing one unless ``force``: records
    signed with the old key stop verifying once the server registers the new one. ``use_tpm``:
    the key is sealed by this machine's TPM (no plain key file is written)."""
    path = settings.keys_dir / DEVICE_KEY_FILE
    tpm_path = settings.keys_dir / TPM_KEY_FILE
    existing = next((p for p in (path, tpm_path) if p.exists()), None)
    if existing is not None and not force:
        raise KioskError(
            f"a device key already exists at {existing}; use --force to replace "
            "it (the server must then register the new key)"
        )
    private_key = Ed25519PrivateKey.generate()
    if use_tpm:
        raw = private_key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        write_file_atomically(tpm_path, tpm.dumps(tpm.seal(raw, settings.records.tpm_tcti)), 0o600)
        _remove_plain_key(path)
    else:
        pem = private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_file_atomically(path, pem, 0o600)
        tpm_path.unlink(missing_ok=True)
    key = _device_key(private_key, settings.kiosk.id)
    _write_device_info(settings, key, _now())
    log.info("device key %s created for kiosk %s", key.key_id, key.kiosk_id)
    return key


def _remove_plain_key(path: Path) -> None:
    """Overwrite, then remove, a plain key file that a TPM-sealed key replaces."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as fh:
        fh.write(b"\0" * size)
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def device_key_written_at(settings: Settings) -> float | None:
    """When the device key file was last written (seconds since the epoch), None without one."""
    for name in (TPM_KEY_FILE, DEVICE_KEY_FILE):
        try:
            return (settings.keys_dir / name).stat().st_mtime
        except FileNotFoundError:
            continue
    return None


def _load_tpm_key(settings: Settings, path: Path) -> Ed25519PrivateKey:
    raw = tpm.unseal(tpm.loads(path.read_bytes()), settings.records.tpm_tcti)
    try:
        return Ed25519PrivateKey.from_private_bytes(raw)
    except ValueError:
        raise KioskError(f"device key {path}: the TPM gave back no Ed25519 key") from None


def load_device_key(settings: Settings) -> DeviceKey:
    tpm_path = settings.keys_dir / TPM_KEY_FILE
    if tpm_path.exists():
        key = _device_key(_load_tpm_key(settings, tpm_path), settings.kiosk.id)
        _repair_device_info(settings, key)
        return key
    path = settings.keys_dir / DEVICE_KEY_FILE
    try:
        st = path.stat()
    except FileNotFoundError:
        raise KioskError("no device key: run simkiosk keys init") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KioskError(
            f"device key {path} is accessible to other users "
            f"(mode {stat.S_IMODE(st.st_mode):04o}); run chmod 600 on it"
        )
    try:
        private_key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError):
        raise KioskError(f"device key {path} is not a readable PEM private key") from None
    if not isinstance(private_key, Ed25519PrivateKey):
        raise KioskError(f"device key {path} is not an Ed25519 key")
    key = _device_key(private_key, settings.kiosk.id)
    _repair_device_info(settings, key)
    return key


def _recorded_info(settings: Settings) -> dict[str, Any]:
    try:
        info = json.loads((settings.keys_dir / DEVICE_INFO_FILE).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _repair_device_info(settings: Settings, key: DeviceKey) -> None:
    """device.json follows the configured kiosk id and is written when missing (a crash between
    writing the key and its info, or a renamed kiosk, must not hand the server stale facts); a
    key that does not match the public key recorded there is refused."""
    info = _recorded_info(settings)
    recorded = info.get("public_key_pem")
    if isinstance(recorded, str) and recorded.strip() != key.public_key_pem.strip():
        raise KioskError(
            f"the device key {settings.keys_dir / DEVICE_KEY_FILE} does not match the public key "
            f"recorded in {DEVICE_INFO_FILE} (key {info.get('key_id', '?')} recorded, "
            f"{key.key_id} found): the key file was changed or damaged, and the server would "
            "refuse what it signs. Technician: restore the key file from a backup, or make a "
            "new key (simkiosk keys init --force) and register it with the server"
        )
    if all(info.get(k) == v for k, v in key.public_info().items()):
        return
    created = info.get("created_at") if info.get("key_id") == key.key_id else None
    _write_device_info(settings, key, created or _now())


def ensure_device_key(settings: Settings) -> DeviceKey:
    """Load the device key, creating it when there is none (first start of a demo kiosk)."""
    try:
        return load_device_key(settings)
    except KioskError:
        if any((settings.keys_dir / n).exists() for n in (DEVICE_KEY_FILE, TPM_KEY_FILE)):
            raise  # unreadable, too open, another TPM: never paper over that with a new key
        recorded = _recorded_info(settings).get("key_id")
        if recorded:  # a key existed and signed records: a new one would be refused
            raise KioskError(
                f"the device key {recorded} is missing ({settings.keys_dir / DEVICE_KEY_FILE}) "
                f"although {DEVICE_INFO_FILE} records it; it is not replaced silently. "
                "Technician: restore the key file from a backup, or make a new key "
                "(simkiosk keys init --force) and register it with the server"
            ) from None
        return init_device_key(settings)


def _now() -> str:
    return rfc3339(datetime.now(UTC), "seconds")


# -- how the private key is protected ------------------------------------------------------------

TPM_DEVICES = ("/dev/tpmrm0", "/dev/tpm0")


def key_protection(settings: Settings) -> tuple[str, str]:
    """(kind, plain words) of what protects the device's private key on this machine: "tpm"
    (sealed by this machine's TPM: the key file is useless elsewhere) or "file" (whoever copies
    the key file can sign as this kiosk until the server revokes the key; only the file mode
    keeps other users out)."""
    if (settings.keys_dir / TPM_KEY_FILE).exists():
        return (
            "tpm",
            "TPM 2.0: the key is sealed by this machine's TPM and unsealed into "
            "memory only; the key file is useless on another machine",
        )
    if any(os.path.exists(dev) for dev in TPM_DEVICES):
        return (
            "file",
            "TPM present but not used: key file protected by file mode only "
            "(0600); simkiosk keys init --tpm --force binds a new key to it",
        )
    return ("file", "no TPM: key file protected by file mode only (0600)")


# -- the server's keys ------------------------------------------------------------------------


def configured_server_key(settings: Settings) -> Ed25519PublicKey | None:
    """The server's receipt key: the configured file, else the pinned one, else None."""
    return _server_public_key(
        settings,
        "server_key",
        SERVER_RECEIPT_KEY_FILE,
        "receipt",
        signing.load_public_key_pem,
        signing.SignatureError,
    )


def pin_server_key(settings: Settings, public_key: Ed25519PublicKey) -> None:
    _pin(
        settings,
        SERVER_RECEIPT_KEY_FILE,
        signing.public_key_pem(public_key),
        "receipt",
        signing.key_id(public_key),
    )


def configured_evidence_key(settings: Settings) -> X25519PublicKey | None:
    """The server's evidence key: the configured file, else the pinned one, else None."""
    return _server_public_key(
        settings,
        "evidence_key",
        SERVER_EVIDENCE_KEY_FILE,
        "evidence",
        signing.load_x25519_public_pem,
        signing.SealError,
    )


def pin_evidence_key(settings: Settings, public_key: X25519PublicKey) -> None:
    _pin(
        settings,
        SERVER_EVIDENCE_KEY_FILE,
        signing.x25519_public_pem(public_key),
        "evidence",
        signing.x25519_key_id(public_key),
    )


def _server_public_key(
    settings: Settings,
    setting: str,
    pinned_file: str,
    what: str,
    load: Callable[[bytes], Any],
    errors: type[Exception],
) -> Any | None:
    configured = getattr(settings.records, setting)
    path = Path(configured) if configured else settings.keys_dir / pinned_file
    try:
        pem = path.read_bytes()
    except FileNotFoundError:
        if configured:
            raise KioskError(f"records.{setting}: file not found: {path}") from None
        return None
    try:
        return load(pem)
    except errors as exc:
        raise KioskError(f"server {what} key {path}: {exc}") from None


def _pin(settings: Settings, pinned_file: str, pem: str, what: str, key_id: str) -> None:
    write_file_atomically(settings.keys_dir / pinned_file, pem.encode(), 0o644)
    log.info("pinned the server's %s key %s", what, key_id)
