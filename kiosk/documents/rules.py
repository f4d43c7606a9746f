"""Document rules: what makes a read document acceptable, configurable through DocumentSettings.

Every failed rule is a :class:`Problem` with a stable snake_case ``code`` (what the session, the
UI texts and the activation record key on) and a plain-words ``message`` for the clerk. Each code
has a severity; the verdict is the worst one: ``refuse`` (the document cannot be used),
``review`` (a clerk must look at it) or ``accept``.

Codes: ``mrz_check_failed``, ``mrz_format``, ``expired``, ``expiry_unknown``, ``under_age``,
``birth_date_unknown``, ``issuer_refused``, ``foreign_document``, ``iin_missing``,
``iin_invalid``, ``iin_mismatch``, ``no_portrait``, ``mrz_unknown_state``.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.documents.iin import Iin, parse_iin
from kiosk.documents.mrz import Mrz

if TYPE_CHECKING:  # settings name DocumentVerdict as the foreign_policy's choices
    from kiosk.settings import DocumentSettings


class DocumentVerdict(enum.StrEnum):
    """What a read document allows, worst last. The record schema's ``document.verdict`` and the
    outbox JSON carry these exact strings (the schema enum may later be generated from here)."""

    ACCEPT = "accept"
    REVIEW = "review"  # a clerk must look at it
    REFUSE = "refuse"  # the document cannot be used


_RANK = {DocumentVerdict.ACCEPT: 0, DocumentVerdict.REVIEW: 1, DocumentVerdict.REFUSE: 2}
# Issuers whose documents carry the Kazakh IIN (ID card optional data, passport personal number).
IIN_ISSUERS = ("KAZ",)
_CHECK_NAMES = {
    "document_number": "document number",
    "birth_date": "birth date",
    "expiry_date": "expiry date",
    "personal_number": "personal number",
    "composite": "composite",
}


@dataclass
class Problem:
    code: str
    message: str
    severity: DocumentVerdict = DocumentVerdict.REFUSE  # refuse | review; not in the JSON shape

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def verdict(problems: list[Problem]) -> DocumentVerdict:
    """The worst severity among the problems; ``accept`` when there are none."""
    return max(
        (p.severity for p in problems), key=_RANK.__getitem__, default=DocumentVerdict.ACCEPT
    )


def iin_field(mrz: Mrz) -> str | None:
    """The IIN printed in the MRZ of a Kazakh document, or None when the document has none:
    TD1 line 1 positions 16-27 (the optional data), or the passport's personal number."""
    if mrz.issuer not in IIN_ISSUERS:
        return None
    if mrz.format == "TD1" and mrz.lines[0][14] != "<":
        raw = mrz.lines[0][15:27]
    else:  # passports, TD2, and TD1 cards whose long number overflows into the optional data
        raw = mrz.personal_number
    raw = raw.strip("<")
    return raw or None


def extract_iin(mrz: Mrz) -> Iin | None:
    value = iin_field(mrz)
    return parse_iin(value) if value is not None else None


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _mrz_problems(mrz: Mrz) -> list[Problem]:
    out = []
    failed = [name for name, ok in mrz.checks.items() if not ok]
    if failed:
        names = ", ".join(_CHECK_NAMES.get(n, n) for n in failed)
        out.append(
            Problem(
                "mrz_check_failed",
                f"the MRZ check digit does not match for: {names} (misread, damaged "
                "or altered document)",
            )
        )
    if mrz.format_errors:
        out.append(Problem("mrz_format", "the MRZ is malformed: " + "; ".join(mrz.format_errors)))
    elif mrz.unknown_codes:
        # A misread (no check digit guards these fields) or a forgery: a clerk compares the page.
        out.append(
            Problem(
                "mrz_unknown_state",
                "the " + " and ".join(mrz.unknown_codes) + " code is not in the ICAO "
                "Doc 9303 code list (misread or altered document)",
                DocumentVerdict.REVIEW,
            )
        )
    return out


def _date_problems(mrz: Mrz, rules: DocumentSettings, today: dt.date) -> list[Problem]:
    out = []
    if mrz.expiry_date is None:
        out.append(
            Problem("expiry_unknown", "the document's expiry date is missing or not a real date")
        )
    elif mrz.expiry_date < today:
        out.append(Problem("expired", f"the document expired on {mrz.expiry_date.isoformat()}"))
    if mrz.birth_date is None:
        out.append(
            Problem(
                "birth_date_unknown",
                "the holder's birth date is not given on the "
                "document; a clerk must confirm the age",
                DocumentVerdict.REVIEW,
            )
        )
    elif (age := age_on(mrz.birth_date, today)) < rules.min_age_years:
        out.append(
            Problem(
                "under_age", f"the holder is {age}, under the minimum age of {rules.min_age_years}"
            )
        )
    return out


def _issuer_problems(mrz: Mrz, rules: DocumentSettings) -> list[Problem]:
    refused = [
        c for c in dict.fromkeys((mrz.issuer, mrz.nationality)) if c in rules.refused_issuers
    ]
    if refused:
        return [
            Problem("issuer_refused", f"documents of {', '.join(refused)} are not accepted here")
        ]
    if mrz.issuer in rules.home_issuers or rules.foreign_policy == DocumentVerdict.ACCEPT:
        return []
    severity = (
        DocumentVerdict.REFUSE
        if rules.foreign_policy == DocumentVerdict.REFUSE
        else DocumentVerdict.REVIEW
    )
    action = "not accepted here" if severity is DocumentVerdict.REFUSE else "checked by a clerk"
    return [
        Problem(
            "foreign_document",
            f"a document issued by {mrz.issuer or 'an unknown issuer'} is {action}",
            severity,
        )
    ]


def _iin_problems(mrz: Mrz, iin: Iin | None, today: dt.date) -> list[Problem]:
    if iin is None:
        if mrz.issuer in IIN_ISSUERS:
            return [
                Problem(
                    "iin_missing",
                    "this Kazakh document carries no IIN in its MRZ",
                    DocumentVerdict.REVIEW,
                )
            ]
        return []
    if not iin.valid:
        return [Problem("iin_invalid", f"the IIN is not valid: {iin.reason}")]
    out = []
    if iin.birth_date and iin.birth_date > today:
        out.append(
            Problem("iin_mismatch", "the IIN's century digit puts the birth date in the future")
        )
    if mrz.birth_date_raw[:6].isdigit() and iin.value[:6] != mrz.birth_date_raw:
        out.append(
            Problem("iin_mismatch", "the IIN's birth date does not match the MRZ birth date")
        )
    if mrz.sex in ("M", "F") and iin.sex != mrz.sex:
        out.append(Problem("iin_mismatch", "the IIN's sex digit does not match the MRZ sex"))
    return out


def evaluate(
    mrz: Mrz,
    iin: Iin | None,
    rules: DocumentSettings,
    *,
    today: dt.date | None = None,
    portrait_found: bool = True,
) -> list[Problem]:
    """Every rule the document breaks, in a stable order (MRZ, dates, issuer, IIN, portrait)."""
    today = today or dt.date.today()
    problems = (
        _mrz_problems(mrz)
        + _date_problems(mrz, rules, today)
        + _issuer_problems(mrz, rules)
        + _iin_problems(mrz, iin, today)
    )
    if not portrait_found:
        problems.append(
            Problem(
                "no_portrait",
                "no face photo was found on the document; a clerk must check it",
                DocumentVerdict.REVIEW,
            )
        )
    return problems
