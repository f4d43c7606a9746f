"""The fleet web page against the real server on 127.0.0.1: log-in required, wrong passwords
refused (throttled and audited), the state and text filters, a kiosk's detail and heartbeat
history, hostile values escaped, and one look through a real headless Chromium."""

from __future__ import annotations

import http.server
import io
import shutil
import sqlite3
import subprocess
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from simcontract import signing
from tests.fleet.support import Fleet

PASSWORD = "correct horse battery staple"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _add_operator(fleet: Fleet, capsys, monkeypatch, name: str, password: str) -> tuple:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return fleet.server(capsys, "operator", "add", name)


def _register(fleet: Fleet, capsys, tmp_path: Path, kiosk_id: str) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = tmp_path / f"{kiosk_id}.pem"
    pem.write_text(signing.public_key_pem(key.public_key()))
    code, _out, err = fleet.server(
        capsys, "register-kiosk", "--kiosk-id", kiosk_id, "--public-key", str(pem)
    )
    assert code == 0, err
    return key


def _beat(
    fleet: Fleet,
    key: Ed25519PrivateKey,
    kiosk_id: str,
    *,
    sent: datetime,
    version: str = "1.4.0",
    reasons: tuple[str, ...] = (),
) -> None:
    beat = {
        "kiosk_id": kiosk_id,
        "sent_at": sent.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "interval_s": 300,
        "version": version,
        "uptime_s": 12.0,
        "outbox": {"pending": len(reasons), "oldest_pending_age_s": None, "evidence_pending": 0},
        "frozen": bool(reasons),
        "freeze_reasons": list(reasons),
        "clock_skew_s": 0.2,
        "last_crash_at": None,
    }
    resp = requests.post(
        fleet.url + "/v1/heartbeats", timeout=10, json=signing.make_envelope("heartbeat", beat, key)
    )
    assert resp.status_code == 204, resp.text


def _log_in(fleet: Fleet, name: str = "alice", password: str = PASSWORD) -> requests.Response:
    return requests.post(
        fleet.url + "/fleet/login",
        data={"name": name, "password": password},
        allow_redirects=False,
        timeout=30,
    )


@pytest.fixture
def site(fleet: Fleet, capsys, monkeypatch, tmp_path: Path) -> Fleet:
    """An operator 'alice' and three kiosks: one ok (two heartbeats), one frozen, one never."""
    code, out, err = _add_operator(fleet, capsys, monkeypatch, "alice", PASSWORD)
    assert code == 0 and out == {"operator": "alice", "done": "added"}, err
    now = datetime.now(UTC)
    almaty = _register(fleet, capsys, tmp_path, "kiosk-almaty-01")
    _beat(fleet, almaty, "kiosk-almaty-01", sent=now - timedelta(seconds=60), version="1.3.9")
    _beat(fleet, almaty, "kiosk-almaty-01", sent=now)
    astana = _register(fleet, capsys, tmp_path, "kiosk-astana-02")
    _beat(fleet, astana, "kiosk-astana-02", sent=now, reasons=("the disk is nearly full",))
    _register(fleet, capsys, tmp_path, "kiosk-astana-07")
    return fleet


def _session(fleet: Fleet) -> requests.Session:
    resp = _log_in(fleet)
    assert resp.status_code == 303 and resp.headers["location"] == "/fleet"
    session = requests.Session()
    session.cookies.set(
        "simkiosk_fleet", resp.cookies["simkiosk_fleet"], domain="127.0.0.1", path="/fleet"
    )
    return session


def test_the_pages_require_a_log_in(site: Fleet) -> None:
    for path in ("/fleet", "/fleet?state=ok", "/fleet/kiosks/kiosk-almaty-01"):
        resp = requests.get(site.url + path, allow_redirects=False, timeout=10)
        assert resp.status_code == 303 and resp.headers["location"] == "/fleet/login", path
        assert "kiosk-almaty" not in resp.text
    forged = requests.get(
        site.url + "/fleet", cookies={"simkiosk_fleet": "x" * 43}, allow_redirects=False, timeout=10
    )
    assert forged.status_code == 303
    login = requests.get(site.url + "/fleet/login", timeout=10)
    assert login.status_code == 200 and 'type="password"' in login.text
    assert "script-src" not in login.headers["content-security-policy"]  # default-src 'none'


