"""The client against a real HTTP(S) server on 127.0.0.1 that is down, slow, failing or lying."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.records.client import ActivationClient, BadReceipt, Rejected, Unreachable
from kiosk.records.keys import SERVER_RECEIPT_KEY_FILE, write_file_atomically
from simcontract import signing
from tests.records.fake_activation_server import FakeActivationServer
from tests.records.support import make_envelope
from tests.records.tls_certs import make_ca, server_context


def client_for(make_settings, server, **records) -> ActivationClient:
    return ActivationClient(make_settings(server_url=server.url, **records))


def test_receipt_is_verified_and_resend_gets_the_same_one(
    make_settings, device_key, server
) -> None:
    settings = make_settings(server_url=server.url)
    envelope = make_envelope(settings, device_key)
    rid = envelope["record"]["record_id"]
    with ActivationClient(settings) as client:
        first = client.submit(envelope)
        again = client.submit(envelope)
    assert first["receipt"]["record_id"] == rid
    assert first["receipt"]["iccid"] == envelope["record"]["sim"]["iccid"]
    assert again == first  # same receipt id, same signature: no second activation
    assert server.created == 1 and server.posts == 2
    assert server.idempotency_keys == [rid, rid]
    pinned = (settings.keys_dir / SERVER_RECEIPT_KEY_FILE).read_text()
    assert signing.key_id(signing.load_public_key_pem(pinned)) == signing.key_id(
        server.receipt_key.public_key()
    )


def test_5xx_is_retried_then_succeeds(make_settings, device_key, server) -> None:
    server.fail_next = 2  # retries = 2: the third attempt gets through
    with client_for(make_settings, server) as client:
        receipt = client.submit(make_envelope(client.settings, device_key))
    assert receipt["receipt"]["status"] == "activated"
    assert server.posts == 3 and server.created == 1


@pytest.mark.parametrize("mode", ["500", "429"])
def test_persistent_5xx_and_429_end_unreachable_after_retries(
    make_settings, device_key, server, mode
) -> None:
    server.mode = mode
    with (
        client_for(make_settings, server) as client,
        pytest.raises(Unreachable, match=f"HTTP {mode}"),
    ):
        client.submit(make_envelope(client.settings, device_key))
    assert server.posts == 3 and server.created == 0


def test_dropped_connection_is_retried_and_the_receipt_is_the_first_one(
    make_settings, device_key, server
) -> None:
    server.mode = "drop"  # the server activates, then the answer is lost on the way
    with client_for(make_settings, server) as client:
        envelope = make_envelope(client.settings, device_key)
        with pytest.raises(Unreachable):
            client.submit(envelope)
        assert server.posts == 3 and server.created == 1
        server.mode = "ok"
        receipt = client.submit(envelope)
    assert receipt["receipt"] == server.activations[envelope["record"]["record_id"]][1]
    assert server.created == 1


def test_4xx_is_final_and_never_retried(make_settings, device_key, server) -> None:
    server.mode = "409"
    with client_for(make_settings, server) as client:
        with pytest.raises(Rejected) as err:
            client.submit(make_envelope(client.settings, device_key))
        assert err.value.code == "iccid_active" and err.value.status == 409
        assert server.posts == 1
        server.mode = "ok"
        stranger = Ed25519PrivateKey.generate()  # a kiosk the server never registered
        record = make_envelope(client.settings, device_key)["record"]
        record["kiosk"]["key_id"] = signing.key_id(stranger.public_key())
        with pytest.raises(Rejected, match="unknown_kiosk"):
            client.submit(signing.make_envelope("record", record, stranger))
        assert server.posts == 2


def test_record_conflict_for_a_reused_record_id(make_settings, device_key, server) -> None:
    with client_for(make_settings, server) as client:
        first = make_envelope(client.settings, device_key)
        client.submit(first)
        other = make_envelope(client.settings, device_key, record_id=first["record"]["record_id"])
        with pytest.raises(Rejected) as err:
            client.submit(other)
    assert err.value.code == "record_conflict" and server.created == 1


def test_down_server_is_unreachable_then_restarts(make_settings, device_key, server) -> None:
    with client_for(make_settings, server) as client:
        client.server_key()  # pinned while the server was up
        envelope = make_envelope(client.settings, device_key)
        server.stop()
        with pytest.raises(Unreachable, match="cannot connect"):
            client.submit(envelope)
        server.start()  # same port, same state: a restarted server
        assert client.submit(envelope)["receipt"]["record_id"] == envelope["record"]["record_id"]
    assert server.created == 1


def test_slow_server_times_out_and_resend_is_idempotent(make_settings, device_key, server) -> None:
    server.mode, server.slow_s = "slow", 1.0
    with client_for(make_settings, server, read_timeout_s="0.2", retries="1") as client:
        client.server_key()
        envelope = make_envelope(client.settings, device_key)
        with pytest.raises(Unreachable, match="timed out"):
            client.submit(envelope)
        server.mode = "ok"
        # The slow requests still activate on the server once they wake; the resend races
        # them and must get the one activation's receipt either way.
        first = client.submit(envelope)
        second = client.submit(envelope)
    assert first == second
    server.stop()  # let the slow handlers finish before counting
    assert server.created == 1 and server.posts == 4


@pytest.mark.parametrize("mode", ["bad_signature", "wrong_record"])
def test_bad_receipts_are_refused(make_settings, device_key, server, mode) -> None:
    server.mode = mode
    with client_for(make_settings, server) as client, pytest.raises(BadReceipt):
        client.submit(make_envelope(client.settings, device_key))


def test_pinned_server_key_mismatch_is_an_error(make_settings, device_key, server) -> None:
    settings = make_settings(server_url=server.url)
    with ActivationClient(settings) as client:
        client.submit(make_envelope(settings, device_key))
    server.receipt_key = Ed25519PrivateKey.generate()  # the server's key changed
    with ActivationClient(settings) as client, pytest.raises(BadReceipt, match="pinned"):
        client.submit(make_envelope(settings, device_key))


def test_configured_server_key_is_used_and_not_fetched(
    make_settings, device_key, server, tmp_path
) -> None:
    path = tmp_path / "server.pub.pem"
    write_file_atomically(
        path, signing.public_key_pem(server.receipt_key.public_key()).encode(), 0o644
    )
    settings = make_settings(server_url=server.url, server_key=str(path))
    with ActivationClient(settings) as client:
        client.submit(make_envelope(settings, device_key))
    assert not (settings.keys_dir / SERVER_RECEIPT_KEY_FILE).exists()
    wrong = Ed25519PrivateKey.generate()
    path.write_text(signing.public_key_pem(wrong.public_key()))
    with ActivationClient(settings) as client, pytest.raises(BadReceipt):
        client.submit(make_envelope(settings, device_key))


def test_tls_with_the_right_ca_works_and_a_wrong_ca_is_refused(
    make_settings, device_key, tmp_path
) -> None:
    ca_path, ca_key, ca_cert = make_ca(tmp_path, "operator-ca")
    wrong_ca_path, _, _ = make_ca(tmp_path, "some-other-ca")
    srv = FakeActivationServer(tls=server_context(tmp_path, ca_key, ca_cert))
    srv.register(device_key.public_key)
    with srv:
        assert srv.url.startswith("https://127.0.0.1:")
        wrong = make_settings(server_url=srv.url, ca_bundle=str(wrong_ca_path))
        with ActivationClient(wrong) as client, pytest.raises(Unreachable, match="TLS"):
            client.submit(make_envelope(wrong, device_key))
        assert srv.posts == 0
        assert not (wrong.keys_dir / SERVER_RECEIPT_KEY_FILE).exists()
        right = make_settings(server_url=srv.url, ca_bundle=str(ca_path))
        with ActivationClient(right) as client:
            receipt = client.submit(make_envelope(right, device_key))
        assert receipt["receipt"]["status"] == "activated" and srv.posts == 1


def test_health_reports_clock_skew(make_settings, server) -> None:
    with client_for(make_settings, server) as client:
        health = client.health()
    assert health["status"] == "ok" and health["status_code"] == 200
    assert abs(health["clock_skew_s"]) < 5


def test_the_evidence_key_is_taken_only_from_the_trusted_server(
    make_settings, device_key, server
) -> None:
    """Sealed evidence must be readable by the operator's server alone: a server that names
    another receipt key than the pinned one does not get to hand the kiosk an evidence key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk.records import keys

    settings = make_settings(server_url=server.url)
    with ActivationClient(settings) as client:
        client.server_key()  # first contact: the receipt key is pinned, no evidence key offered
        assert not client.learn_evidence_key()
    with FakeActivationServer() as impostor:
        impostor.evidence_public_pem = signing.x25519_public_pem(
            X25519PrivateKey.generate().public_key()
        )
        with (
            ActivationClient(settings, server_url=impostor.url) as client,
            pytest.raises(BadReceipt, match="different receipt key"),
        ):
            client.learn_evidence_key()
    assert keys.configured_evidence_key(settings) is None
    genuine = X25519PrivateKey.generate().public_key()
    server.evidence_public_pem = signing.x25519_public_pem(genuine)
    with ActivationClient(settings) as client:
        assert client.learn_evidence_key()
    assert signing.x25519_key_id(keys.configured_evidence_key(settings)) == signing.x25519_key_id(
        genuine
    )
