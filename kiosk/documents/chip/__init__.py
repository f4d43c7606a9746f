"""Reading and verifying the ICAO eMRTD chip (Doc 9303 parts 10-12): BAC, secure messaging,
the LDS files and passive authentication. No Qt, no device access: a reader is any callable
that sends an APDU and returns the response (hardware/chip_reader.py)."""

import enum


class ChipPolicy(enum.StrEnum):
    """``documents.chip_policy``: what the chip counts for (kiosk/documents/chip/policy.py)."""

    OFF = "off"  # never read
    PREFERRED = "preferred"  # read and used when the document has one
    REQUIRED = "required"  # a document with a chip must pass passive authentication
