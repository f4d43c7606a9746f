"""CRL freshness (issue 17): the CRLs in the operator's master list folder are checked for
nextUpdate. When every CRL the document signer's CSCA issued is past it, the revocation status
is not current: chip_crl_stale, and documents.chip_crl_stale decides (clerk review or refuse).
A document signer listed as revoked is refused, on a fresh or a stale list alike.

Each case reads a test passport from the card emulator through the kiosk's chip step (BAC,
passive authentication, the policy), with CRLs generated here and written to the folder."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from hardware.chip_reader import SimulatedChipReader
from kiosk.chip_step import ChipStep
from kiosk.documents.chip import passive_auth, policy, specimen
from kiosk.documents.chip.emulator import EPassportCard
from kiosk.documents.chip.trust import load_trust_store
from kiosk.settings import Settings, load_settings

NOW = dt.datetime.now(dt.UTC)
DAY = dt.timedelta(days=1)


def _fresh(csca, serials=()):
    return specimen.revoke(csca, list(serials))


def _stale(csca, serials=()):
    # issued 40 days ago, due 10 days ago: the issuer's next list never arrived here
    return specimen.revoke(
        csca, list(serials), last_update=NOW - 40 * DAY, next_update=NOW - 10 * DAY
    )


def _folder(trust_dir, tmp_path, crls: dict[str, bytes]):
    folder = shutil.copytree(trust_dir, tmp_path / "ml")
    for name, data in crls.items():
        (folder / name).write_bytes(data)
    return folder


def _settings(tmp_path, folder, **env: str) -> Settings:
    return load_settings(
        env={
            "SIMKIOSK_HOME": str(tmp_path / "home"),
            "SIMKIOSK_DEVICES_CHIP": "pcsc",
            "SIMKIOSK_DOCUMENTS_CHIP_MASTER_LIST": str(folder),
            **env,
        }
    )


def _read(tmp_path, passport, folder, **env):
    """The chip step as the enrollment runs it, the master list loaded from the folder by
    the settings, the card on a simulated reader."""
    settings = _settings(tmp_path, folder, **env)
    card = EPassportCard(passport.files, passport.key)
    step = ChipStep(settings, reader_factory=lambda _lines: SimulatedChipReader(card))
    return step.read(passport.mrz_lines)


def _verify(passport, folder):
    from kiosk.documents.chip import lds

    files = {1: passport.files[lds.DATA_GROUPS[1][0]], 2: passport.files[lds.DATA_GROUPS[2][0]]}
    return passive_auth.verify(passport.files[lds.EF_SOD], files, load_trust_store(folder))


def test_a_fresh_crl_without_the_signer_verifies(tmp_path, trust_dir, csca, passport) -> None:
    folder = _folder(trust_dir, tmp_path, {"kz.crl": _fresh(csca)})
    outcome = _read(tmp_path, passport, folder)
    assert outcome.action == policy.USE_CHIP and outcome.problems == []


def test_a_stale_crl_gives_its_code(trust_dir, tmp_path, csca, passport) -> None:
    result = _verify(passport, _folder(trust_dir, tmp_path, {"kz.crl": _stale(csca)}))
    assert result.problems == [passive_auth.CRL_STALE]
    assert not result.verified
    assert result.signature_valid and result.chain_valid  # the chain is fine; its status is old


@pytest.mark.parametrize(
    ("setting", "action"),
    [(None, policy.REVIEW), ("review", policy.REVIEW), ("refuse", policy.REFUSE)],
)
def test_a_stale_crl_follows_the_setting(
    tmp_path, trust_dir, csca, passport, setting, action
) -> None:
    folder = _folder(trust_dir, tmp_path, {"kz.crl": _stale(csca)})
    env = {"SIMKIOSK_DOCUMENTS_CHIP_CRL_STALE": setting} if setting else {}
    outcome = _read(tmp_path, passport, folder, **env)
    assert outcome.action == action
    assert outcome.problems == [passive_auth.CRL_STALE]
    assert outcome.portrait is None  # an unverified chip's portrait is never the reference
    assert outcome.record["passive_authentication"] == "failed"
    assert outcome.record["problems"] == [passive_auth.CRL_STALE]


def test_one_current_crl_is_enough(tmp_path, trust_dir, csca, passport) -> None:
    folder = _folder(trust_dir, tmp_path, {"kz-old.crl": _stale(csca), "kz.crl": _fresh(csca)})
    outcome = _read(tmp_path, passport, folder, SIMKIOSK_DOCUMENTS_CHIP_CRL_STALE="refuse")
    assert outcome.action == policy.USE_CHIP, outcome.problems


def test_a_crl_issued_in_the_future_is_not_current(trust_dir, tmp_path, csca, passport) -> None:
    early = specimen.revoke(csca, [], last_update=NOW + 5 * DAY, next_update=NOW + 35 * DAY)
    result = _verify(passport, _folder(trust_dir, tmp_path, {"kz.crl": early}))
    assert result.problems == [passive_auth.CRL_STALE]


def test_a_stale_crl_of_another_issuer_does_not_count(tmp_path, trust_dir, passport) -> None:
    imposter = specimen.make_csca("KZ")  # same name, not the installed CSCA's key
    other = specimen.make_csca("DE", "Other CSCA")
    folder = _folder(trust_dir, tmp_path, {"fake.crl": _stale(imposter), "de.crl": _stale(other)})
    outcome = _read(tmp_path, passport, folder, SIMKIOSK_DOCUMENTS_CHIP_CRL_STALE="refuse")
    assert outcome.action == policy.USE_CHIP, outcome.problems


@pytest.mark.parametrize("crl", [_fresh, _stale], ids=["fresh", "stale"])
@pytest.mark.parametrize("setting", ["review", "refuse"])
def test_a_revoked_document_signer_is_refused(
    tmp_path, trust_dir, csca, signer, passport, crl, setting
) -> None:
    folder = _folder(trust_dir, tmp_path, {"kz.crl": crl(csca, [signer.cert.serial_number])})
    outcome = _read(tmp_path, passport, folder, SIMKIOSK_DOCUMENTS_CHIP_CRL_STALE=setting)
    assert outcome.action == policy.REFUSE
    assert passive_auth.SIGNER_REVOKED in outcome.problems
    assert (passive_auth.CRL_STALE in outcome.problems) == (crl is _stale)


def test_another_signer_revoked_leaves_this_one_verified(
    tmp_path, trust_dir, csca, passport
) -> None:
    other = specimen.make_signer(csca, common_name="Another document signer")
    folder = _folder(trust_dir, tmp_path, {"kz.crl": _fresh(csca, [other.cert.serial_number])})
    assert _read(tmp_path, passport, folder).action == policy.USE_CHIP
