"""``simkiosk keys init [--force]`` / ``simkiosk keys show``: the kiosk's device signing key.

Only the public half is ever printed; the private key stays in its 0600 file, or sealed by the
machine's TPM (``--tpm``). ``show`` says which protection is in force."""

from __future__ import annotations

import argparse
import json

from kiosk.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["init", "show"])
    p.add_argument(
        "--force",
        action="store_true",
        help="init: replace an existing key (the server must register the new one)",
    )
    p.add_argument(
        "--tpm",
        action="store_true",
        help="init: seal the key by this machine's TPM 2.0 (records.tpm_tcti); the "
        "key file is then useless on another machine",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.records.keys import (
        DEVICE_INFO_FILE,
        init_device_key,
        key_protection,
        load_device_key,
    )

    if args.action == "init":
        key = init_device_key(settings, force=args.force, use_tpm=args.tpm)
    else:
        key = load_device_key(settings)
    kind, words = key_protection(settings)
    info = {
        **key.public_info(),
        "device_info": str(settings.keys_dir / DEVICE_INFO_FILE),
        "protection": kind,
        "protection_detail": words,
    }
    if args.json:
        print(json.dumps(info))
    else:
        print(
            f"kiosk_id {info['kiosk_id']}\nkey_id   {info['key_id']}\n"
            f"protection {words}\n{info['public_key_pem']}",
            end="",
        )
    return 0