def test_a_log_in_gives_a_strict_http_only_session_that_log_out_ends(site: Fleet) -> None:
    resp = _log_in(site)
    cookie = resp.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/fleet" in cookie
    assert "Max-Age=28800" in cookie
    session = _session(site)
    page = session.get(site.url + "/fleet", timeout=10)
    assert page.status_code == 200 and "kiosk-almaty-01" in page.text and "alice" in page.text
    token = session.cookies["simkiosk_fleet"]
    session.post(site.url + "/fleet/logout", allow_redirects=False, timeout=10)
    again = requests.get(
        site.url + "/fleet", allow_redirects=False, timeout=10, cookies={"simkiosk_fleet": token}
    )
    assert again.status_code == 303  # the token is gone from the server, not just the browser


def test_wrong_passwords_are_refused_throttled_and_audited(site: Fleet) -> None:
    for name, password in (("alice", "not the password"), ("mallory", PASSWORD)):
        resp = _log_in(site, name, password)
        assert resp.status_code == 401 and "simkiosk_fleet" not in resp.cookies
        assert "Wrong operator name or password" in resp.text
    for _ in range(3):
        assert _log_in(site, "alice", "guess").status_code == 401
    # the address has used its five refusals: even the right password waits now
    assert _log_in(site).status_code == 429
    db = sqlite3.connect(site.db_url.removeprefix("sqlite:///"))
    try:
        rows = db.execute(
            "SELECT code, http_status, reason FROM audit WHERE code LIKE '%login%' ORDER BY id"
        ).fetchall()
        hashes = db.execute("SELECT password_hash FROM operators").fetchall()
    finally:
        db.close()
    assert [r[0] for r in rows] == ["login_refused"] * 5 + ["login_rate_limited"]
    assert "operator mallory from 127.0.0.1" in rows[1][2]
    assert not any(PASSWORD in r[2] or "guess" in r[2] for r in rows)
    assert hashes[0][0].startswith("scrypt$32768$8$1$") and PASSWORD not in hashes[0][0]


def test_the_state_and_text_filters(site: Fleet) -> None:
    session = _session(site)

    def kiosks(**params: str) -> list[str]:
        text = session.get(site.url + "/fleet", params=params, timeout=10).text
        return [
            k
            for k in ("kiosk-almaty-01", "kiosk-astana-02", "kiosk-astana-07")
            if f">{k}</a>" in text
        ]

    assert kiosks() == ["kiosk-almaty-01", "kiosk-astana-02", "kiosk-astana-07"]
    assert kiosks(state="ok") == ["kiosk-almaty-01"]
    assert kiosks(state="frozen") == ["kiosk-astana-02"]
    assert kiosks(state="never") == ["kiosk-astana-07"]
    assert kiosks(state="missing") == []
    assert kiosks(q="ASTANA") == ["kiosk-astana-02", "kiosk-astana-07"]
    assert kiosks(q="astana", state="frozen") == ["kiosk-astana-02"]
    assert kiosks(q="shymkent") == []
    assert "the disk is nearly full" in session.get(site.url + "/fleet", timeout=10).text


def test_a_kiosks_detail_and_heartbeat_history(site: Fleet) -> None:
    session = _session(site)
    page = session.get(site.url + "/fleet/kiosks/kiosk-almaty-01", timeout=10)
    assert page.status_code == 200
    history = page.text.split('<table id="history">')[1]
    assert history.count("<tr>") == 3  # the header and both heartbeats, newest first
    assert history.index("1.4.0") < history.index("1.3.9")
    assert "never" in session.get(site.url + "/fleet/kiosks/kiosk-astana-07", timeout=10).text
    missing = session.get(site.url + "/fleet/kiosks/kiosk-nowhere", timeout=10)
    assert missing.status_code == 404 and "No kiosk kiosk-nowhere" in missing.text


