"""The read-only fleet web page for technicians and the support desk (included by server/app.py,
left out of the OpenAPI document): ``/fleet/login``, ``/fleet`` (kiosks by state, filtered by
state and by text in the kiosk id), ``/fleet/kiosks/{kiosk_id}`` (one kiosk, its latest
heartbeat and history), ``POST /fleet/logout``.

Plain server-rendered HTML without scripts; every value goes through :func:`html.escape`
(kiosk-supplied heartbeat fields such as freeze reasons are free text). The pages send a
Content-Security-Policy that forbids scripts, so a value that escaped escaping still could not
run.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import anyio.to_thread
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import Engine, select

from server.api.deps import services_of
from server.fleet_models import HeartbeatHistory
from server.fleet_states import FleetState
from server.heartbeats import KioskState, fleet
from server.operators import SESSION_HOURS, LoginThrottle, log_in, log_out, session_operator
from server.refusals import Refusal
from simcontract.answers import AnswerCode

router = APIRouter(include_in_schema=False)
COOKIE = "simkiosk_fleet"
STATES = tuple(FleetState)
HISTORY_ROWS = 100
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_STYLE = """body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}
td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left}
.ok{color:#060}.frozen,.start_failed{color:#a00}.missing{color:#a60}.never,.revoked{color:#666}"""


def _engine(request: Request) -> Engine:
    return services_of(request).activations.engine


def _throttle(request: Request) -> LoginThrottle:
    return services_of(request).login_throttle


def _page(title: str, body: str, status: int = 200, operator: str | None = None) -> HTMLResponse:
    logout = (
        ""
        if operator is None
        else f'<form method="post" action="/fleet/logout">{escape(operator)} '
        '<button type="submit">Log out</button></form>'
    )
    return HTMLResponse(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>{logout}"
        f"<h1>{escape(title)}</h1>{body}</body></html>",
        status_code=status,
        headers=_HEADERS,
    )


async def _operator(request: Request) -> str | None:
    return await anyio.to_thread.run_sync(
        session_operator, _engine(request), request.cookies.get(COOKIE)
    )


def _to_login() -> RedirectResponse:
    return RedirectResponse("/fleet/login", status_code=303, headers=_HEADERS)


def _login_form(message: str = "") -> str:
    note = f'<p role="alert">{escape(message)}</p>' if message else ""
    return (
        f'{note}<form method="post" action="/fleet/login">'
        '<p><label>Operator <input name="name" autocomplete="username" required></label></p>'
        '<p><label>Password <input name="password" type="password" '
        'autocomplete="current-password" required></label></p>'
        '<p><button type="submit">Log in</button></p></form>'
    )


@router.get("/fleet/login")
async def login_page() -> Response:
    return _page("simkiosk fleet: log in", _login_form())


@router.post("/fleet/login")
async def login(request: Request) -> Response:
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
    name = (form.get("name") or [""])[0][:200]
    password = (form.get("password") or [""])[0][:1024]
    address = request.client.host if request.client else None
    try:
        token = await anyio.to_thread.run_sync(
            log_in, _engine(request), _throttle(request), name, password, address
        )
    except Refusal as refusal:  # answered as the log-in page again, not as JSON
        message = (
            "Too many failed log-ins; wait a quarter of an hour."
            if refusal.code == AnswerCode.LOGIN_RATE_LIMITED
            else "Wrong operator name or password."
        )
        return _page("simkiosk fleet: log in", _login_form(message), refusal.status)
    response = RedirectResponse("/fleet", status_code=303, headers=_HEADERS)
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        path="/fleet",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/fleet/logout")
async def logout(request: Request) -> Response:
    await anyio.to_thread.run_sync(log_out, _engine(request), request.cookies.get(COOKIE))
    response = _to_login()
    response.delete_cookie(COOKIE, path="/fleet", httponly=True, samesite="strict")
    return response


def _ago(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    if seconds < 120:
        return f"{seconds:.0f} s ago"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"


def _cell(value: Any) -> str:
    return f"<td>{escape('-' if value is None else str(value))}</td>"


def _update_text(update: dict[str, Any] | None) -> str | None:
    """The last package update in words: "start_failed: 1.5.0 (from 1.4.0) at …: detail"."""
    if not update:
        return None
    text = f"{update.get('result')}: {update.get('version')}"
    if update.get("previous_version"):
        text += f" (from {update['previous_version']})"
    if update.get("at"):
        text += f" at {update['at']}"
    return text + (f": {update['detail']}" if update.get("detail") else "")


def _kiosk_row(s: dict[str, Any]) -> str:
    beat = s["heartbeat"] or {}
    outbox = beat.get("outbox") or {}
    link = f"/fleet/kiosks/{quote(s['kiosk_id'], safe='')}"
    return (
        f'<tr><td><a href="{escape(link)}">{escape(s["kiosk_id"])}</a></td>'
        f'<td class="{escape(s["state"])}">{escape(s["state"])}</td>'
        f"{_cell(_ago(s['seconds_since']))}{_cell(beat.get('version'))}"
        f"{_cell(outbox.get('pending'))}"
        f"{_cell('; '.join(beat.get('freeze_reasons') or []) or None)}"
        f"{_cell(_update_text(beat.get('update')))}</tr>"
    )


@router.get("/fleet")
async def fleet_list(request: Request, state: str = "", q: str = "") -> Response:
    operator = await _operator(request)
    if operator is None:
        return _to_login()
    now = datetime.now(UTC)
    states = [s.as_dict(now) for s in await anyio.to_thread.run_sync(fleet, _engine(request))]
    counts = {st: sum(1 for s in states if s["state"] == st) for st in STATES}
    if state in STATES:
        states = [s for s in states if s["state"] == state]
    if q:
        states = [s for s in states if q.casefold() in s["kiosk_id"].casefold()]
    options = "".join(
        f'<option value="{st}"{" selected" if st == state else ""}>{st} ({counts[st]})</option>'
        for st in STATES
    )
    summary = ", ".join(
        f'<a href="/fleet?{escape(urlencode({"state": st}))}">{st}: {counts[st]}</a>'
        for st in STATES
    )
    rows = "".join(_kiosk_row(s) for s in states) or '<tr><td colspan="7">no kiosk</td></tr>'
    body = (
        f"<p>{summary}</p>"
        '<form method="get" action="/fleet"><label>State <select name="state">'
        f'<option value="">all</option>{options}</select></label> '
        f'<label>Kiosk id contains <input name="q" value="{escape(q)}"></label> '
        '<button type="submit">Filter</button></form>'
        f'<p id="count">{len(states)} kiosk(s)</p><table id="kiosks"><tr><th>Kiosk</th>'
        "<th>State</th><th>Last heartbeat</th><th>Version</th><th>Pending records</th>"
        f"<th>Freeze reasons</th><th>Last update</th></tr>{rows}</table>"
    )
    return _page("simkiosk fleet", body, operator=operator)


def _history(engine: Engine, kiosk_id: str) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(HeartbeatHistory.received_at, HeartbeatHistory.body)
                .where(HeartbeatHistory.kiosk_id == kiosk_id)
                .order_by(HeartbeatHistory.received_at.desc())
                .limit(HISTORY_ROWS)
            ).all()
        )


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


