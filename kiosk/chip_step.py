"""The enrollment's chip step: read the document's chip with the MRZ just read from the page,
judge it by the operator's policy, and say what the document check becomes.

Kept out of services.py so the session's services stay a list of steps; the protocols are in
kiosk.documents.chip, the reader in hardware.chip_reader, the policy in
kiosk.documents.chip.policy. No personal data is logged: only problem codes.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from hardware.chip_reader import ChipReader, ChipReaderError, PcscChipReader, SimulatedChipReader
from hardware.registry import ChipReaderKind
from kiosk.documents.chip import ChipPolicy, policy, reader
from kiosk.documents.chip.bac import key_from_mrz_lines
from kiosk.documents.chip.trust import TrustError, TrustStore, load_trust_store
from kiosk.settings import Settings

log = logging.getLogger(__name__)

# (optical MRZ lines) -> a connected-or-connectable reader with the document's card on it
ReaderFactory = Callable[[list[str]], ChipReader]


@dataclass
class ChipOutcome:
    """What the chip step concluded: the policy's action, the problem codes to add, the chip's
    portrait (decoded BGR, only when the chip is verified) and the record's chip block."""

    action: policy.ChipAction
    problems: list[str] = field(default_factory=list)
    portrait: np.ndarray | None = None
    record: dict[str, Any] | None = None


def _decode(face_bytes: bytes) -> np.ndarray | None:
    image = cv2.imdecode(np.frombuffer(face_bytes, np.uint8), cv2.IMREAD_COLOR)
    return image if image is not None and image.size else None


def _record_block(doc: reader.ChipDocument) -> dict[str, Any]:
    """The record's verification.chip (schema version 2): empty strings become null."""
    block = policy.record_fields(doc)
    for name in ("access_protocol", "document_signer_key_id", "document_signer_country"):
        block[name] = block[name] or None
    if block["document_signer_key_id"]:
        block["document_signer_key_id"] = block["document_signer_key_id"].lower()
    return block


class ChipStep:
    """Reads chips on the reader the settings name (or the factory given, for tests)."""

    def __init__(
        self,
        settings: Settings,
        *,
        reader_factory: ReaderFactory | None = None,
        trust: TrustStore | None = None,
    ) -> None:
        self.settings = settings
        self._factory = reader_factory
        self._trust = trust

    @property
    def enabled(self) -> bool:
        return self.settings.documents.chip_policy != ChipPolicy.OFF and (
            self._factory is not None or self.settings.devices.chip != ChipReaderKind.OFF
        )

    def _reader_and_trust(self, lines: list[str]) -> tuple[ChipReader, TrustStore]:
        master_list = self.settings.documents.chip_master_list
        if self._factory is not None:
            rdr = self._factory(lines)
        elif self.settings.devices.chip == ChipReaderKind.SIMULATED:
            # The demo: a chip for the very document on the scanner, signed by the demo state
            # whose master list is installed unless the operator gave one.
            from kiosk.documents.chip.demo_issuer import demo_card

            card, demo_ml = demo_card(lines, self.settings.demo_dir / "chip")
            rdr = SimulatedChipReader(card)
            master_list = master_list or str(demo_ml)
        else:
            rdr = PcscChipReader(self.settings.devices.chip_reader)
        if self._trust is not None:
            return rdr, self._trust
        try:
            trust = load_trust_store(master_list) if master_list else TrustStore()
        except TrustError as exc:  # an unusable master list: no chip is trusted
            log.warning("chip master list unusable: %s", exc)
            trust = TrustStore()
        return rdr, trust

    def read(self, mrz_lines: list[str], *, attempts_left: int = 0) -> ChipOutcome:
        docs = self.settings.documents
        try:
            key = key_from_mrz_lines(mrz_lines)
        except ValueError:
            doc: reader.ChipDocument | None = reader.ChipDocument(
                problems=[reader.ACCESS_DENIED], error="the MRZ gives no chip key"
            )
        else:
            doc = self._read(mrz_lines, key)
        decision = policy.decide(
            doc,
            policy=docs.chip_policy,
            csca_missing=docs.chip_csca_missing,
            crl_stale=docs.chip_crl_stale,
            attempts_left=attempts_left,
        )
        log.info("chip: %s %s", decision.action, ",".join(decision.problems) or "verified")
        outcome = ChipOutcome(
            decision.action,
            list(decision.problems),
            record=_record_block(doc) if doc is not None else None,
        )
        if decision.action == policy.USE_CHIP and doc is not None and doc.faces:
            outcome.portrait = _decode(doc.faces[0].data)
            if outcome.portrait is None:  # a JPEG 2000 this OpenCV cannot read: the page decides
                outcome.action = policy.OPTICAL_ONLY
        if doc is not None:
            doc.data_groups.clear()  # personal: DG1, DG2 bytes
            doc.faces.clear()
            doc.mrz_lines.clear()
        return outcome

    def _read(self, lines: list[str], key) -> reader.ChipDocument:
        try:
            rdr, trust = self._reader_and_trust(lines)
        except ChipReaderError as exc:
            return reader.ChipDocument(problems=[exc.code], error=str(exc))
        try:
            rdr.connect()
            return reader.read_and_verify(rdr.transmit, lines, key, trust)
        except ChipReaderError as exc:
            return reader.ChipDocument(problems=[exc.code], error=str(exc))
        finally:
            with contextlib.suppress(ChipReaderError):
                rdr.disconnect()
