"""The kiosk's one exception tree: every error the kiosk and its devices raise on purpose.

Each error's message is one plain line naming what is wrong; a branch's :attr:`advice` says what
to do about it when the message does not. The edges turn the tree into what a person sees, each in
one table: the command line into exit codes and one line (``kiosk.cli.EXIT_CODES``), the screens
into translated messages (``kiosk.ui.error_messages``). Nothing between catches by message text.

::

    KioskError                      a failure with a plain reason (CLI exit 1)
    ├── InputError                  a command's input is unusable: file, image, argument (exit 2)
    │   ├── FaceQualityError        biometrics/quality.py (also a BiometricError)
    │   └── MrzNotFound             documents/reader.py (also a DocumentError)
    ├── ConfigError                 a setting is missing, wrong or unsafe (exit 2)
    │   └── SettingsError           settings.py: names the key (section.name)
    ├── DeviceError                 hardware missing, busy or failed (exit 4); hardware/base.py
    │   ├── ChipReaderError         hardware/chip_reader.py: ReaderUnavailable, NoCard, CardRemoved
    │   └── PcscdUnavailable        hardware/vpicc.py
    ├── DocumentError               a document cannot be read or checked
    │   ├── FontMissing             documents/fonts.py
    │   ├── MrzUnreadable           documents/ocr.py
    │   ├── MrzFormatError          documents/mrz.py
    │   ├── LocateError             documents/mrz_locate.py
    │   └── ChipError               documents/chip/: ApduError, TlvError, LdsError, BacError,
    │                               PaceError, SecureMessagingError, ChipAuthError,
    │                               ActiveAuthError, CmsError, TrustError, ChipReadError
    ├── BiometricError              a face cannot be checked (FaceQualityError)
    ├── SessionError                session.py: an event the current step does not accept
    ├── RecordError                 the kiosk's side of the record: its keys and its storage
    │   ├── TpmError                records/tpm.py
    │   └── OutboxError             records/outbox_errors.py
    ├── ServerError                 the server refused or could not be reached
    │   └── Rejected, Unreachable, BadReceipt (records/client.py), ProvisionRefused
    │       (records/provision.py), HeartbeatRefused (records/heartbeat.py)
    ├── UiError                     the screens cannot start (TranslationsMissing, ui/i18n.py)
    └── MissingExtra                extras.py: an install extra is missing (exit 3)

    simcontract.errors.ContractError   the record contract's own branch (a ValueError; exit 1):
    ├── RecordInvalid               simcontract/validation.py
    ├── SignatureError, SealError   simcontract/signing.py
    └── SealedRecordError           simcontract/sealing.py
        The contract is shared with the server and imports nothing of the kiosk, so its base
        cannot derive from KioskError: the CLI's table has a row for it, the screens' table
        gives it the generic message.

Errors that used to derive from ``ValueError`` or ``RuntimeError`` still do (a second base), so
an ``except ValueError`` written before the tree still catches them.

This module imports nothing: every layer of the kiosk may import it, ``hardware`` included (it is
the bottom layer of the import-linter contract).
"""

from __future__ import annotations


class KioskError(Exception):
    """A failure with a plain reason a clerk or technician can act on."""

    #: What to do about it, when the message does not say: appended by the edges. A branch sets
    #: a default; one raise site may give its own (``raise DeviceError("...", advice="...")``).
    advice = ""

    def __init__(self, *args: object, advice: str | None = None) -> None:
        super().__init__(*args)
        if advice is not None:
            self.advice = advice


class InputError(KioskError):
    """The command's input is unusable: missing file, unreadable image, bad argument."""


class ConfigError(KioskError):
    """A setting is missing, of the wrong type, out of range or unsafe for a kiosk in service."""

    advice = (
        "fix it in the settings file (--config or $SIMKIOSK_CONFIG) or the "
        "SIMKIOSK_<SECTION>_<KEY> environment variable"
    )


class DeviceError(KioskError):
    """A device is missing, busy or failed; the message says which and why."""

    advice = "check the [devices] settings and the cabling, then run `simkiosk diagnose`"


class DocumentError(KioskError):
    """A document cannot be read or checked (its images, its MRZ, its chip)."""


class ChipError(DocumentError):
    """The document's chip answered in a way its protocols do not allow, or not at all."""


class BiometricError(KioskError):
    """A face cannot be checked (too small, blurred, not found)."""


class SessionError(KioskError):
    """An event that the current step does not accept (a programming or UI error)."""


class RecordError(KioskError):
    """The activation record, its keys, its signature or its storage (the outbox)."""


class ServerError(KioskError):
    """The server refused a request or could not be reached."""


class UiError(KioskError):
    """The screens cannot start (a missing translation catalogue, a broken asset)."""
