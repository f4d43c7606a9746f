"""The server's error tree for operations that are not requests (the command line, start-up):
each error is one plain line for the operator, with the command line's exit code. (The kiosk's
tree, kiosk/errors.py, has a ServerError of its own: the server as the kiosk sees it. The server
imports nothing of the kiosk, and no class name is defined twice, hence "Op".)

    ServerOpError (exit 1)               something to fix or retry: a key file, evidence
    ├── KeyFileError (server.keys)       that does not open, a revoked kiosk, no such row
    ├── EvidenceError (server.evidence)
    ├── ServerExtraMissing (exit 3)      simkiosk[server] is not installed (server.extras)
    └── ServerInputError (exit 2)        the input is unusable: an argument, a setting
        ├── ServerConfigError (server.config)
        ├── TokenError (server.admin.kiosks)
        └── OperatorError (server.admin.accounts)

Requests have their own outcome, :class:`server.refusals.Refusal`, answered over HTTP.
"""

from __future__ import annotations


class ServerOpError(Exception):
    """An operation failed for a reason the operator can act on (exit code 1)."""

    exit_code = 1


class ServerInputError(ServerOpError):
    """The operation's input is unusable (exit code 2)."""

    exit_code = 2
