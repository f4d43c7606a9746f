"""The server's receipt-signing Ed25519 key, kept in the server home directory (mode 0600).

Several server processes (uvicorn workers, or servers on other machines with a copy of the home
directory) must sign with the same key, because kiosks pin it; creation is atomic so workers
starting together end up with one key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.records.signing import key_id, public_key_pem

RECEIPT_KEY_FILE = "receipt_ed25519.pem"


class KeyFileError(RuntimeError):
    """The key file is unreadable, not an Ed25519 key, or readable by others."""


@dataclass(frozen=True)
class ReceiptKey:
    private_key: Ed25519PrivateKey
    key_id: str
    public_key_pem: str
    # keys the audit table's hash of an IIN, so the hash cannot be reversed by trying every IIN
    audit_pepper: bytes

    def subject_hash(self, iin: str) -> str:
        return hmac.new(self.audit_pepper, iin.encode(), hashlib.sha256).hexdigest()


def _from_private(private_key: Ed25519PrivateKey) -> ReceiptKey:
    raw = private_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                    serialization.NoEncryption())
    pepper = hashlib.sha256(b"simkiosk-server audit pepper\0" + raw).digest()
    public = private_key.public_key()
    return ReceiptKey(private_key, key_id(public), public_key_pem(public), pepper)


def load_or_create_receipt_key(home: Path) -> ReceiptKey:
    path = home / RECEIPT_KEY_FILE
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        tmp = home / f".{RECEIPT_KEY_FILE}.{os.getpid()}.tmp"
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
    return load_receipt_key(home)


def load_receipt_key(home: Path) -> ReceiptKey:
    path = home / RECEIPT_KEY_FILE
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise KeyFileError(f"{path} is readable by others (mode {mode:o}); chmod 600 it")
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise KeyFileError(f"no receipt key at {path}: run simkiosk-server init-db") from None
    except (OSError, ValueError, TypeError) as exc:
        raise KeyFileError(f"cannot read the receipt key {path}: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} is not an Ed25519 private key")
    return _from_private(key)
