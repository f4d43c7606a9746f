"""The checks tab of the technician's screen: one touch-sized row per check in screen order, the
freeze state above the tabs (what a technician is usually called for), and the full check run on
the ``diagnostics`` worker lane."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SignalInstance, qVersion
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea

from kiosk.diagnosis import ORDER
from kiosk.ui.diag_base import DiagPart
from kiosk.ui.diag_widgets import ROW_MIN_PX, CheckList, freeze_text, repolish
from kiosk.ui.tasks import Lane

FREEZE_MAX_PX = 150


class ChecksTab(DiagPart):
    """Check rows, the freeze box and the check run."""

    checks_done: SignalInstance
    checks_list: CheckList
    checks_button: QPushButton
    status: QLabel
    freeze_label: QLabel
    freeze_box: QScrollArea
    checks_seconds: float | None
    _checks_fn: Callable[[], list[Any]]

    @property
    def last_checks(self) -> list[dict[str, Any]]:
        """Every result, in screen order (the bundle's checks.json)."""
        return [self._results[n] for n in self.checks_list.names() if n in self._results]

    def _set_row(self, name: str, status: str, detail: str) -> None:
        row = self.checks_list.row(name, self._title(name))
        row.show_check(status, self._tr(f"diag_status_{status}"), detail)
        self.checks_list.order(
            [n for n in ORDER if n in self.checks_list.rows]
            + [n for n in self.checks_list.rows if n not in ORDER]
        )

    def _record(self, check: dict[str, Any]) -> None:
        self._results[check["name"]] = check
        self._set_row(check["name"], check["status"], check["detail"])
        if check["name"] == "freeze":
            self._show_freeze(check)

    def _show_freeze(self, check: dict[str, Any] | None) -> None:
        state, text = freeze_text(
            check,
            self._tr("diag_frozen"),
            self._tr("diag_not_frozen"),
            self._tr("diag_freeze_unknown"),
        )
        self.freeze_label.setText(text)
        self.freeze_label.setProperty("state", state)
        repolish(self.freeze_label)
        self._fit_freeze_box()

    def _fit_freeze_box(self) -> None:
        """As tall as its reasons, up to FREEZE_MAX_PX (beyond that they scroll inside)."""
        width = max(200, self.freeze_box.viewport().width())
        need = self.freeze_label.heightForWidth(width)
        self.freeze_box.setFixedHeight(max(ROW_MIN_PX, min(FREEZE_MAX_PX, need + 2)))

    def run_checks(self) -> None:
        self.checks_button.setEnabled(False)
        self.status.setText(self._tr("diag_running"))
        started = time.perf_counter()

        def work() -> list[dict[str, Any]]:
            return [c.as_dict() for c in self._checks_fn()]

        self.tasks.run(
            work,
            lane=Lane.DIAGNOSTICS,
            label="diagnostics checks",
            on_success=lambda checks: self._show_checks(checks, started),
            on_failure=self._checks_failed,
        )

    def _show_checks(self, checks: list[dict[str, Any]], started: float) -> None:
        self.checks_seconds = time.perf_counter() - started
        for c in checks:
            if c["name"] == "versions":  # the Qt actually loaded, not only the package's
                c = {
                    **c,
                    "info": {**c["info"], "Qt": qVersion()},
                    "detail": f"{c['detail']}, Qt {qVersion()}",
                }
            self._record(c)
        bad = sum(c["status"] == "error" for c in self.last_checks)
        self.status.setText(
            self._tr("diag_checks_done", n=len(self.last_checks), bad=bad)
            + f" ({self.checks_seconds:.1f} s)"
        )
        self.checks_button.setEnabled(True)
        self.checks_done.emit(self.last_checks)

    def _checks_failed(self, exc: BaseException) -> None:
        self.tasks.report("diagnostics checks", exc)
        self.status.setText(self._tr("diag_checks_error", error=type(exc).__name__))
        self.checks_button.setEnabled(True)
