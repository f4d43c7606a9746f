"""The technician's diagnostic bundle.

No Qt here: the bundle is plain files. It is a zip under ``<home>/bundles`` holding the checks as
JSON (including the live device tests' results, never their images or typed values), the masked
log tail, the settings (``Settings.as_dict`` already hides the PIN) and the crash files (already
masked when written). It never holds keys, images or the outbox: it is built from that explicit
list, not by copying directories.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import zipfile
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.logs import mask_text, ring
from kiosk.settings import Settings
from kiosk.ui.early_init import crash_files

# The screen's logger name, kept from before the split so log filters and readers still match.
log = logging.getLogger("kiosk.ui.diagnostics")

LOG_TAIL_LINES = 300


def write_bundle(settings: Settings, checks: list[dict[str, Any]]) -> Path:
    """Write the redacted diagnostic bundle; returns its path."""
    now = dt.datetime.now(dt.UTC)
    out_dir = settings.home / "bundles"
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = out_dir / f"simkiosk-diag-{settings.kiosk.id}-{now.strftime('%Y%m%dT%H%M%SZ')}.zip"
    handler = ring()
    tail = handler.tail(LOG_TAIL_LINES) if handler is not None else []
    manifest = {
        "kiosk_id": settings.kiosk.id,
        "version": __version__,
        "created_at": now.isoformat(timespec="seconds"),
        "contents": ["checks.json", "settings.json", "log-tail.txt", "crashes/"],
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, indent=2))
        # Check details are written by the checks and hold no personal data; masked anyway.
        zf.writestr("checks.json", mask_text(json.dumps(checks, indent=2)))
        zf.writestr("settings.json", json.dumps(settings.as_dict(), indent=2))
        # The ring holds masked lines already; masking again costs little and guards lines
        # that entered through a handler without the filter.
        zf.writestr("log-tail.txt", "".join(mask_text(line) + "\n" for line in tail))
        for crash in crash_files(settings):
            zf.writestr(f"crashes/{crash.name}", mask_text(crash.read_text("utf-8", "replace")))
    log.info("diagnostic bundle written: %s", path.name)
    return path
