"""Signed kiosk heartbeats: verified with the kiosk's registered key, the latest kept per kiosk,
and the fleet's state derived from them (a kiosk is *missing* when its last heartbeat is older
than two of its own announced intervals).

The heartbeat is an envelope ``{"heartbeat": {...}, "key_id", "signature"}`` like the records:
an Ed25519 signature over the RFC 8785 canonical object. ``sent_at`` (the kiosk's clock) must
grow from one heartbeat to the next, so a replayed older one cannot hide a frozen kiosk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jsonschema
from sqlalchemy import Engine, delete, insert, select, update

from server.fleet_models import Heartbeat, HeartbeatHistory
from server.fleet_states import FleetState
from server.models import Kiosk
from server.refusals import Done, Refusal
from simcontract.answers import AnswerCode
from simcontract.fleet import UpdateResult
from simcontract.ids import KIOSK_ID_PATTERN, is_kiosk_id
from simcontract.signing import SignatureError, load_public_key_pem, open_envelope
from simcontract.times import rfc3339

MISSING_AFTER_INTERVALS = 2
HISTORY_DAYS = 30  # heartbeat history kept per kiosk for the fleet page

_NUM_OR_NULL = {"type": ["number", "null"]}
_STAMP = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$"}
HEARTBEAT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "kiosk_id",
        "sent_at",
        "interval_s",
        "version",
        "uptime_s",
        "outbox",
        "frozen",
        "freeze_reasons",
        "clock_skew_s",
        "last_crash_at",
    ],
    "properties": {
        "kiosk_id": {"type": "string", "pattern": KIOSK_ID_PATTERN},
        "sent_at": _STAMP,
        "interval_s": {"type": "integer", "minimum": 10, "maximum": 86400},
        "version": {"type": "string", "maxLength": 64},
        "uptime_s": {"type": "number", "minimum": 0},
        "outbox": {
            "type": "object",
            "additionalProperties": False,
            "required": ["pending", "oldest_pending_age_s", "evidence_pending"],
            "properties": {
                "pending": {"type": "integer", "minimum": 0},
                "oldest_pending_age_s": _NUM_OR_NULL,
                "evidence_pending": {"type": "integer", "minimum": 0},
            },
        },
        "frozen": {"type": "boolean"},
        "freeze_reasons": {
            "type": "array",
            "maxItems": 20,
            "items": {"type": "string", "maxLength": 500},
        },
        "clock_skew_s": _NUM_OR_NULL,
        "last_crash_at": {"oneOf": [_STAMP, {"type": "null"}]},
        # optional (kiosks before it do not send it): the last package update's outcome
        "update": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["result", "version"],
                    "properties": {
                        "result": {"enum": list(UpdateResult)},
                        "version": {"type": "string", "maxLength": 64},
                        "previous_version": {"type": "string", "maxLength": 64},
                        "at": {"type": "string", "maxLength": 40},
                        "detail": {"type": "string", "maxLength": 500},
                    },
                },
            ]
        },
    },
}
_VALIDATOR = jsonschema.Draft202012Validator(HEARTBEAT_SCHEMA)


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def accept_heartbeat(engine: Engine, body: bytes, *, now: datetime | None = None) -> Done:
    """Verify and keep one heartbeat (``heartbeat_kept``); raises a Refusal."""
    now = now or datetime.now(UTC)
    _keep(engine, _verified(engine, body), now)
    return Done(AnswerCode.HEARTBEAT_KEPT)


def _verified(engine: Engine, body: bytes) -> dict[str, Any]:
    try:
        envelope = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refusal(AnswerCode.MALFORMED, "the body is not JSON") from None
    beat = envelope.get("heartbeat") if isinstance(envelope, dict) else None
    kiosk_id = beat.get("kiosk_id") if isinstance(beat, dict) else None
    if not isinstance(beat, dict) or not is_kiosk_id(kiosk_id):
        raise Refusal(
            AnswerCode.MALFORMED, "the body must be a heartbeat envelope naming a kiosk id"
        )
    with engine.connect() as conn:
        row = conn.execute(
            select(Kiosk.public_key_pem, Kiosk.revoked_at).where(Kiosk.kiosk_id == kiosk_id)
        ).first()
    if row is None:
        raise Refusal(AnswerCode.UNKNOWN_KIOSK, f"kiosk {kiosk_id} is not registered")
    if row.revoked_at is not None:
        raise Refusal(AnswerCode.KIOSK_REVOKED, f"kiosk {kiosk_id} was revoked")
    try:
        open_envelope("heartbeat", envelope, load_public_key_pem(row.public_key_pem))
    except SignatureError as exc:
        code = AnswerCode.KEY_MISMATCH if "key_id" in str(exc) else AnswerCode.BAD_SIGNATURE
        raise Refusal(
            code, f"the heartbeat does not verify with kiosk {kiosk_id}'s registered key: {exc}"
        ) from None
    error = next(iter(_VALIDATOR.iter_errors(beat)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(the heartbeat)"
        raise Refusal(AnswerCode.SCHEMA_INVALID, f"the heartbeat is not valid at {where}")
    return beat


def _keep(engine: Engine, beat: dict[str, Any], now: datetime) -> None:
    sent_at = _stamp(beat["sent_at"])
    values = {
        "received_at": now,
        "sent_at": sent_at,
        "interval_s": beat["interval_s"],
        "body": json.dumps(beat, sort_keys=True),
    }
    with engine.begin() as conn:
        last = conn.execute(
            select(Heartbeat.sent_at).where(Heartbeat.kiosk_id == beat["kiosk_id"])
        ).scalar_one_or_none()
        if last is None:
            conn.execute(insert(Heartbeat).values(kiosk_id=beat["kiosk_id"], **values))
        elif sent_at <= last:
            raise Refusal(
                AnswerCode.HEARTBEAT_STALE,
                "a heartbeat sent at the same time or later is already kept",
            )
        else:
            conn.execute(
                update(Heartbeat).where(Heartbeat.kiosk_id == beat["kiosk_id"]).values(**values)
            )
        conn.execute(
            insert(HeartbeatHistory).values(
                kiosk_id=beat["kiosk_id"], received_at=now, sent_at=sent_at, body=values["body"]
            )
        )
        conn.execute(
            delete(HeartbeatHistory).where(
                HeartbeatHistory.kiosk_id == beat["kiosk_id"],
                HeartbeatHistory.received_at < now - timedelta(days=HISTORY_DAYS),
            )
        )


@dataclass(frozen=True)
class KioskState:
    kiosk_id: str
    state: FleetState
    key_id: str
    last_seen: datetime | None
    heartbeat: dict[str, Any] | None

    def as_dict(self, now: datetime) -> dict[str, Any]:
        seen = self.last_seen
        return {
            "kiosk_id": self.kiosk_id,
            "state": self.state,
            "key_id": self.key_id,
            "last_seen": rfc3339(seen, "seconds") if seen else None,
            "seconds_since": round((now - seen).total_seconds(), 1) if seen else None,
            "heartbeat": self.heartbeat,
        }


def fleet(engine: Engine, *, now: datetime | None = None) -> list[KioskState]:
    """Every registered kiosk with its state, by kiosk id."""
    now = now or datetime.now(UTC)
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Kiosk.kiosk_id,
                Kiosk.key_id,
                Kiosk.revoked_at,
                Heartbeat.received_at,
                Heartbeat.interval_s,
                Heartbeat.body,
            )
            .outerjoin(Heartbeat, Heartbeat.kiosk_id == Kiosk.kiosk_id)
            .order_by(Kiosk.kiosk_id)
        ).all()
    result = []
    for r in rows:
        beat = json.loads(r.body) if r.body else None
        if r.revoked_at is not None:
            state = FleetState.REVOKED
        elif beat is None:
            state = FleetState.NEVER
        elif now - r.received_at > timedelta(seconds=MISSING_AFTER_INTERVALS * r.interval_s):
            state = FleetState.MISSING
        elif (beat.get("update") or {}).get("result") == UpdateResult.START_FAILED:
            # did not start after an update: before frozen, it is down
            state = FleetState.START_FAILED
        elif beat.get("frozen"):
            state = FleetState.FROZEN
        else:
            state = FleetState.OK
        result.append(KioskState(r.kiosk_id, state, r.key_id, r.received_at, beat))
    return result
