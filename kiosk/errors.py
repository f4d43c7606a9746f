"""Errors every layer may raise and the command line turns into one readable line."""


class KioskError(Exception):
    """A failure with a plain reason a clerk or technician can act on (exit code 1)."""

    exit_code = 1


class InputError(KioskError):
    """The command's input is unusable: missing file, unreadable image, bad argument (exit 2)."""

    exit_code = 2
