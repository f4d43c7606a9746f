"""``simkiosk read-chip --mrz LINE LINE [LINE] [--reader NAME] [--portrait-out F]``: read and
verify a passport's chip.

The MRZ (as read from the page) opens the chip (BAC) and is compared with the chip's DG1.
Exit 0 when the chip was read (``verified`` and ``problems`` say what it proved), 1 when it
could not be read (no reader, no card, wrong MRZ, card lifted: ``problems`` says which),
2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from hardware.registry import ChipReaderKind
from kiosk.errors import InputError, KioskError
from kiosk.settings import Settings

GUIDANCE = "place your passport's photo page on the reader and keep it still"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--mrz",
        nargs="+",
        required=True,
        metavar="LINE",
        help="the MRZ lines as printed (2 or 3 lines; quote each line)",
    )
    p.add_argument(
        "--reader",
        metavar="NAME",
        help="'simulated', or (part of) a PC/SC reader name; default from settings "
        "devices.chip / devices.chip_reader",
    )
    p.add_argument(
        "--master-list",
        metavar="PATH",
        help="CSCA master list folder or .ml file (default documents.chip_master_list)",
    )
    p.add_argument(
        "--portrait-out",
        metavar="FILE",
        help="write the chip's portrait (DG2) to FILE (.jpg or .jp2 as stored)",
    )
    p.add_argument(
        "--extended",
        action="store_true",
        help="use extended-length APDUs (fewer exchanges; needs reader and chip support)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="S",
        help="seconds to wait for a passport on the reader (default 20)",
    )


def _connect(rdr, timeout: float) -> None:
    from hardware.chip_reader import NoCard

    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            rdr.connect()
            return
        except NoCard:
            if time.monotonic() > deadline:
                raise
            if not told:
                print(f"simkiosk: {GUIDANCE}", file=sys.stderr)
                told = True
            time.sleep(0.2)


def _text(out: dict) -> str:
    pa = out.get("passive_authentication") or {}
    rows = [
        f"reader      {out['reader']}",
        f"access      {out['access_protocol'] or '-'}   APDUs {out['apdus']}   chip auth "
        f"{out['chip_authentication']}   active auth {out['active_authentication']}",
        f"groups      {', '.join(f'DG{n}' for n in out['data_groups']) or '-'}",
    ]
    rows += [f"DG1 MRZ     {line}" for line in out["mrz"]]
    if out["portrait"]:
        p = out["portrait"]
        rows.append(f"portrait    {p['mime']} {p['width']}x{p['height']} ({p['bytes']} bytes)")
    if pa:
        rows.append(f"signer      {pa['signer']['subject']}  key {pa['signer']['key_id']}")
        rows.append(
            f"hashes      {pa['data_groups']}  signature "
            f"{'ok' if pa['signature_valid'] else 'BAD'}  chain "
            f"{'ok' if pa['chain_valid'] else 'NOT TRUSTED'}"
        )
    rows += [f"problem     {code}" for code in out["problems"]]
    if out.get("error"):
        rows.append(f"detail      {out['error']}")
    rows.append(
        f"verdict     {'VERIFIED' if out['verified'] else 'NOT VERIFIED'}   "
        f"timings {out['timings_ms']}"
    )
    return "\n".join(rows)


def run(args: argparse.Namespace, settings: Settings) -> int:
    out = read(args, settings)
    print(json.dumps(out) if args.json else _text(out))
    return 0 if out["access_protocol"] else 1


def read(args: argparse.Namespace, settings: Settings) -> dict:
    """The reading as the JSON object the command prints (read-document --chip uses it)."""
    from hardware.chip_reader import (
        ChipReader,
        ChipReaderError,
        PcscChipReader,
        SimulatedChipReader,
    )
    from kiosk.documents.chip import reader
    from kiosk.documents.chip.bac import key_from_mrz_lines
    from kiosk.documents.chip.trust import TrustError, TrustStore, load_trust_store

    lines = [line.strip().upper() for line in args.mrz]
    try:
        key = key_from_mrz_lines(lines)
    except ValueError as exc:
        raise InputError(f"--mrz: {exc}") from None
    kind = args.reader or settings.devices.chip
    if kind == ChipReaderKind.OFF:
        raise InputError(
            "no chip reader configured (devices.chip = off); give --reader "
            "simulated or a PC/SC reader name"
        )
    master_list = args.master_list or settings.documents.chip_master_list
    if kind == ChipReaderKind.SIMULATED:
        from kiosk.documents.chip.demo_issuer import demo_card

        card, demo_ml = demo_card(lines, settings.demo_dir / "chip")
        rdr: ChipReader = SimulatedChipReader(card)
        master_list = master_list or str(demo_ml)
    else:  # "pcsc" (the reader named in settings) or a reader name given on the command line
        rdr = PcscChipReader(settings.devices.chip_reader if kind == ChipReaderKind.PCSC else kind)
    try:
        trust = load_trust_store(master_list) if master_list else TrustStore()
    except TrustError as exc:
        raise KioskError(f"master list: {exc}") from None
    try:
        _connect(rdr, args.timeout)
        doc = reader.read_and_verify(rdr.transmit, lines, key, trust, extended=args.extended)
    except ChipReaderError as exc:
        doc = reader.ChipDocument(problems=[exc.code], error=str(exc))
    finally:
        rdr.disconnect()
    out = {"reader": rdr.name, **doc.to_json()}
    if args.portrait_out and doc.faces:
        path = Path(args.portrait_out)
        path.write_bytes(doc.faces[0].data)
        out["portrait_out"] = str(path)
    return out
