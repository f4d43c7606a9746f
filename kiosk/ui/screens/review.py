"""Clerk review (assisted mode): the document photo and the live camera face side by side, the
similarity in words, why a review is needed in plain words, the document's fields with a chance
to correct a misread one, the customer's IIN when the document carries none (the foreign-document
policy, README "Foreign documents"), and a reason. Approve or Refuse, both recorded.

It speaks the clerk's language. The long part scrolls; the decision row stays on screen. The
keyboard cannot refuse by accident: Tab runs IIN -> fields -> reason -> Approve (Refuse is not in
the Tab chain), Enter approves only when approving is allowed, and refusing takes its own
shortcut, Alt+R, shown on the button.
"""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import QRegularExpression, QSize, Qt
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.biometrics.decision import MatchDecision
from kiosk.documents.iin import iin_disagreement
from kiosk.session import Step
from kiosk.ui.flow import frame_to_qimage
from kiosk.ui.i18n import field_name, problem_text, tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import CameraView, button, label

# Technical fields a clerk has nothing to decide about (they stay in the record).
HIDDEN_FIELDS = ("format", "document_code")
# The IIN has its own, checked entry when the document carries none.
IIN = "iin"
_IIN_CODES = {
    "iin_format": "iin_format",
    "iin_invalid": "iin_invalid_entry",
    "iin_birth_mismatch": "iin_birth_mismatch",
    "iin_sex_mismatch": "iin_sex_mismatch",
}
PHOTO_SIZE = (240, 200)


class _Scroll(QScrollArea):
    """A scroll area that asks for little height: its content scrolls instead of making the
    screen (and the window) taller than the display."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), 120)


def chip_verdict(chip: dict | None) -> str:
    """The key of the chip's verdict in words (empty: no chip was read for this document)."""
    if not chip:
        return ""
    if "chip_mrz_mismatch" in (chip.get("problems") or []):
        return "chip_mismatch"
    if chip.get("passive_authentication") == "passed":
        return "chip_verified"
    return "chip_not_verified"


def _bgr(image: object) -> np.ndarray | None:
    if not isinstance(image, np.ndarray) or image.size == 0:
        return None
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    return image[..., :3] if image.ndim == 3 else None


