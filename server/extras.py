"""The server's half of the install extras: the third-party modules ``simkiosk[server]`` brings,
so that ``simkiosk-server`` without them says the one ``pip install`` to run, never a traceback.

The kiosk's map (kiosk/extras.py) is the whole picture; the server may import nothing of the
kiosk (the import contracts in pyproject.toml), so it keeps this copy of its own row, and
tests/test_extras.py checks that the two agree.
"""

from __future__ import annotations

from server.errors import ServerOpError

EXTRA = "server"
# the top-level modules that the [server] extra's packages provide
MODULES: tuple[str, ...] = (
    "fastapi",
    "starlette",
    "pydantic",
    "anyio",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "psycopg",
)
EXIT_MISSING = 3  # as the kiosk's command line says a missing extra (kiosk/extras.py)


class ServerExtraMissing(ServerOpError):
    """The server's third-party modules are not installed; the message names the extra."""

    exit_code = EXIT_MISSING

    def __init__(self, what: str, module: str) -> None:
        super().__init__(
            f"{what} needs `pip install simkiosk[{EXTRA}]` (the module {module} is not installed)"
        )
        self.module = module


def missing_extra(exc: ImportError, what: str) -> ServerExtraMissing | None:
    """The plain error for an import that failed because ``simkiosk[server]`` is not installed,
    or None when the missing module is not one of it (a real bug: let it show)."""
    name = getattr(exc, "name", None)
    if not isinstance(exc, ModuleNotFoundError) or not name:
        return None
    top = name.partition(".")[0]
    return ServerExtraMissing(what, top) if top in MODULES else None
