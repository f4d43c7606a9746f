"""``simkiosk read-document IMAGE [IMAGE ...] [--serial DEVICE]``: read and verify a document.

Exit 0 whenever an MRZ was read, valid or not (``mrz.valid`` and ``problems`` say what is
wrong); exit 2 with one line when a file is missing or unreadable or no MRZ is on the images.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kiosk.errors import InputError, KioskError
from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "images",
        nargs="*",
        metavar="IMAGE",
        help="scanned sides of ONE document, in any order and orientation",
    )
    p.add_argument(
        "--serial",
        metavar="DEVICE",
        help="read the MRZ from a serial MRZ reader on DEVICE (e.g. /dev/ttyUSB0); "
        "images given too are used for the portrait",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds to wait for a document on the serial reader (default 30)",
    )
    p.add_argument(
        "--chip",
        metavar="READER",
        nargs="?",
        const="settings",
        help="also read and verify the document's chip with the MRZ just read: "
        "'simulated', a PC/SC reader name, or (no value) devices.chip",
    )


def _load(path: str):  # -> np.ndarray; numpy is imported lazily
    import cv2

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    image = cv2.imread(str(p), cv2.IMREAD_COLOR)
    if image is None:
        raise InputError(f"{path}: not a readable image")
    return image


def _serial_lines(device: str, settings: Settings, timeout: float) -> list[str]:
    from hardware.base import DeviceError
    from hardware.serial_reader import SerialMrzReader

    reader = SerialMrzReader(device, baudrate=settings.devices.serial_baud)
    try:
        reader.open()
        scan = reader.scan(timeout_s=timeout)
    except DeviceError as exc:
        raise KioskError(f"serial reader {device}: {exc}") from None
    finally:
        reader.close()
    return list(scan.mrz_lines or [])


def _text(out: dict) -> str:
    mrz = out["mrz"]
    rows = [f"format      {mrz['format']}   valid: {'yes' if mrz['valid'] else 'NO'}"]
    rows += [f"            {line}" for line in mrz["lines"]]
    rows.append(
        f"document    {mrz['document_code']} {mrz['issuer']} {mrz['number']}  "
        f"expires {mrz['expiry_date']}"
    )
    rows.append(
        f"holder      {mrz['surname']}, {mrz['given_names']}  born {mrz['birth_date']}  "
        f"sex {mrz['sex']}  nationality {mrz['nationality']}"
    )
    if out["iin"]:
        rows.append(
            f"IIN         {out['iin']['value']}  valid: {'yes' if out['iin']['valid'] else 'NO'}"
        )
    p = out["portrait"]
    rows.append(
        f"portrait    image {p['image']} box {p['box']}" if p["found"] else "portrait    not found"
    )
    for pr in out["problems"]:
        rows.append(f"problem     {pr['code']}: {pr['message']}")
    if "chip" in out:
        chip = out["chip"]
        rows.append(
            f"chip        {'VERIFIED' if chip['verified'] else 'NOT VERIFIED'} "
            f"({chip['access_protocol'] or '-'}) {' '.join(chip['problems'])}"
        )
    rows.append(f"verdict     {out['verdict']}   ({out['elapsed_ms']:.0f} ms)")
    return "\n".join(rows)


def _read_chip(reader_arg: str, lines: list[str], settings: Settings) -> dict:
    """The chip's verdict for the MRZ read optically (kiosk/commands/read_chip.py does the
    reading; this only picks the reader)."""
    from kiosk.commands import read_chip

    chip_args = argparse.Namespace(
        mrz=lines,
        reader=None if reader_arg == "settings" else reader_arg,
        master_list=None,
        portrait_out=None,
        extended=False,
        timeout=20.0,
        json=True,
    )
    return read_chip.read(chip_args, settings)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.documents.reader import read_document

    if not args.images and not args.serial:
        raise InputError("give one or more document images, or --serial DEVICE")
    images = [_load(p) for p in args.images]
    lines = _serial_lines(args.serial, settings, args.timeout) if args.serial else None
    reading = read_document(images, settings.documents, mrz_lines=lines)
    try:
        out = reading.as_dict()
        if args.chip:
            out["chip"] = _read_chip(args.chip, out["mrz"]["lines"], settings)
        if args.json:
            print(json.dumps(out))
        else:
            print(_text({**out, "verdict": reading.verdict}))
    finally:
        reading.wipe()
        for image in images:
            image.fill(0)
    return 0
