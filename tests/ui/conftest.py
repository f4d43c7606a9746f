"""UI test fixtures: settings per mode, the scripted services double, a window that is always
shut down (workers joined) before the leaked-thread check runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.settings import Settings, load_settings
from tests.support.services_double import ScriptedServices

# The offscreen platform cannot pass size hints to a window system and says so whenever a
# top-level widget's size constraints change; that is the test platform talking, not the kiosk.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(config, items) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def make_settings(simkiosk_home: Path) -> Callable[..., Settings]:
    def make(mode: str = "self_service", **env: str) -> Settings:
        values = {
            "SIMKIOSK_HOME": str(simkiosk_home),
            "SIMKIOSK_KIOSK_MODE": mode,
            "SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": "4321",
            # silent unless a test swaps in a fake player (tests/ui/test_speech.py)
            "SIMKIOSK_KIOSK_SPOKEN_PROMPTS": "false",
            **env,
        }
        settings = load_settings(env=values)
        settings.ensure_dirs()
        return settings

    return make


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services() -> ScriptedServices:
    return ScriptedServices()


@pytest.fixture
def make_window(qtbot, make_settings, services, clock) -> Iterator[Callable[..., object]]:
    from kiosk.ui.main_window import MainWindow

    made: list[MainWindow] = []

    def make(
        mode: str = "self_service", svc: ScriptedServices | None = None, **kwargs
    ) -> MainWindow:
        settings = kwargs.pop("settings", None) or make_settings(mode)
        window = MainWindow(settings, svc or services, clock=clock, **kwargs)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()  # keyboard shortcuts need the active window, as on a kiosk
        qtbot.waitUntil(window.isActiveWindow)
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()