def test_hostile_values_are_escaped(site: Fleet, capsys, tmp_path: Path) -> None:
    # a free-text freeze reason comes from the kiosk; a hostile kiosk id cannot be registered
    # through the server, so it is written into the table directly (as a restored dump could)
    key = _register(site, capsys, tmp_path, "kiosk-evil")
    _beat(site, key, "kiosk-evil", sent=datetime.now(UTC), reasons=(HOSTILE,), version='"><b>v</b>')
    db = sqlite3.connect(site.db_url.removeprefix("sqlite:///"))
    try:
        with db:
            db.execute(
                "INSERT INTO kiosks (kiosk_id, key_id, public_key_pem, registered_at) "
                "VALUES (?, ?, 'x', ?)",
                (HOSTILE, "0" * 32, datetime.now(UTC)),
            )
    finally:
        db.close()
    session = _session(site)
    pages = [
        session.get(site.url + "/fleet", timeout=10).text,
        session.get(site.url + "/fleet", params={"q": HOSTILE}, timeout=10).text,
        session.get(site.url + "/fleet/kiosks/kiosk-evil", timeout=10).text,
    ]
    for text in pages:
        assert "<script>" not in text and "<img" not in text and "<b>v</b>" not in text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "%3Cscript%3E" in pages[0]  # the link to its detail page, URL-quoted
    assert 'value="&lt;script&gt;' in pages[1]  # the search box keeps the text, inert


CHROMIUM = shutil.which("chromium")


class _CookieProxy(http.server.BaseHTTPRequestHandler):
    """Chromium's HTTP proxy for the test: forwards each GET to the server with the session
    cookie the test obtained over HTTP (Chromium takes no cookie on its command line)."""

    cookie = ""

    def do_GET(self) -> None:
        resp = requests.get(
            self.path, cookies={"simkiosk_fleet": self.cookie}, allow_redirects=False, timeout=30
        )
        self.send_response(resp.status_code)
        for name in ("content-type", "location"):
            if name in resp.headers:
                self.send_header(name, resp.headers[name])
        self.send_header("content-length", str(len(resp.content)))
        self.end_headers()
        self.wfile.write(resp.content)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make system-deps installs it)"
)
def test_a_real_browser_shows_the_fleet_after_log_in(site: Fleet, tmp_path: Path) -> None:
    """Headless Chromium loads /fleet with the session cookie of an HTTP log-in; the DOM it
    builds lists the kiosks (and the escaped hostile text stays text)."""
    _CookieProxy.cookie = _log_in(site).cookies["simkiosk_fleet"]
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CookieProxy)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'chromium-profile'}",
                f"--proxy-server=http://127.0.0.1:{proxy.server_address[1]}",
                "--proxy-bypass-list=<-loopback>",
                "--dump-dom",
                site.url + "/fleet?q=kiosk",
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join()
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert '<table id="kiosks">' in dom, dom[:2000]
    assert ">kiosk-almaty-01</a>" in dom and ">kiosk-astana-02</a>" in dom
    assert "3 kiosk(s)" in dom and 'type="password"' not in dom


def test_the_operator_command_refuses_weak_or_duplicate_log_ins(
    fleet: Fleet, capsys, monkeypatch
) -> None:
    code, _out, err = _add_operator(fleet, capsys, monkeypatch, "bob", "short")
    assert code == 2 and "at least 12 characters" in err
    code, _out, err = _add_operator(fleet, capsys, monkeypatch, "<bob>", PASSWORD)
    assert code == 2 and "operator name" in err
    assert _add_operator(fleet, capsys, monkeypatch, "bob", PASSWORD)[0] == 0
    code, _out, err = _add_operator(fleet, capsys, monkeypatch, "bob", PASSWORD + "!")
    assert code == 2 and "--replace" in err
    assert _log_in(fleet, "bob").status_code == 303
    assert fleet.server(capsys, "operator", "remove", "bob")[0] == 0
    assert _log_in(fleet, "bob").status_code == 401
