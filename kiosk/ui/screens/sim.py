"""SIM: the ICCID from the pack's barcode (a keyboard-wedge scanner types it and presses Enter)
or typed by a clerk; checked (19-20 digits, Luhn) as it is entered. MSISDN optional."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton

from kiosk.checksums import iccid_problem
from kiosk.session import Step
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import button, label


def iccid_valid(text: str) -> bool:
    return not iccid_problem(text.replace(" ", ""))


def msisdn_valid(text: str) -> bool:
    digits = text.strip().lstrip("+")
    return not digits or (digits.isdigit() and 10 <= len(digits) <= 15)


class SimScreen(Screen):
    step = Step.SIM

    def __init__(self, flow, parent=None) -> None:
        super().__init__(flow, parent)
        self.title = label("", "title")
        form = QFormLayout()
        self.iccid_label, self.msisdn_label = label(center=False), label(center=False)
        self.iccid = QLineEdit()
        self.iccid.setObjectName("iccid")
        self.iccid.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9 ]{0,24}")))
        self.msisdn = QLineEdit()
        self.msisdn.setObjectName("msisdn")
        self.msisdn.setValidator(QRegularExpressionValidator(QRegularExpression(r"\+?[0-9]{0,15}")))
        form.addRow(self.iccid_label, self.iccid)
        form.addRow(self.msisdn_label, self.msisdn)
        self.status = label("", "subtitle")
        self.status.setObjectName("sim_status")
        self.continue_button = button("", "primary", "sim_continue")
        self.continue_button.clicked.connect(self._submit)
        self.bar = self.busy_bar()
        self.box.addStretch(1)
        self.box.addWidget(self.title)
        self.box.addLayout(form)
        self.box.addWidget(self.status)
        self.box.addWidget(self.bar)
        self.box.addWidget(self.continue_button)
        self.box.addStretch(2)
        self.iccid.textChanged.connect(self._validate)
        self.msisdn.textChanged.connect(self._validate)
        # A wedge scanner ends with Enter: go on at once when the number is valid.
        self.iccid.returnPressed.connect(self._submit)
        self.msisdn.returnPressed.connect(self._submit)

    def primary(self) -> QPushButton:
        return self.continue_button

    def entered(self) -> None:
        self.iccid.clear()
        self.msisdn.clear()
        self.iccid.setFocus()

    def _validate(self) -> bool:
        iccid, msisdn = self.iccid.text(), self.msisdn.text()
        ok_iccid, ok_msisdn = iccid_valid(iccid), msisdn_valid(msisdn)
        if not ok_msisdn:
            self.status.setProperty("role", "problem")
            self.status.setText(self.tr("sim_msisdn_bad"))
        elif ok_iccid:
            self.status.setProperty("role", "subtitle")
            self.status.setText("✓ " + self.tr("sim_iccid_ok"))
        elif len(iccid.replace(" ", "")) >= 19:
            self.status.setProperty("role", "problem")
            self.status.setText(self.tr("sim_iccid_bad"))
        else:
            self.status.setText("")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        ok = ok_iccid and ok_msisdn
        self.continue_button.setEnabled(ok and not self.flow.busy)
        return ok

    def _submit(self) -> None:
        if not self._validate():
            self.iccid.selectAll()
            return
        msisdn = self.msisdn.text().strip().lstrip("+") or None
        self.flow.set_sim(self.iccid.text().replace(" ", ""), msisdn)

    def render(self) -> None:
        self.title.setText(self.tr("sim_title"))
        self.iccid_label.setText(self.tr("sim_iccid"))
        self.msisdn_label.setText(self.tr("sim_msisdn"))
        self.continue_button.setText(self.tr("continue"))
        busy = self.flow.busy
        self.bar.setVisible(busy)
        self.iccid.setEnabled(not busy)
        self.msisdn.setEnabled(not busy)
        self._validate()
        if self.flow.notice == "sim_iccid_bad":
            self.status.setText(self.tr("sim_iccid_bad"))
