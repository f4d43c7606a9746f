"""The screens' edge of the exception tree (kiosk/errors.py), the only one: what a person at the
kiosk is told when something fails with an error of a branch.

The person never sees an error's own message (it is for the technician, and may name files or
hold personal data); they get a sentence of the "text" catalogue saying what to do. The first row
the error is an instance of wins, so the more specific rows come first.
"""

from __future__ import annotations

from kiosk.errors import DeviceError
from kiosk.ui.i18n import tr

GENERIC = "error_generic"  # "Something went wrong. Please ask a member of staff."

USER_MESSAGES: tuple[tuple[type[BaseException], str], ...] = (
    (DeviceError, "error_device"),  # "A device of this kiosk is not working. ..."
    (BaseException, GENERIC),  # everything else, of the tree or not
)


def message_key(error: BaseException | type[BaseException]) -> str:
    """The catalogue key of what to tell the person about ``error`` (an error or its class)."""
    cls = error if isinstance(error, type) else type(error)
    return next(key for kind, key in USER_MESSAGES if issubclass(cls, kind))


def user_message(lang: str, error: BaseException | type[BaseException]) -> str:
    """What to tell the person about ``error``, in ``lang``."""
    return tr(lang, message_key(error))
