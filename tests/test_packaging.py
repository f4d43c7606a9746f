"""The Debian packages' own files: the kiosk's shipped settings load, the maintainer scripts and
wrappers are valid shell, and the server unit keeps its hardening (building the packages is
`make package`, too slow for this suite; .ci/run builds and installs the server package)."""

from __future__ import annotations

import configparser
import subprocess
from pathlib import Path

import pytest

from kiosk.settings import load_settings

PACKAGING = Path(__file__).resolve().parents[1] / "packaging"


def test_the_shipped_kiosk_settings_load() -> None:
    settings = load_settings(PACKAGING / "debian/simkiosk/etc/simkiosk/kiosk.toml", env={})
    assert settings.kiosk.fullscreen is True
    assert settings.records.server_url.startswith("https://")
    assert settings.devices.camera == "opencv"


MAINTAINER_SCRIPTS = sorted(
    str(p.relative_to(PACKAGING))
    for p in (PACKAGING / "debian").glob("*/*")
    if p.name in ("postinst", "prerm", "postrm", "wrapper")
)


TOOLS = [
    "build-deb.sh",
    "verify-units.sh",
    "test-install.sh",
    "test-install-kiosk.sh",
    "cage-screenshot.sh",
    "boot-time.sh",
    "debian/simkiosk/simkiosk-update",
]


@pytest.mark.parametrize("script", [*MAINTAINER_SCRIPTS, *TOOLS])
def test_shell_scripts_parse(script: str) -> None:
    shell = "bash" if script.endswith(".sh") else "sh"
    result = subprocess.run([shell, "-n", str(PACKAGING / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _service(name: str) -> configparser.RawConfigParser:
    unit = configparser.RawConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(PACKAGING / "systemd" / name)
    return unit


def _environment(name: str) -> dict[str, str]:
    """The unit's Environment= lines (several, each with one or more NAME=value)."""
    lines = (PACKAGING / "systemd" / name).read_text().splitlines()
    pairs = [
        pair
        for line in lines
        if line.startswith("Environment=")
        for pair in line.removeprefix("Environment=").split()
    ]
    return dict(pair.split("=", 1) for pair in pairs)


def test_the_server_unit_is_hardened_and_writes_only_its_state() -> None:
    service = _service("simkiosk-server.service")["Service"]
    assert service["User"] == "simkiosk-server"
    assert service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"] == "/var/lib/simkiosk-server"
    for key in ("PrivateTmp", "NoNewPrivileges", "PrivateDevices", "ProtectHome"):
        assert service[key] == "yes", key


def test_the_kiosk_unit_runs_cage_without_vt_switching_and_with_a_watchdog() -> None:
    service = _service("simkiosk.service")["Service"]
    assert service["ExecStart"].startswith("/usr/bin/cage ")
    assert " -s " not in service["ExecStart"]  # cage -s would allow VT switching
    assert service["Type"] == "notify" and service["NotifyAccess"] == "all"
    # always, not on-failure: cage exits 0 when the kiosk under it crashes
    assert int(service["WatchdogSec"]) > 0 and service["Restart"] == "always"


def test_the_kiosk_unit_keeps_cage_and_the_kiosk_in_its_own_cgroup() -> None:
    # A PAMName= (logind) session moves cage and the kiosk into the session's scope, where
    # systemd ignores their READY=1 and watchdog pings: the unit timed out and restarted the
    # kiosk every 120 s (found booting the package in a VM). The seat comes from seatd instead.
    unit = _service("simkiosk.service")
    service = unit["Service"]
    assert "PAMName" not in service
    environment = _environment("simkiosk.service")
    assert environment["LIBSEAT_BACKEND"] == "seatd"
    assert "seatd.service" in unit["Unit"]["After"] and "seatd.service" in unit["Unit"]["Wants"]
    # seatd.service is Type=simple: the unit waits for its socket before cage asks for the seat
    assert "/run/seatd.sock" in service["ExecStartPre"]
    # no logind session, no /run/user/UID: cage's Wayland socket goes to the unit's own runtime
    # directory, the one place under /run it may write with ProtectSystem=strict
    assert environment["XDG_RUNTIME_DIR"] == f"/run/{service['RuntimeDirectory']}"
    assert service["ProtectSystem"] == "strict" and service["ProtectHome"] == "yes"
    assert environment["SIMKIOSK_HOME"] == f"/var/lib/{service['StateDirectory']}"


def test_the_kiosk_package_brings_what_its_session_needs_to_start() -> None:
    # cage 0.1.4 does not start without Xwayland, and the seat comes from seatd
    control = (PACKAGING / "debian" / "simkiosk" / "control.in").read_text()
    depends = next(line for line in control.splitlines() if line.startswith("Depends:"))
    for package in ("cage", "xwayland", "seatd"):
        assert f" {package}," in depends, package
    # nothing asks logind for a session any more: no PAM service of the package's own
    assert not (PACKAGING / "debian" / "simkiosk" / "etc" / "pam.d").exists()


def test_the_update_units_watch_what_the_kiosk_writes() -> None:
    from kiosk.updates import UpdateGate

    gate = UpdateGate(Path("/var/lib/simkiosk"))  # the kiosk unit's SIMKIOSK_HOME
    unit_text = (PACKAGING / "systemd" / "simkiosk.service").read_text()
    assert "\nEnvironment=SIMKIOSK_HOME=/var/lib/simkiosk\n" in unit_text
    path = _service("simkiosk-update.path")["Path"]
    assert path["PathExists"] == str(gate.requested_path)
    assert path["Unit"] == "simkiosk-update.service"
    assert (
        _service("simkiosk-update.service")["Service"]["ExecStart"]
        == "/usr/lib/simkiosk/simkiosk-update install"
    )
    assert _service("simkiosk.service")["Unit"]["OnFailure"] == "simkiosk-start-failed.service"
    assert _service("simkiosk-start-failed.service")["Service"]["ExecStart"].endswith(
        "simkiosk-update report-failed"
    )
    timer = _service("simkiosk-update-check.timer")["Timer"]
    assert timer["RandomizedDelaySec"]  # hundreds of kiosks, not in the same minute


def test_icu_keeps_the_kiosk_languages_and_the_root_and_drops_the_others() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("prune", PACKAGING / "prune_kiosk_venv.py")
    assert spec is not None and spec.loader is not None
    prune = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(prune)
    items = [
        "root.res",
        "kk.res",
        "ru_KZ.res",
        "en_US_POSIX.res",
        "coll/kk.res",
        "zone/ru.res",
        "pool.res",
        "coll/pool.res",
        "res_index.res",
        "cnvalias.icu",
        "windows-1251.cnv",
        "zoneinfo64.res",
        "metaZones.res",
        "brkitr/thaidict.dict",
        "supplementalData.res",
        "de.res",
        "coll/de_.res",
        "zone/zh_Hant_HK.res",
        "lang/fr_CA.res",
        "sr_Latn.res",
    ]
    assert prune.icu_items_unused(items) == [
        "de.res",
        "coll/de_.res",
        "zone/zh_Hant_HK.res",
        "lang/fr_CA.res",
        "sr_Latn.res",
    ]