class ReviewScreen(Screen):
    step = Step.REVIEW

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "subtitle", center=False)  # compact: the content needs the room
        self.title.setObjectName("review_title")
        self.box.addWidget(self.title)

        body = QWidget()
        body.setObjectName("review_body")
        content = QVBoxLayout(body)
        content.setContentsMargins(0, 0, 12, 0)
        content.setSpacing(12)

        # Left: the two faces and the similarity; right: why, and the IIN when it is needed.
        top = QHBoxLayout()
        left = QVBoxLayout()
        faces = QHBoxLayout()
        self.document_photo = CameraView(mirror=False)
        self.document_photo.setObjectName("review_document_photo")
        self.live_photo = CameraView(mirror=False)
        self.live_photo.setObjectName("review_live_photo")
        self.document_caption, self.live_caption = label("", "small"), label("", "small")
        for view, caption in (
            (self.document_photo, self.document_caption),
            (self.live_photo, self.live_caption),
        ):
            view.setFixedSize(*PHOTO_SIZE)
            column = QVBoxLayout()
            column.addWidget(view)
            column.addWidget(caption)
            faces.addLayout(column)
        left.addLayout(faces)
        self.match = label("", "subtitle", center=False)
        self.match.setObjectName("review_match")
        self.match_numbers = label("", "small", center=False)
        self.match_numbers.setObjectName("review_match_numbers")
        self.chip_verdict = label("", "subtitle", center=False)
        self.chip_verdict.setObjectName("review_chip")
        left.addWidget(self.match)
        left.addWidget(self.match_numbers)
        left.addWidget(self.chip_verdict)
        left.addStretch(1)
        top.addLayout(left)

        right = QVBoxLayout()
        self.why_title = label("", "subtitle", center=False)
        self.why = label("", "problem", center=False)
        self.why.setObjectName("review_why")
        right.addWidget(self.why_title)
        right.addWidget(self.why)
        self.iin_box = QFrame()
        self.iin_box.setObjectName("review_iin_box")
        iin_layout = QVBoxLayout(self.iin_box)
        iin_layout.setContentsMargins(0, 8, 0, 0)
        self.iin_label = label("", None, center=False)
        self.iin = QLineEdit()
        self.iin.setObjectName("review_iin")
        self.iin.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,12}")))
        self.iin_hint = label("", "small", center=False)
        self.iin_status = label("", "problem", center=False)
        self.iin_status.setObjectName("review_iin_status")
        for w in (self.iin_label, self.iin, self.iin_hint, self.iin_status):
            iin_layout.addWidget(w)
        right.addWidget(self.iin_box)
        right.addStretch(1)
        top.addLayout(right, 1)
        content.addLayout(top)

        self.fields_title = label("", "subtitle", center=False)
        self.fields_box = QWidget()
        self.fields_grid = QGridLayout(self.fields_box)
        self.fields_grid.setContentsMargins(0, 0, 0, 0)
        self.field_edits: dict[str, tuple[QLineEdit, str]] = {}  # name -> (edit, value read)
        self._field_rows: list[tuple[QWidget, QLineEdit]] = []  # (caption, edit) in order
        self._field_columns = 2
        content.addWidget(self.fields_title)
        content.addWidget(self.fields_box)
        content.addStretch(1)

        self.fields_scroll = _Scroll()
        self.fields_scroll.setObjectName("review_scroll")
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields_scroll.setWidget(body)
        self.box.addWidget(self.fields_scroll, 1)

        # -- always on screen: the reason, what blocks approving, the decision ----------------
        reason_row = QHBoxLayout()
        self.reason_label = label("", None, center=False, wrap=False)
        self.reason = QLineEdit()
        self.reason.setObjectName("review_reason")
        self.reason.setMaxLength(500)
        reason_row.addWidget(self.reason_label)
        reason_row.addWidget(self.reason, 1)
        self.box.addLayout(reason_row)
        self.notice = label("", "notice", center=False)
        self.notice.setObjectName("review_notice")
        self.box.addWidget(self.notice)
        row = QHBoxLayout()
        self.approve_button = button("", "primary", "review_approve")
        self.refuse_button = button("", "danger", "review_refuse")
        # Not reachable with Tab: a refusal is a deliberate click or Alt+R.
        self.refuse_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.approve_button.clicked.connect(lambda: self._decide(True))
        self.refuse_button.clicked.connect(lambda: self._decide(False))
        row.addWidget(self.refuse_button)
        row.addStretch(1)
        row.addWidget(self.approve_button)
        self.action_bar.addLayout(row)  # the action bar: in view however long the fields are
        refuse = QShortcut(QKeySequence("Alt+R"), self)
        refuse.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refuse.activated.connect(lambda: self._decide(False))

        self.iin.textChanged.connect(self._update_approve)
        self.iin.returnPressed.connect(self.reason.setFocus)
        self.reason.returnPressed.connect(self._enter)
        self._iin_needed = False

    def tr(self, key: str, **values: object) -> str:  # type: ignore[override]  # see Screen
        return tr(self.flow.clerk_language, key, **values)

    def primary(self) -> QPushButton:
        return self.approve_button

    # -- entering and leaving -------------------------------------------------------------------

    def entered(self) -> None:
        self.reason.clear()
        self.notice.clear()
        self.iin.clear()
        self._iin_needed = bool(self.flow.session.iin_problem())
        self.iin_box.setVisible(self._iin_needed)
        self._build_fields()
        self._show_photos()
        self._chain_tabs()
        self.fields_scroll.verticalScrollBar().setValue(0)
        self._update_approve()
        (self.iin if self._iin_needed else self.reason).setFocus()

    def left(self) -> None:
        # Personal values and pictures leave the screen with the step.
        self._clear_fields()
        self.reason.clear()
        self.iin.clear()
        self.document_photo.clear()
        self.live_photo.clear()

    def _show_photos(self) -> None:
        document = self.flow.document()
        portrait = _bgr(document.portrait if document is not None else None)
        live = _bgr(self.flow.live_frame())
        for view, image in ((self.document_photo, portrait), (self.live_photo, live)):
            view.clear()
            if image is not None:
                view.set_frame(frame_to_qimage(image))

    def _clear_fields(self) -> None:
        for edit, _ in self.field_edits.values():
            edit.clear()
        self._field_rows.clear()
        while self.fields_grid.count():
            item = self.fields_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.field_edits.clear()

    def _build_fields(self) -> None:
        self._clear_fields()
        document = self.flow.document()
        fields = document.fields if document is not None else {}
        shown = [
            (k, v)
            for k, v in fields.items()
            if isinstance(v, str)
            and k not in HIDDEN_FIELDS
            and not (k == IIN and (self._iin_needed or not v))
        ]
        for name, value in shown:
            edit = QLineEdit(value)
            edit.setObjectName(f"review_field_{name}")
            edit.setProperty("role", "compact")
            edit.setMaxLength(100)
            edit.setReadOnly(name == IIN)  # a read IIN was checked against the document
            caption = label(field_name(self.flow.clerk_language, name), "small", center=False)
            self._field_rows.append((caption, edit))
            self.field_edits[name] = (edit, value)
            if name in ("birth_date", "sex"):
                edit.textChanged.connect(self._update_approve)  # the IIN must agree with them
        self._place_fields()
        self.fields_title.setVisible(bool(shown))

    def _place_fields(self) -> None:
        """Two label/value pairs a row on a landscape display; one on a portrait one, where two
        would cut long values (names, the issuing authority) off."""
        for caption, edit in self._field_rows:
            self.fields_grid.removeWidget(caption)
            self.fields_grid.removeWidget(edit)
        for i, (caption, edit) in enumerate(self._field_rows):
            row, col = divmod(i, self._field_columns)
            self.fields_grid.addWidget(caption, row, col * 2)
            self.fields_grid.addWidget(edit, row, col * 2 + 1)
        for col in range(4):  # the value columns take the width, the labels what they need
            self.fields_grid.setColumnStretch(col, col % 2 if col < 2 * self._field_columns else 0)

    def resizeEvent(self, event) -> None:
        columns = 1 if event.size().height() > event.size().width() else 2
        if columns != self._field_columns:
            self._field_columns = columns
            self._place_fields()
        super().resizeEvent(event)

    def _chain_tabs(self) -> None:
        chain: list[QWidget] = [self.iin] if self._iin_needed else []
        chain += [edit for edit, _ in self.field_edits.values()]
        chain += [self.reason, self.approve_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- the IIN rule ---------------------------------------------------------------------------

    def _edited(self, name: str) -> str | None:
        entry = self.field_edits.get(name)
        if entry is None:
            document = self.flow.document()
            value = document.fields.get(name) if document is not None else None
            return value if isinstance(value, str) else None
        return entry[0].text().strip() or entry[1]

    def iin_problem(self) -> str:
        """Why the entered IIN cannot be accepted (a code), against the fields as edited."""
        if not self._iin_needed:
            return ""
        return iin_disagreement(self.iin.text(), self._edited("birth_date"), self._edited("sex"))

    def _update_approve(self) -> None:
        problem = self.iin_problem()
        self.approve_button.setEnabled(not problem and not self.flow.busy)
        if not self._iin_needed:
            return
        typed = bool(self.iin.text())
        why = self.tr(_IIN_CODES.get(problem, "iin_invalid_entry")) if problem else ""
        self.iin_status.setProperty("role", "problem" if problem else "subtitle")
        self.iin_status.setText(why if typed else "")
        if not problem:
            self.iin_status.setText("✓ " + self.tr("review_iin_ok"))
        self.iin_status.style().unpolish(self.iin_status)
        self.iin_status.style().polish(self.iin_status)
        self.notice.setText(self.tr("review_approve_needs_iin", why=why) if problem else "")

    # -- deciding -------------------------------------------------------------------------------

    def _enter(self) -> None:
        if self.approve_button.isEnabled():
            self._decide(True)

    def _decide(self, approve: bool) -> None:
        if self.flow.session.step is not Step.REVIEW or self.flow.busy:
            return
        if approve and not self.approve_button.isEnabled():
            return
        reason = self.reason.text().strip()
        if not reason:
            self.notice.setText(self.tr("review_reason_needed"))
            self.reason.setFocus()
            return
        if approve:
            for name, (edit, read) in self.field_edits.items():
                value = edit.text().strip()
                if value and value != read and name != IIN:
                    self.flow.correct_field(name, value, reason)
            if self._iin_needed:
                self.flow.correct_field(IIN, self.iin.text().strip(), reason)
        self.flow.review(approve, reason)

    def render(self) -> None:  # type: ignore[override]  # not QWidget.render: see Screen
        document = self.flow.document()
        self.title.setText(self.tr("review_title"))
        self.why_title.setText(self.tr("review_why"))
        codes = self.flow.review_codes()
        lang = self.flow.clerk_language
        self.why.setText("\n".join(f"• {problem_text(lang, c)}" for c in codes))
        self.document_caption.setText(self.tr("review_document_photo"))
        self.live_caption.setText(self.tr("review_live_photo"))
        m = self.flow.match_check()
        if m is None:
            self.match.setText(self.tr("review_no_match_data"))
            self.match_numbers.setText("")
        else:
            self.match.setText(
                self.tr(
                    {
                        MatchDecision.MATCH: "similarity_strong",
                        MatchDecision.REVIEW: "similarity_borderline",
                    }.get(m.decision, "similarity_weak")
                )
            )
            self.match_numbers.setText(
                self.tr("similarity_numbers", distance=m.distance, threshold=m.threshold)
            )
        verdict = chip_verdict(document.chip if document is not None else None)
        self.chip_verdict.setText(self.tr(verdict) if verdict else "")
        self.chip_verdict.setVisible(bool(verdict))
        role = "subtitle" if verdict == "chip_verified" else "problem"  # a failure in red
        if self.chip_verdict.property("role") != role:
            self.chip_verdict.setProperty("role", role)
            self.chip_verdict.style().unpolish(self.chip_verdict)
            self.chip_verdict.style().polish(self.chip_verdict)
        self.iin_label.setText(self.tr("review_iin_label"))
        self.iin_hint.setText(self.tr("review_iin_hint"))
        self.fields_title.setText(self.tr("review_fields"))
        self.reason_label.setText(self.tr("review_reason_label"))
        self.reason.setPlaceholderText(self.tr("review_reason"))
        self.approve_button.setText(f"{self.tr('review_approve')}  [Enter]")
        self.refuse_button.setText(f"{self.tr('review_refuse')}  [Alt+R]")
        self.refuse_button.setEnabled(not self.flow.busy)
        self._update_approve()
