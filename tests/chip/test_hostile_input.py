"""Bad bytes from a chip (or a forged one) end in a problem code, never in a crash: the
parsers raise their own errors, and a read against a chip that answers garbage is refused."""

from __future__ import annotations

import contextlib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.chip_reader import SimulatedChipReader
from kiosk.documents.chip import chip_auth, lds, pace, reader, sod, tlv
from kiosk.documents.chip.emulator import EPassportCard
from kiosk.documents.chip.trust import TrustStore


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_parsers_fail_only_with_their_own_errors(data):
    for parse in (lds.parse_com, lds.parse_dg1, lds.parse_dg2, sod.parse_sod):
        with contextlib.suppress(lds.LdsError):
            parse(data)
    assert isinstance(pace.parse_card_access(data), list)
    assert isinstance(chip_auth.parse_dg14(data), list)
    with contextlib.suppress(tlv.TlvError):
        list(tlv.iter_tlv(data))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=120), st.integers(0, 200))
def test_parsers_survive_truncated_and_flipped_real_files(passport, junk, cut):
    for fid, parse in (
        (lds.EF_COM, lds.parse_com),
        (0x0101, lds.parse_dg1),
        (0x0102, lds.parse_dg2),
        (lds.EF_SOD, sod.parse_sod),
    ):
        real = passport.files[fid]
        for data in (real[:cut], real[:cut] + junk, junk + real[cut:]):
            with contextlib.suppress(lds.LdsError):
                parse(data)


class _Garbage:
    """A 'chip' whose every answer after the n-th is random bytes."""

    atr = b"\x3b\x80\x80\x01\x01"

    def __init__(self, card: EPassportCard, honest: int, seed: int) -> None:
        self.card, self.honest, self.rng, self.n = card, honest, random.Random(seed), 0

    def reset(self) -> None:
        self.card.reset()

    def transmit(self, apdu: bytes) -> bytes:
        self.n += 1
        real = self.card.transmit(apdu)
        if self.n <= self.honest:
            return real
        kind = self.rng.randrange(4)
        if kind == 0:
            return bytes(self.rng.randrange(256) for _ in range(self.rng.randrange(0, 40)))
        if kind == 1:
            return real[:-3] + real[-2:] if len(real) > 3 else b"\x90"
        if kind == 2:
            i = self.rng.randrange(len(real))
            return real[:i] + bytes([real[i] ^ 0x40]) + real[i + 1 :]
        return b"\x90\x00"


def test_a_chip_answering_garbage_is_refused_not_crashed(passport):
    trust = TrustStore()
    for seed in range(60):
        honest = seed % 20
        card = _Garbage(
            EPassportCard(passport.files, passport.key, pace_parameter_id=13 if seed % 2 else None),
            honest,
            seed,
        )
        rdr = SimulatedChipReader(card)
        rdr.connect()
        doc = reader.read_and_verify(rdr.transmit, passport.mrz_lines, passport.key, trust)
        assert not doc.verified
        assert doc.problems, seed


def test_every_corrupted_sod_byte_is_a_problem_or_harmless(passport, trust):
    """Each byte of the SOD flipped in turn: no exception, and a flip that still verifies is
    outside everything the signature protects (SignedData's unsigned digestAlgorithms list,
    version numbers), so the data groups are still the state's."""
    from kiosk.documents.chip import passive_auth

    real = passport.files[lds.EF_SOD]
    files = {1: passport.files[0x0101], 2: passport.files[0x0102]}
    econtent = sod.parse_sod(real).econtent
    signed_at = real.index(econtent)
    refused = 0
    for i in range(len(real)):
        bad = real[:i] + bytes([real[i] ^ 0xFF]) + real[i + 1 :]
        result = passive_auth.verify(bad, files, trust)
        if result.verified:
            assert not signed_at <= i < signed_at + len(econtent)
            assert result.signature_valid and result.chain_valid
        else:
            assert result.problems
            refused += 1
    assert refused > 0.9 * len(real)
