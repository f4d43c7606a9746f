"""Today's submissions as the clerk's list shows them, from a real outbox: states, reasons, the
SIM's last digits only, yesterday's records left out, purged records still listed."""

from __future__ import annotations

import datetime as dt
import json

from kiosk.records.outbox import Outbox
from kiosk.records.submissions import RowState, local_midnight, today

NOON = dt.datetime(2026, 11, 30, 12, 0).timestamp()


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def _envelope(n: int) -> dict:
    return {
        "record": {
            "record_id": f"rec-{n:04d}-0000",
            "sim": {"iccid": f"89972010000000{n:05d}"},
            "subscriber": {"surname": "ABDULLAYEVA", "iin": "900101400013"},
        },
        "key_id": "k",
        "signature": "s",
    }


def test_todays_records_with_states_and_reasons(tmp_path) -> None:
    clock = Clock(NOON - 86400)
    outbox = Outbox(tmp_path / "outbox.db", clock=clock)
    outbox.enqueue(_envelope(1))  # yesterday: not listed
    clock.t = local_midnight(NOON) + 60
    for n in (2, 3, 4, 5):
        outbox.enqueue(_envelope(n))
        clock.t += 60
    assert outbox.claim("rec-0002-0000")
    outbox.mark_delivered("rec-0002-0000", {"status": "activated"})
    assert outbox.claim("rec-0003-0000")
    outbox.mark_rejected("rec-0003-0000", "person_cap", "this person has too many SIM cards")
    assert outbox.claim("rec-0004-0000")
    outbox.release("rec-0004-0000", "server unreachable", retry_in_s=30)
    outbox.purge_finished(0)  # the delivered and refused records lose their envelopes
    rows = today(outbox, now=NOON)
    assert [r.record_id for r in rows] == [
        "rec-0005-0000",
        "rec-0004-0000",
        "rec-0003-0000",
        "rec-0002-0000",
    ]
    by_id = {r.record_id: r for r in rows}
    assert by_id["rec-0005-0000"].state == RowState.QUEUED
    assert by_id["rec-0005-0000"].iccid_tail == "0005"
    assert by_id["rec-0004-0000"].why == "server unreachable"
    assert by_id["rec-0004-0000"].next_attempt_at is not None
    assert by_id["rec-0003-0000"].state == RowState.REFUSED
    assert by_id["rec-0003-0000"].why == "person_cap: this person has too many SIM cards"
    assert by_id["rec-0002-0000"].state == RowState.DELIVERED
    assert by_id["rec-0002-0000"].iccid_tail == ""
    shown = json.dumps([vars(r) for r in rows])
    assert "ABDULLAYEVA" not in shown and "900101400013" not in shown
    assert "8997201000000" not in shown  # never the whole ICCID
    outbox.close()
