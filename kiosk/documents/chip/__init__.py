"""Reading and verifying the ICAO eMRTD chip (Doc 9303 parts 10-12): BAC, secure messaging,
the LDS files and passive authentication. No Qt, no device access: a reader is any callable
that sends an APDU and returns the response (hardware/chip_reader.py)."""
