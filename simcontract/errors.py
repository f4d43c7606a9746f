"""The base of every error the record contract raises.

``ContractError`` is a ``ValueError`` (each of them says some value breaks the contract) and
carries the exit code the kiosk's command line gives it, like ``kiosk.errors.KioskError``: the
contract cannot import the kiosk, so the kiosk's error tree includes this base rather than the
other way round.
"""

from __future__ import annotations


class ContractError(ValueError):
    """A value breaks the record contract: schema, signature, sealing (exit code 1)."""

    exit_code = 1
