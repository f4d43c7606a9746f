"""A kiosk the server has revoked stops taking customers (every record would be refused) until a
technician gives it a new key and registers that; against the reference server in its own
process, revoked with its own command."""

from __future__ import annotations

import subprocess
import sys

from kiosk.demo.server import LocalServer
from kiosk.records.client import ActivationClient
from kiosk.records.freeze import freeze_reasons
from kiosk.records.keys import ensure_device_key, init_device_key
from kiosk.records.outbox import Outbox
from kiosk.records.submission import SubmissionOutcome, submit_envelope
from tests.records.support import make_envelope, settings_for


def _server_cli(server: LocalServer, *args: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            args[0],
            "--db",
            server.db_url,
            "--home",
            str(server.folder),
            *args[1:],
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_revoked_kiosk_freezes_until_it_has_a_new_registered_key(simkiosk_home) -> None:
    settings = settings_for(simkiosk_home)
    settings.ensure_dirs()
    key = ensure_device_key(settings)
    with LocalServer(simkiosk_home) as server:
        settings = settings_for(simkiosk_home, server_url=server.url)
        with Outbox(settings.outbox_path) as outbox, ActivationClient(settings) as client:
            first = submit_envelope(settings, outbox, client, make_envelope(settings, key))
            assert first.outcome == SubmissionOutcome.ACTIVATED
            assert freeze_reasons(settings, outbox) == []

            _server_cli(server, "revoke-kiosk", settings.kiosk.id)
            refused = submit_envelope(settings, outbox, client, make_envelope(settings, key))
            assert refused.outcome == SubmissionOutcome.REJECTED
            assert refused.reason.startswith("kiosk_revoked")
            [reason] = freeze_reasons(settings, outbox)
            assert "revoked" in reason and "keys init --force" in reason

            new_key = init_device_key(settings, force=True)  # the technician re-keys the kiosk
            assert freeze_reasons(settings, outbox) == []
            # ... but forgets to register the new key: refused again, frozen again
            refused = submit_envelope(settings, outbox, client, make_envelope(settings, new_key))
            assert refused.reason.startswith("kiosk_revoked")
            assert freeze_reasons(settings, outbox) == [reason]
            # a week later the refused record is emptied: the key file's age still tells
            assert outbox.purge_finished(0) == 3
            assert freeze_reasons(settings, outbox) == [reason]

            _server_cli(server, "register-kiosk", "--from-kiosk", str(simkiosk_home), "--replace")
            again = submit_envelope(settings, outbox, client, make_envelope(settings, new_key))
            assert again.outcome == SubmissionOutcome.ACTIVATED, again.reason
            assert freeze_reasons(settings, outbox) == []
