"""The device key sealed by the machine's TPM 2.0 (``simkiosk keys init --tpm``).

The raw 32-byte Ed25519 private key is a sealed data object under the owner (storage)
hierarchy's primary key (ECC P-256, SHA-256, the default template: the TPM derives the same
primary from its own seed every time, and no other TPM can). The file ``device_ed25519.tpm``
holds the object's public and private parts as the TPM exported them: the private part is
encrypted by this TPM, so the file is useless on any other machine. At start the key is
unsealed into memory only.

The TPM is used through the ``tpm2-tools`` commands (Debian ``tpm2-tools``), with the TCTI
``records.tpm_tcti`` (default ``device:/dev/tpmrm0``; ``swtpm:host=...,port=...`` for the
software TPM of the tests). The secret goes to ``tpm2_create`` on stdin and comes back from
``tpm2_unseal`` on stdout: it is never written to a file. Transient objects are flushed after
each step (a TPM without a resource manager holds only three).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from kiosk.errors import RecordError

FORMAT = "simkiosk tpm2 sealed object v1"
DEFAULT_TCTI = "device:/dev/tpmrm0"
TOOLS = ("tpm2_createprimary", "tpm2_create", "tpm2_load", "tpm2_unseal", "tpm2_flushcontext")


class TpmError(RecordError):
    """The TPM cannot be used, or the sealed key does not open on this machine's TPM."""


def tools_missing() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


def _run(args: list[str], tcti: str, *, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "TPM2TOOLS_TCTI": tcti or DEFAULT_TCTI}
    try:
        done = subprocess.run(
            args, input=stdin, env=env, capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TpmError(f"the TPM did not answer ({args[0]}: {type(exc).__name__})") from None
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
        raise TpmError(f"the TPM refused {args[0]}: {(lines or ['no reason given'])[-1][:200]}")
    return done.stdout


def _primary(folder: Path, tcti: str) -> Path:
    ctx = folder / "primary.ctx"
    _run(["tpm2_flushcontext", "-t"], tcti)
    _run(["tpm2_createprimary", "-Q", "-C", "o", "-g", "sha256", "-G", "ecc", "-c", str(ctx)], tcti)
    _run(["tpm2_flushcontext", "-t"], tcti)
    return ctx


def seal(secret: bytes, tcti: str) -> dict[str, Any]:
    """The stored form of ``secret`` sealed by this TPM (at most 128 bytes)."""
    missing = tools_missing()
    if missing:
        raise TpmError(f"tpm2-tools are not installed ({', '.join(missing)} missing)")
    with tempfile.TemporaryDirectory(prefix="simkiosk-tpm-") as tmp:
        folder = Path(tmp)
        ctx = _primary(folder, tcti)
        _run(
            [
                "tpm2_create",
                "-Q",
                "-C",
                str(ctx),
                "-i",
                "-",
                "-u",
                str(folder / "obj.pub"),
                "-r",
                str(folder / "obj.priv"),
            ],
            tcti,
            stdin=secret,
        )
        _run(["tpm2_flushcontext", "-t"], tcti)
        return {
            "format": FORMAT,
            "public": base64.b64encode((folder / "obj.pub").read_bytes()).decode("ascii"),
            "private": base64.b64encode((folder / "obj.priv").read_bytes()).decode("ascii"),
        }


def unseal(stored: dict[str, Any], tcti: str) -> bytes:
    """The secret, from this machine's TPM; TpmError on another machine's TPM or without one."""
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        raise TpmError("the TPM-sealed key file is not in a known format")
    try:
        public = base64.b64decode(stored["public"], validate=True)
        private = base64.b64decode(stored["private"], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise TpmError("the TPM-sealed key file is damaged") from None
    missing = tools_missing()
    if missing:
        raise TpmError(
            f"the device key is sealed by a TPM, but tpm2-tools are not installed "
            f"({', '.join(missing)} missing)"
        )
    with tempfile.TemporaryDirectory(prefix="simkiosk-tpm-") as tmp:
        folder = Path(tmp)
        (folder / "obj.pub").write_bytes(public)
        (folder / "obj.priv").write_bytes(private)
        ctx = _primary(folder, tcti)
        try:
            _run(
                [
                    "tpm2_load",
                    "-Q",
                    "-C",
                    str(ctx),
                    "-u",
                    str(folder / "obj.pub"),
                    "-r",
                    str(folder / "obj.priv"),
                    "-c",
                    str(folder / "obj.ctx"),
                ],
                tcti,
            )
        except TpmError as exc:
            raise TpmError(
                "the device key does not open with this machine's TPM (a key file "
                f"copied from another machine, or the TPM was cleared): {exc}"
            ) from None
        _run(["tpm2_flushcontext", "-t"], tcti)
        secret = _run(["tpm2_unseal", "-c", str(folder / "obj.ctx")], tcti)
        _run(["tpm2_flushcontext", "-t"], tcti)
        return secret


def dumps(stored: dict[str, Any]) -> bytes:
    return (json.dumps(stored, indent=2) + "\n").encode()


def loads(data: bytes) -> dict[str, Any]:
    try:
        stored = json.loads(data)
    except ValueError:
        raise TpmError("the TPM-sealed key file is not JSON") from None
    if not isinstance(stored, dict):
        raise TpmError("the TPM-sealed key file is not a JSON object")
    return stored