@router.get("/fleet/kiosks/{kiosk_id}")
async def kiosk_detail(request: Request, kiosk_id: str) -> Response:
    operator = await _operator(request)
    if operator is None:
        return _to_login()
    found: list[KioskState] = [
        s for s in await anyio.to_thread.run_sync(fleet, _engine(request)) if s.kiosk_id == kiosk_id
    ]
    if not found:
        return _page(
            "Unknown kiosk",
            f"<p>No kiosk {escape(kiosk_id)} is registered.</p>"
            '<p><a href="/fleet">All kiosks</a></p>',
            404,
            operator,
        )
    s = found[0].as_dict(datetime.now(UTC))
    beat = s["heartbeat"] or {}
    outbox = beat.get("outbox") or {}
    facts = [
        ("State", s["state"]),
        ("Key id", s["key_id"]),
        ("Last heartbeat", f"{s['last_seen'] or 'never'} ({_ago(s['seconds_since'])})"),
        ("Version", beat.get("version")),
        ("Uptime (s)", beat.get("uptime_s")),
        ("Heartbeat interval (s)", beat.get("interval_s")),
        ("Pending records", outbox.get("pending")),
        ("Oldest pending (s)", outbox.get("oldest_pending_age_s")),
        ("Pending evidence", outbox.get("evidence_pending")),
        ("Frozen", None if not beat else ("yes" if beat.get("frozen") else "no")),
        ("Freeze reasons", "; ".join(beat.get("freeze_reasons") or []) or None),
        ("Clock skew (s)", beat.get("clock_skew_s")),
        ("Last crash", beat.get("last_crash_at")),
        ("Last update", _update_text(beat.get("update"))),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th>{_cell(v)}</tr>" for k, v in facts)
    history = await anyio.to_thread.run_sync(_history, _engine(request), kiosk_id)
    rows = []
    for received_at, body in history:
        b = json.loads(body)
        rows.append(
            f"<tr>{_cell(_stamp(received_at))}{_cell(b.get('version'))}"
            f"{_cell((b.get('outbox') or {}).get('pending'))}"
            f"{_cell('frozen' if b.get('frozen') else 'running')}"
            f"{_cell('; '.join(b.get('freeze_reasons') or []) or None)}</tr>"
        )
    body = (
        f'<p><a href="/fleet">All kiosks</a></p><table id="detail">{table}</table>'
        f"<h2>Heartbeat history (newest first, at most {HISTORY_ROWS})</h2>"
        '<table id="history"><tr><th>Received</th><th>Version</th><th>Pending</th>'
        f"<th>State</th><th>Freeze reasons</th></tr>{''.join(rows)}</table>"
    )
    return _page(f"Kiosk {kiosk_id}", body, operator=operator)
