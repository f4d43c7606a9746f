"""Today's submissions, for the clerk of the shift (Ctrl+Shift+S or the button on the attract
screen): time, the SIM's last digits, delivered / queued / refused and why — no names. "Send
queued now" flushes the outbox on the network lane. Not a session step: a page beside the flow,
like the technician's diagnostics, in the clerk's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.records.submission import SubmissionOutcome
from kiosk.records.submissions import RowState
from kiosk.ui.flow import FlowController
from kiosk.ui.i18n import tr
from kiosk.ui.tasks import Lane
from kiosk.ui.widgets import button, label

_COLUMNS = (
    "submissions_time",
    "submissions_ref",
    "submissions_sim",
    "submissions_state",
    "submissions_why",
)
_WHY = len(_COLUMNS) - 1


class SubmissionsScreen(QWidget):
    closed = Signal()

    def __init__(self, flow: FlowController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("submissions")
        self.flow = flow
        self.rows: list[Any] = []
        self._loading = False
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 24, 48, 24)
        box.setSpacing(14)
        self.title = label("", "title", center=False)
        self.counts = label("", "subtitle", center=False)
        self.counts.setObjectName("submissions_counts")
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setObjectName("submissions_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(44)
        header = self.table.horizontalHeader()
        for i in range(_WHY):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_WHY, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.empty = label("", "subtitle")
        self.status = label("", "subtitle", center=False)
        self.status.setObjectName("submissions_status")
        row = QHBoxLayout()
        self.close_button = button("", None, "submissions_close")
        self.close_button.clicked.connect(self.closed)
        self.retry_button = button("", "primary", "submissions_retry")
        self.retry_button.clicked.connect(self.retry)
        row.addWidget(self.close_button)
        row.addStretch(1)
        row.addWidget(self.status)
        row.addWidget(self.retry_button)
        box.addWidget(self.title)
        box.addWidget(self.counts)
        box.addWidget(self.table, 1)
        box.addWidget(self.empty)
        box.addLayout(row)

    def tr(self, key: str, **values: object) -> str:  # type: ignore[override]  # see Screen
        return tr(self.flow.clerk_language, key, **values)

    # -- life cycle -----------------------------------------------------------------------------

    def enter(self) -> None:
        self.status.setText("")
        self._texts()
        self.refresh()
        self.retry_button.setFocus()

    def leave(self) -> None:
        self.rows = []
        self.table.setRowCount(0)

    def refresh(self) -> None:
        """Read today's list off the GUI thread (the outbox is an SQLite file)."""
        self._loading = True
        self.flow.tasks.run(
            self.flow.services.submissions_today,
            lane=Lane.DEFAULT,
            label="submissions",
            on_success=self._show,
            on_failure=self._failed,
        )

    def retry(self) -> None:
        if self._loading:
            return
        self._loading = True
        self.retry_button.setEnabled(False)
        self.status.setText(self.tr("submissions_retrying"))
        self.flow.tasks.run(
            self.flow.services.retry_queued,
            lane=Lane.NETWORK,
            label="retry_queued",
            on_success=self._retried,
            on_failure=self._failed,
        )

    # -- results --------------------------------------------------------------------------------

    def _retried(self, counts: dict[str, int]) -> None:
        self._loading = False
        self.status.setText(
            self.tr(
                "submissions_retried",
                delivered=counts.get(SubmissionOutcome.ACTIVATED, 0),
                pending=counts.get(SubmissionOutcome.QUEUED, 0),
            )
        )
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.flow.tasks.report("submissions", exc)  # the window's banner says it plainly
        self._show(self.rows)

    def _show(self, rows: list[Any]) -> None:
        self._loading = False
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            at = dt.datetime.fromtimestamp(r.enqueued_at).strftime("%H:%M")
            why = r.why
            if r.state == RowState.QUEUED and r.next_attempt_at:
                nxt = dt.datetime.fromtimestamp(r.next_attempt_at).strftime("%H:%M")
                why = "; ".join(p for p in (why, self.tr("submissions_waiting", time=nxt)) if p)
            sim = f"…{r.iccid_tail}" if r.iccid_tail else "…"
            cells = (at, r.reference, sim, self.tr(f"state_{r.state}"), why)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == _WHY - 1 and r.state == RowState.REFUSED:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(i, col, item)
        self.table.resizeRowsToContents()
        states = [r.state for r in self.rows]
        self.counts.setText(
            self.tr(
                "submissions_counts",
                delivered=states.count(RowState.DELIVERED),
                queued=states.count(RowState.QUEUED),
                refused=states.count(RowState.REFUSED),
            )
        )
        self.empty.setVisible(not self.rows)
        self.retry_button.setEnabled(RowState.QUEUED in states)

    def _texts(self) -> None:
        self.title.setText(self.tr("submissions_title"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in _COLUMNS])
        self.empty.setText(self.tr("submissions_empty"))
        self.retry_button.setText(self.tr("submissions_retry"))
        self.close_button.setText(self.tr("submissions_close") + "  [Esc]")
