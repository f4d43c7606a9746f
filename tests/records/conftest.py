"""Fixtures for the records tests: fast settings, a device key, a real server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.records.keys import DeviceKey, init_device_key
from kiosk.settings import Settings
from tests.records.fake_activation_server import FakeActivationServer
from tests.records.support import settings_for


@pytest.fixture
def make_settings(simkiosk_home: Path) -> Callable[..., Settings]:
    def make(**records: Any) -> Settings:
        settings = settings_for(simkiosk_home, **records)
        settings.ensure_dirs()
        return settings

    return make


@pytest.fixture
def settings(make_settings) -> Settings:
    return make_settings()


@pytest.fixture
def device_key(settings: Settings) -> DeviceKey:
    return init_device_key(settings)


@pytest.fixture
def server(device_key: DeviceKey) -> Iterator[FakeActivationServer]:
    srv = FakeActivationServer()
    srv.register(device_key.public_key)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
