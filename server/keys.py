"""The server's private keys, kept in the server home directory (mode 0600): the Ed25519 key that
signs receipts and the X25519 key that kiosks seal evidence images to.

Several server processes (uvicorn workers, or servers on other machines with a copy of the home
directory) must use the same keys, because kiosks pin them; creation is atomic so workers
starting together end up with one key of each kind.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from server.errors import ServerOpError
from simcontract.signing import key_id, public_key_pem, x25519_key_id, x25519_public_pem

RECEIPT_KEY_FILE = "receipt_ed25519.pem"
EVIDENCE_KEY_FILE = "evidence_x25519.pem"


class KeyFileError(ServerOpError, RuntimeError):
    """A key file is missing, unreadable, not the expected kind of key, or readable by others."""


@dataclass(frozen=True)
class ReceiptKey:
    private_key: Ed25519PrivateKey
    key_id: str
    public_key_pem: str
    # keys the audit table's hash of an IIN, so the hash cannot be reversed by trying every IIN
    audit_pepper: bytes

    def subject_hash(self, iin: str) -> str:
        return hmac.new(self.audit_pepper, iin.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class EvidenceKey:
    """Kiosks seal evidence to its public half; only ``simkiosk-server evidence`` uses the
    private half (the HTTP server stores ciphertext and never decrypts it)."""

    private_key: X25519PrivateKey
    key_id: str
    public_key_pem: str


def private_home(home: Path) -> None:
    """The server's home (keys, usually the SQLite database) exists and is 0700: created so
    whatever the umask, and narrowed when an earlier run or another tool left it wider."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = home.stat()
    if info.st_mode & 0o077 and info.st_uid == os.getuid():
        os.chmod(home, 0o700)


def _create_key_file(home: Path, name: str, generate: Callable[[], Any]) -> None:
    """Write ``generate()``'s PKCS8 PEM to ``home/name`` (0600) unless the file exists."""
    private_home(home)
    path = home / name
    if path.exists():
        return
    pem = generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = home / f".{name}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        # link() fails if another process created the key meanwhile: theirs wins.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _load_private_key(home: Path, name: str, what: str, kind: type) -> Any:
    path = home / name
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise KeyFileError(f"{path} is readable by others (mode {mode:o}); chmod 600 it")
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise KeyFileError(f"no {what} key at {path}: run simkiosk-server init-db") from None
    except (OSError, ValueError, TypeError) as exc:
        raise KeyFileError(f"cannot read the {what} key {path}: {exc}") from None
    if not isinstance(key, kind):
        raise KeyFileError(
            f"{path} is not an {kind.__name__.removesuffix('PrivateKey')} private key"
        )
    return key


def _receipt_key(private_key: Ed25519PrivateKey) -> ReceiptKey:
    raw = private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    pepper = hashlib.sha256(b"simkiosk-server audit pepper\0" + raw).digest()
    public = private_key.public_key()
    return ReceiptKey(private_key, key_id(public), public_key_pem(public), pepper)


def load_or_create_receipt_key(home: Path) -> ReceiptKey:
    _create_key_file(home, RECEIPT_KEY_FILE, Ed25519PrivateKey.generate)
    return load_receipt_key(home)


def load_receipt_key(home: Path) -> ReceiptKey:
    return _receipt_key(_load_private_key(home, RECEIPT_KEY_FILE, "receipt", Ed25519PrivateKey))


def load_or_create_evidence_key(home: Path) -> EvidenceKey:
    _create_key_file(home, EVIDENCE_KEY_FILE, X25519PrivateKey.generate)
    return load_evidence_key(home)


def load_evidence_key(home: Path) -> EvidenceKey:
    key = _load_private_key(home, EVIDENCE_KEY_FILE, "evidence", X25519PrivateKey)
    public = key.public_key()
    return EvidenceKey(key, x25519_key_id(public), x25519_public_pem(public))
