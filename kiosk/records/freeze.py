"""Freeze rules (as MOSIP's registration client has them): when the kiosk cannot be sure its
records reach the server in time, or that they would be accepted, it stops taking new
enrollments instead of piling up records the server may refuse.

Each reason is one plain sentence for the clerk followed by what a technician should look at.
"""

from __future__ import annotations

import shutil

from kiosk.errors import KioskError
from kiosk.records import keys
from kiosk.records.client import ActivationClient
from kiosk.records.outbox import Outbox
from kiosk.records.submission import CLOCK_REFUSALS, CLOCK_SKEW_KEY, KIOSK_NOT_ACCEPTED
from kiosk.settings import EvidenceMode, Settings
from simcontract.answers import AnswerCode


def freeze_reasons(
    settings: Settings, outbox: Outbox, *, clock_skew_s: float | None = None
) -> list[str]:
    """Why new enrollments must wait; empty when none. ``clock_skew_s``: our clock minus the
    server's; when None, the latest any process measured (kept in the outbox from every
    server answer)."""
    r = settings.records
    reasons: list[str] = []
    if clock_skew_s is None:
        clock_skew_s = latest_clock_skew(outbox)
    status = outbox.status()
    if status["pending"] > r.freeze_max_pending:
        reasons.append(
            f"{status['pending']} activations are waiting to be sent (the limit is "
            f"{r.freeze_max_pending}). Technician: check the network and the server."
        )
    age = status["oldest_pending_age_s"]
    if age is not None and age > r.freeze_max_pending_age_h * 3600:
        reasons.append(
            f"An activation has been waiting {_hours(age)} to be sent (the limit is "
            f"{_hours(r.freeze_max_pending_age_h * 3600)}). "
            "Technician: check the network and the server."
        )
    free_mb = _free_mb(settings)
    if free_mb is not None and free_mb < r.freeze_min_free_disk_mb:
        reasons.append(
            f"The kiosk's disk is nearly full ({free_mb} MB free, at least "
            f"{r.freeze_min_free_disk_mb} MB needed). Technician: free disk space."
        )
    if clock_skew_s is not None and abs(clock_skew_s) > r.freeze_max_clock_skew_s:
        direction = "ahead of" if clock_skew_s > 0 else "behind"
        reasons.append(
            f"The kiosk's clock is {abs(clock_skew_s):.0f} s {direction} the server's "
            f"(at most {r.freeze_max_clock_skew_s:.0f} s allowed). "
            "Technician: fix the time (NTP)."
        )
    if not any("clock" in reason for reason in reasons):
        future = outbox.pending_refused_with(CLOCK_REFUSALS)
        if future:
            reasons.append(
                f"The server refused {future} activation(s) as dated in the future: "
                "the kiosk's clock ran ahead. They wait until their time has come. "
                "Technician: fix the time (NTP)."
            )
    refused = outbox.pending_refused_with(KIOSK_NOT_ACCEPTED)
    if refused:
        reasons.append(
            f"The server does not accept this kiosk ({refused} activation(s) wait for "
            "it). Technician: register this kiosk's key with the server "
            "(simkiosk keys show; simkiosk-server register-kiosk)."
        )
    if _revoked(settings, outbox):
        reasons.append(
            "The server has revoked this kiosk's key: it refuses its activations. "
            "Technician: give the kiosk a new key (simkiosk keys init --force) and "
            "register it with the server."
        )
    if r.seal_at_rest and _evidence_key_missing(settings):
        reasons.append(
            "The kiosk cannot seal the records it stores: the server's key is not "
            "known yet, and records are never stored plain. Technician: connect the "
            "kiosk to the server once, or set records.evidence_key."
        )
    elif r.evidence == EvidenceMode.SEALED and _evidence_key_missing(settings):
        reasons.append(
            "The kiosk cannot seal the evidence images: the server's evidence key is "
            "not known yet. Technician: connect the kiosk to the server once, or set "
            "records.evidence_key."
        )
    return reasons


# A skew measured longer ago than this no longer counts (a kiosk offline for a day must not stay
# frozen by yesterday's clock; the sender measures again every few minutes while it reaches the
# server, and a record signed on a clock that ran ahead waits until its time has come anyway).
CLOCK_SKEW_VALID_S = 6 * 3600.0


def latest_clock_skew(outbox: Outbox) -> float | None:
    """Our clock minus the server's as the latest answer to any process showed, or None."""
    found = outbox.meta(CLOCK_SKEW_KEY)
    if found is None:
        return None
    skew, measured_at = found
    if abs(outbox.now() - measured_at) > CLOCK_SKEW_VALID_S + abs(float(skew)):
        return None
    return float(skew)


def clock_refusal(settings: Settings, outbox: Outbox) -> str | None:
    """Why no record may be signed now because of the clock (None when it is fine): a record
    signed on a wrong clock is refused by the server."""
    skew = latest_clock_skew(outbox)
    limit = settings.records.freeze_max_clock_skew_s
    if skew is None or abs(skew) <= limit:
        return None
    return (
        f"the kiosk's clock is {abs(skew):.0f} s {'ahead of' if skew > 0 else 'behind'} the "
        f"server's (at most {limit:.0f} s allowed); no record is signed until a technician "
        "fixes the time"
    )


def _revoked(settings: Settings, outbox: Outbox) -> bool:
    """The last finished record was refused as from a revoked kiosk, and the key it was signed
    with is still the kiosk's (a new key lifts the freeze)."""
    latest = outbox.latest_rejection()
    if latest is None:
        return False
    code, key_id, enqueued_at = latest
    if code != AnswerCode.KIOSK_REVOKED:
        return False
    if key_id is not None:
        try:
            return key_id == keys.load_device_key(settings).key_id
        except KioskError:  # no usable key: nothing will be accepted anyway
            return True
    # the record was purged meanwhile: has the key file been written since?
    written = keys.device_key_written_at(settings)
    return written is None or written <= enqueued_at


def _evidence_key_missing(settings: Settings) -> bool:
    try:
        return keys.configured_evidence_key(settings) is None
    except KioskError:  # configured but unreadable: the same for the customer
        return True


def measure_clock_skew(client: ActivationClient) -> float | None:
    """Our clock minus the server's, or None when the server cannot be asked right now (an
    unreachable server is the outbox rules' business, not a clock problem)."""
    try:
        return client.health()["clock_skew_s"]
    except KioskError:
        return None


def _free_mb(settings: Settings) -> int | None:
    path = settings.home
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        return shutil.disk_usage(path).free // (1024 * 1024)
    except OSError:
        return None


def _hours(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"
