"""The technician's system checks against a real server on 127.0.0.1: reachability, TLS (pinned
CA, certificate expiry), clock skew, the outbox, the key id, and the freeze state first."""

from __future__ import annotations

from hardware import diagnostics as dg
from kiosk.diagnosis import ORDER, run_all
from kiosk.records.keys import load_device_key
from kiosk.records.outbox import Outbox
from tests.records.fake_activation_server import FakeActivationServer
from tests.records.support import make_envelope
from tests.records.tls_certs import make_ca, server_context


def test_tls_pinned_ca_and_expiry(make_settings, tmp_path) -> None:
    ca_path, ca_key, ca_cert = make_ca(tmp_path, "operator-ca")
    other_ca, _, _ = make_ca(tmp_path, "some-other-ca")
    with FakeActivationServer(tls=server_context(tmp_path, ca_key, ca_cert)) as srv:
        pinned = dg.check_tls(srv.url, str(ca_path), 3.0)
        wrong = dg.check_tls(srv.url, str(other_ca), 3.0)
        system = dg.check_tls(srv.url, "", 3.0)
    # the test certificate lives one day: trusted through the pinned CA, but close to expiry
    assert pinned.status == dg.WARN and pinned.info["ca_pinned"] is True
    assert pinned.info["days_left"] == 0 and "CA pinned" in pinned.detail
    assert wrong.status == dg.ERROR and "not trusted" in wrong.detail
    assert system.status == dg.ERROR and system.info["ca_pinned"] is False
    plain = dg.check_tls("http://203.0.113.7:8765", "", 1.0)
    assert plain.status == dg.ERROR and "unencrypted" in plain.detail
    assert dg.check_tls("http://127.0.0.1:8765", "", 1.0).status == dg.OK


def test_clock_skew_limits() -> None:
    assert dg.check_clock(0.4, 300).status == dg.OK
    assert dg.check_clock(-200, 300).status == dg.WARN
    bad = dg.check_clock(400, 300)
    assert bad.status == dg.ERROR and "400.0 s ahead of the server" in bad.detail
    assert dg.check_clock(None, 300).status == dg.WARN


def test_full_run_against_the_server(make_settings, device_key, server) -> None:
    settings = make_settings(server_url=server.url)
    with Outbox(settings.outbox_path) as outbox:
        outbox.enqueue(make_envelope(settings, device_key))
    checks = run_all(settings, devices=False)
    names = [c.name for c in checks]
    assert names[0] == "freeze" and names == [n for n in ORDER if n in names]
    by = {c.name: c for c in checks}
    assert by["freeze"].status == dg.OK and by["freeze"].info == {"frozen": False, "reasons": []}
    assert by["server"].status == dg.OK and "rtt_ms" in by["server"].info
    assert by["clock"].status == dg.OK and abs(by["clock"].info["skew_s"]) < 5
    assert by["outbox"].info["pending"] == 1 and by["outbox"].info["oldest_pending_age_s"] >= 0
    assert by["key"].info["key_id"] == load_device_key(settings).key_id
    assert by["key"].info["key_id"] in by["key"].detail
    assert {"simkiosk", "PySide6", "mediapipe", "dlib", "opencv"} <= set(by["versions"].info)
    assert "missing" not in by["versions"].detail


def test_a_frozen_kiosk_is_reported_first_with_its_reasons(make_settings, device_key) -> None:
    settings = make_settings(freeze_max_pending=1)
    with Outbox(settings.outbox_path) as outbox:
        for _ in range(2):
            outbox.enqueue(make_envelope(settings, device_key))
    checks = run_all(settings, devices=False, server=False)
    assert checks[0].name == "freeze" and checks[0].status == dg.ERROR
    assert checks[0].info["frozen"] is True
    assert "2 activations are waiting to be sent" in checks[0].info["reasons"][0]
    outbox_check = next(c for c in checks if c.name == "outbox")
    assert outbox_check.status == dg.ERROR and outbox_check.info["pending"] == 2
