"""What Qt takes from ICU in the kiosk's languages, printed: packaging/check_qt_icu.py

QtCore calls ICU for three things (nm -D: ucol_*, ucal_*, ucnv_*): collation (QCollator), time
zone names (QTimeZone) and text encodings Qt does not implement itself (QStringDecoder).
build-deb.sh runs this with the staged venv before and after packaging/prune_kiosk_venv.py
shrinks ICU's data to Kazakh, Russian, English and the root, and fails if a line differs.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QCollator, QLocale, QStringConverter, QStringDecoder, QTimeZone

WORDS = [
    "Әсел",
    "ауыл",
    "Ұлан",
    "үй",
    "ыдыс",
    "іні",
    "қала",
    "Кітап",
    "ғалым",
    "ңғ",
    "өрік",
    "һәм",
    "ёлка",
    "Ель",
    "жук",
    "Zebra",
    "apple",
    "Éclair",
    "ångström",
    "10",
    "9",
    "z-a",
]
ZONES = [b"Asia/Almaty", b"Asia/Aqtobe", b"Europe/Moscow", b"UTC", b"America/New_York"]
ENCODINGS = ["windows-1251", "KOI8-R", "IBM866", "KZ-1048", "PTCP154", "Shift_JIS", "GB18030"]


def main() -> None:
    for name in ("kk_KZ", "ru_RU", "en_US"):
        locale = QLocale(name)
        for numeric in (False, True):
            coll = QCollator(locale)
            coll.setNumericMode(numeric)
            words = sorted(WORDS, key=functools.cmp_to_key(coll.compare))
            print(f"collate {name} numeric={numeric}: {' '.join(words)}")
        for zone in ZONES:
            tz = QTimeZone(zone)
            names = [
                tz.displayName(t, n, locale)
                for t in (QTimeZone.TimeType.StandardTime, QTimeZone.TimeType.GenericTime)
                for n in (
                    QTimeZone.NameType.LongName,
                    QTimeZone.NameType.ShortName,
                    QTimeZone.NameType.OffsetName,
                )
            ]
            print(f"zone {name} {zone.decode()}: {' | '.join(names)}")
    print("system zone valid:", QTimeZone.systemTimeZone().isValid())
    # (PySide6 does not bind decoding itself: opening one loads ICU's converter table)
    for encoding in ENCODINGS:
        decoder = QStringDecoder(encoding)
        print(f"decoder {encoding}: valid={decoder.isValid()} name={decoder.name()}")
    print("encodings:", " ".join(sorted(QStringConverter.availableCodecs())))


if __name__ == "__main__":
    main()
