"""Identity documents: MRZ parsing and checks, the Kazakh IIN, OCR from scans, portraits, rules."""
