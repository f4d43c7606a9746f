"""Provisioning: one exchange with the server registers this kiosk's device key (created when
there is none) with a one-time enrolment token, and pins the server's receipt and evidence keys
from the same answer, so no key is ever trusted on first use afterwards.

The token is a secret and the keys pinned here are trusted for the kiosk's life, so the exchange
runs over TLS (verified against ``records.ca_bundle`` or the system store); plain ``http://`` is
accepted only for a server on this machine (tests, ``simkiosk demo``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.errors import InputError, KioskError, ServerError
from kiosk.records import keys
from kiosk.records.client import ActivationClient
from kiosk.settings import Settings
from simcontract import signing

log = logging.getLogger(__name__)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class ProvisionRefused(ServerError):
    """The server refused the token (used, expired, unknown, for another kiosk, ...)."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(f"the server refused provisioning: {code}: {message}")
        self.code, self.status = code, status


@dataclass(frozen=True)
class Provisioned:
    kiosk_id: str
    key_id: str
    state: str  # registered | replaced | already registered
    receipt_key_id: str
    evidence_key_id: str
    server_url: str

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


def check_server_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return url.rstrip("/")
    raise InputError(
        f"provisioning sends a secret token and pins the server's keys: give an "
        f"https:// server URL (plain http:// only to this machine), not {url!r}"
    )


def provision(settings: Settings, server_url: str, token: str) -> Provisioned:
    """Register the device key with ``token`` and pin the server's keys. Raises InputError,
    ProvisionRefused, or the client's Unreachable / BadReceipt."""
    from kiosk.records.client import BadReceipt, _error_of

    url = check_server_url(server_url)
    token = token.strip()
    if not token:
        raise InputError("the enrolment token is empty")
    device = keys.ensure_device_key(settings)
    with ActivationClient(settings, server_url=url) as client:
        # the client's own request loop: its retries on transport errors, its TLS pinning
        resp = client._request(
            "POST",
            "/v1/provision",
            retries=2,
            json={
                "token": token,
                "kiosk_id": device.kiosk_id,
                "public_key_pem": device.public_key_pem,
            },
        )
    if 400 <= resp.status_code < 500:
        code, message = _error_of(resp)
        raise ProvisionRefused(code, message, resp.status_code)
    if resp.status_code != 201:
        raise BadReceipt(f"unexpected HTTP {resp.status_code} from the server")
    try:
        body = resp.json()
        server = body["server_key"]
        receipt_key = signing.load_public_key_pem(server["public_key_pem"])
        evidence_key = signing.load_x25519_public_pem(server["evidence_public_key_pem"])
    except (ValueError, KeyError, TypeError, signing.SignatureError, signing.SealError) as exc:
        raise BadReceipt(f"the server's provisioning answer is malformed: {exc}") from None
    if body.get("kiosk_id") != device.kiosk_id or body.get("key_id") != device.key_id:
        raise BadReceipt("the server registered another kiosk id or key than this kiosk's")
    if server.get("key_id") != signing.key_id(receipt_key) or server.get(
        "evidence_key_id"
    ) != signing.x25519_key_id(evidence_key):
        raise BadReceipt("the server's key ids do not match its public keys")
    _pin(settings, receipt_key, evidence_key)
    result = Provisioned(
        device.kiosk_id,
        device.key_id,
        str(body.get("state", "")),
        signing.key_id(receipt_key),
        signing.x25519_key_id(evidence_key),
        url,
    )
    log.info(
        "provisioned kiosk %s (key %s, %s) with %s",
        result.kiosk_id,
        result.key_id,
        result.state,
        url,
    )
    return result


def _pin(settings: Settings, receipt_key: Ed25519PublicKey, evidence_key: X25519PublicKey) -> None:
    """Pin both keys, except where a key file is configured: then it must be the same key."""
    _pin_one(
        settings,
        "server_key",
        receipt_key,
        keys.configured_server_key,
        keys.pin_server_key,
        signing.key_id,
    )
    _pin_one(
        settings,
        "evidence_key",
        evidence_key,
        keys.configured_evidence_key,
        keys.pin_evidence_key,
        signing.x25519_key_id,
    )


_Key = TypeVar("_Key", Ed25519PublicKey, X25519PublicKey)


def _pin_one(
    settings: Settings,
    setting: str,
    new: _Key,
    configured: Callable[[Settings], _Key | None],
    pin: Callable[[Settings, _Key], None],
    kid: Callable[[_Key], str],
) -> None:
    if getattr(settings.records, setting):
        current = configured(settings)  # a configured file is read or raises: never None
        if current is None or kid(current) != kid(new):
            named = kid(current) if current is not None else "no key"
            raise KioskError(
                f"records.{setting} names key {named}, but the server "
                f"answered with {kid(new)}: a technician must check which "
                "server this is"
            )
        return
    pin(settings, new)
