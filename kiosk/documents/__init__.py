"""Identity documents: MRZ parsing and checks, the Kazakh IIN, OCR from scans, portraits, rules.

Entry point: :func:`kiosk.documents.reader.read_document` (images and/or serial MRZ lines ->
``DocumentReading`` with MRZ, IIN, portrait, problems and a verdict).

- ``mrz``: ICAO 9303 TD1/TD2/TD3 parsing and centuries; its check digits are in
  ``simcontract.checkdigits``.
- ``iin``: the Kazakh IIN (check digit, century/sex digit, birth date).
- ``mrz_locate`` -> ``glyphs`` -> ``mrz_correct``, driven by ``ocr``: the MRZ from a scan (zone
  found anywhere, levelled, cut into cells at the ICAO pitch, each cell scored against OCR-B
  templates, then field classes and check digits choose among close candidates).
- ``portrait``: the face photo on any side, in any right-angle orientation.
- ``rules``: configurable document rules -> problems with stable codes -> verdict.
- ``synthetic`` / ``render``: synthetic people and rendered, scanner-degraded documents for tests,
  benchmarks and the demo.
"""
