"""The operators' operations on the server's data, one function each, for the command line (and
anything else that administers a server): kiosks (register, revoke, enrolment tokens, the fleet's
states), activations (list, deactivate), sealed evidence (open for a dispute, purge) and the web
page's operators. Each takes an engine (and the keys it needs), returns typed rows and raises
:class:`~server.errors.ServerOpError` / :class:`~server.errors.ServerInputError` with one plain
line. Printing and argument parsing are the command line's (server.cli, server.fleet_cli,
server.operator_cli), which call these and nothing below them.

    kiosks.py     register_kiosk, revoke_kiosk, mint_token (parse_duration), fleet
    sims.py       activations, deactivate
    disputes.py   open_record_evidence (reason_problem), purge_evidence
    accounts.py   add_operator, remove_operator
"""

from server.admin.accounts import OperatorError, add_operator, remove_operator
from server.admin.disputes import (
    REASON_MAX_CHARS,
    REASON_MIN_CHARS,
    REASON_MIN_WORDS,
    open_record_evidence,
    purge_evidence,
    reason_problem,
)
from server.admin.kiosks import (
    KioskRegistration,
    KioskState,
    TokenError,
    fleet,
    mint_token,
    parse_duration,
    register_kiosk,
    revoke_kiosk,
)
from server.admin.sims import ActivationRow, activations, deactivate

__all__ = [
    "REASON_MAX_CHARS",
    "REASON_MIN_CHARS",
    "REASON_MIN_WORDS",
    "ActivationRow",
    "KioskRegistration",
    "KioskState",
    "OperatorError",
    "TokenError",
    "activations",
    "add_operator",
    "deactivate",
    "fleet",
    "mint_token",
    "open_record_evidence",
    "parse_duration",
    "purge_evidence",
    "reason_problem",
    "register_kiosk",
    "remove_operator",
    "revoke_kiosk",
]
