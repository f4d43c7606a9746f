"""The server's error tree for operations that are not requests (the command line, start-up):
each error is one plain line for the operator, with the command line's exit code.

    ServerError (exit 1)                 something to fix or retry: a key file, evidence
    ├── KeyFileError (server.keys)       that does not open, a revoked kiosk, no such row
    ├── EvidenceError (server.evidence)
    └── ServerInputError (exit 2)        the input is unusable: an argument, a setting
        ├── ConfigError (server.config)
        ├── TokenError (server.provisioning)
        └── OperatorError (server.operators)

Requests have their own outcome, :class:`server.refusals.Refusal`, answered over HTTP.
"""

from __future__ import annotations


class ServerError(Exception):
    """An operation failed for a reason the operator can act on (exit code 1)."""

    exit_code = 1


class ServerInputError(ServerError):
    """The operation's input is unusable (exit code 2)."""

    exit_code = 2
