from pathlib import Path

import pytest

from kiosk.settings import EvidenceMode, KioskMode, SettingsError, load_settings


def test_defaults_run_the_demo(simkiosk_home: Path) -> None:
    s = load_settings(env={"SIMKIOSK_HOME": str(simkiosk_home)})
    assert s.home == simkiosk_home
    assert s.devices.camera == "virtual" and s.devices.scanner == "demo"
    assert s.outbox_path.parent == simkiosk_home
    assert s.as_dict()["kiosk"]["diagnostics_pin"] == "****"


def test_toml_then_environment_wins(tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text(
        '[kiosk]\nid = "shop-7"\nidle_timeout_s = 90\n[documents]\nhome_issuers = ["KAZ", "KGZ"]\n'
    )
    env = {"SIMKIOSK_KIOSK_IDLE_TIMEOUT_S": "120", "SIMKIOSK_HOME": "/tmp/x"}
    s = load_settings(cfg, env=env)
    assert s.kiosk.id == "shop-7"
    assert s.kiosk.idle_timeout_s == 120.0
    assert s.documents.home_issuers == ("KAZ", "KGZ")
    assert s.source == str(cfg)


def test_vocabulary_settings_load_as_their_enums(tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text('[records]\nevidence = "sealed"\n')
    s = load_settings(cfg, env={"SIMKIOSK_KIOSK_MODE": "assisted", "SIMKIOSK_HOME": "/tmp/x"})
    assert s.kiosk.mode is KioskMode.ASSISTED and s.records.evidence is EvidenceMode.SEALED
    assert load_settings(env={"SIMKIOSK_HOME": "/tmp/x"}).kiosk.mode is KioskMode.SELF_SERVICE
    with pytest.raises(SettingsError, match="must be one of self_service, assisted, got '7'"):
        load_settings(env={"SIMKIOSK_KIOSK_MODE": "7", "SIMKIOSK_HOME": "/tmp/x"})


@pytest.mark.parametrize(
    ("toml", "env", "key"),
    [
        ("[kiosk]\nmode = 'robot'\n", {}, "kiosk.mode"),
        ("[kiosk]\nmode = 3\n", {}, "kiosk.mode"),
        ("[kiosk]\nidle_timeout_s = 1\n", {}, "kiosk.idle_timeout_s"),
        ("[kiosk]\nidle_timeout_s = 'soon'\n", {}, "kiosk.idle_timeout_s"),
        ("[kiosk]\nfullscreen = 1\n", {}, "kiosk.fullscreen"),
        ("[kiosk]\ncolour = 'red'\n", {}, "kiosk.colour"),
        ("[weather]\nsun = true\n", {}, "weather"),
        ("", {"SIMKIOSK_BIOMETRICS_FACE_ATTEMPTS": "three"}, "biometrics.face_attempts"),
        ("", {"SIMKIOSK_RECORDS_SERVER_URL": "ftp://x"}, "records.server_url"),
        ("", {"SIMKIOSK_BIOMETRICS_REVIEW_THRESHOLD": "0.3"}, "biometrics.review_threshold"),
        ("", {"SIMKIOSK_KIOSK_ID": "bad id!"}, "kiosk.id"),
        ("[kiosk\n", {}, "config"),
    ],
)
def test_bad_setting_names_the_key(tmp_path: Path, toml: str, env: dict, key: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(toml)
    with pytest.raises(SettingsError) as info:
        load_settings(cfg, env={"SIMKIOSK_HOME": str(tmp_path), **env})
    assert info.value.key == key
    assert key in str(info.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="file not found"):
        load_settings(tmp_path / "nope.toml", env={})


def test_env_booleans(tmp_path: Path) -> None:
    s = load_settings(env={"SIMKIOSK_KIOSK_FULLSCREEN": "yes", "SIMKIOSK_HOME": str(tmp_path)})
    assert s.kiosk.fullscreen is True


@pytest.mark.parametrize(
    "pin", ["", "   ", "0000", "1111", "1234", "4321", "123456", "987", "0123456789"]
)
def test_service_refuses_empty_or_well_known_pin(tmp_path: Path, pin: str) -> None:
    from kiosk.settings import check_service_settings

    s = load_settings(env={"SIMKIOSK_HOME": str(tmp_path), "SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": pin})
    with pytest.raises(SettingsError) as info:
        check_service_settings(s)
    assert info.value.key == "kiosk.diagnostics_pin"
    assert len(str(info.value).splitlines()) == 1
    assert pin.strip() == "" or pin not in str(info.value)  # the error never repeats the PIN


def test_service_accepts_a_real_pin(tmp_path: Path) -> None:
    from kiosk.settings import check_service_settings

    check_service_settings(
        load_settings(
            env={"SIMKIOSK_HOME": str(tmp_path), "SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": "7391"}
        )
    )


def test_only_the_demo_runs_with_the_demo_pin(tmp_path: Path) -> None:
    from kiosk.commands.demo import demo_settings
    from kiosk.settings import DEMO_DIAGNOSTICS_PIN, check_service_settings

    plain = load_settings(env={"SIMKIOSK_HOME": str(tmp_path)})
    assert plain.kiosk.diagnostics_pin == "" and not plain.demo
    demo = demo_settings(plain, "http://127.0.0.1:1")
    assert demo.demo and demo.kiosk.diagnostics_pin == DEMO_DIAGNOSTICS_PIN
    check_service_settings(demo)  # allowed: the demo
    own = demo_settings(
        load_settings(
            env={"SIMKIOSK_HOME": str(tmp_path), "SIMKIOSK_KIOSK_DIAGNOSTICS_PIN": "1234"}
        ),
        "http://x",
    )
    assert own.kiosk.diagnostics_pin == "1234"  # a configured PIN is kept


def test_run_without_a_pin_stops_with_one_line_naming_the_key(capsys) -> None:
    from kiosk.cli import main

    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "kiosk.diagnostics_pin" in err[0] and "empty" in err[0]
