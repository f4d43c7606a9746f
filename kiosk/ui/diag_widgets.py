"""The technician screen's building blocks: its touch-sized style, the freeze box and the list of
check rows (one row per check name; a check that appears later, such as a camera identity check,
simply gets its own row)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import theme

ROW_MIN_PX = 56
STATUS_PX = 200  # fits the longest status word (kk ТЕКСЕРІЛМЕГЕН) at 20 px bold
TEXT_PX = 20
LOG_PX = 16

_STATUS_COLOURS = {
    "ok": theme.ACCENT,
    "warn": "#b26a00",
    "error": theme.DANGER,
    "skip": theme.MUTED,
    "untested": theme.MUTED,
}

# The screen's own sheet: it wins over the window's for the widgets inside the screen. Rows and
# buttons are touch-sized (>= 56 px), text >= 20 px, the log tail 16 px monospace.
STYLE = f"""
QLabel {{ font-size: {TEXT_PX}px; }}
QLabel[role="title"] {{ font-size: 32px; font-weight: bold; }}
QLabel[role="notice"] {{ font-size: 24px; font-weight: bold; color: {theme.DANGER}; }}
QPushButton, QPushButton[role="tech"] {{
    min-height: {ROW_MIN_PX}px; min-width: 0px; padding: 4px 18px; font-size: {TEXT_PX}px;
}}
QLineEdit[role="compact"] {{ min-height: {ROW_MIN_PX}px; font-size: 24px; }}
QTabBar::tab {{
    min-height: {ROW_MIN_PX - 16}px; padding: 8px 24px; font-size: {TEXT_PX}px;
    border: 2px solid #c8c8c8; border-bottom: none; background: #ececec;
}}
QTabBar::tab:selected {{ background: white; border-color: {theme.ACCENT}; font-weight: bold; }}
QPlainTextEdit, QListWidget {{
    font-size: {LOG_PX}px; font-family: "DejaVu Sans Mono", monospace;
}}
QListWidget::item {{ min-height: 40px; }}
QFrame[role="checkrow"] {{ background: white; border-bottom: 1px solid #dcdcdc; }}
QLabel[role="checkname"] {{ font-weight: bold; background: transparent; }}
QLabel[role="checkdetail"] {{ background: transparent; }}
QLabel[role="freeze"] {{
    font-size: 22px; font-weight: bold; padding: 10px 14px; border-radius: 8px;
    color: white; background: {theme.MUTED};
}}
QLabel[role="freeze"][state="frozen"] {{ background: {theme.DANGER}; }}
QLabel[role="freeze"][state="ok"] {{ background: {theme.ACCENT}; }}
QLabel[role="devicehead"] {{ font-size: 24px; font-weight: bold; color: {theme.ACCENT_DARK}; }}
"""


def touch_scroll(area: QScrollArea) -> QScrollArea:
    """A finger drag scrolls the area (a kiosk has no wheel); taps still reach the buttons."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class CheckRow(QFrame):
    """One check: a coloured status word, the check's name and its detail line."""

    def __init__(self, name: str, title: str) -> None:
        super().__init__()
        self.name = name
        self.setObjectName(f"diagnostics_row_{name}")
        self.setProperty("role", "checkrow")
        self.setMinimumHeight(ROW_MIN_PX)
        box = QHBoxLayout(self)
        box.setContentsMargins(10, 6, 10, 6)
        self.status = QLabel()
        self.status.setObjectName(f"diagnostics_status_{name}")
        self.status.setFixedWidth(STATUS_PX)
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title)
        self.title.setProperty("role", "checkname")
        self.title.setWordWrap(True)
        self.title.setFixedWidth(230)
        self.detail = QLabel()
        self.detail.setObjectName(f"diagnostics_detail_{name}")
        self.detail.setProperty("role", "checkdetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.status)
        box.addWidget(self.title)
        box.addWidget(self.detail, 1)

    def show_check(self, status: str, status_text: str, detail: str) -> None:
        colour = _STATUS_COLOURS.get(status, theme.MUTED)
        self.status.setText(status_text)
        self.status.setStyleSheet(
            f"background: {colour}; color: white; font-weight: bold; "
            f"border-radius: 6px; padding: 6px 2px; font-size: {TEXT_PX}px;"
        )
        # Paths and URLs are long unbroken "words": let them wrap after each slash.
        self.detail.setText(detail.replace("/", "/\u200b"))
        self.check_status = status


class CheckList(QScrollArea):
    """The rows, in the order given; scrolls inside the screen when longer than it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("diagnostics_checks")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self._box = QVBoxLayout(inner)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(0)
        self._box.addStretch(1)
        self.setWidget(inner)
        touch_scroll(self)
        self.rows: dict[str, CheckRow] = {}

    def row(self, name: str, title: str) -> CheckRow:
        if name not in self.rows:
            row = CheckRow(name, title)
            self._box.insertWidget(self._box.count() - 1, row)
            self.rows[name] = row
        return self.rows[name]

    def order(self, names: list[str]) -> None:
        """Put the rows in this order (rows not named keep their place after them)."""
        for i, name in enumerate(n for n in names if n in self.rows):
            self._box.removeWidget(self.rows[name])
            self._box.insertWidget(i, self.rows[name])

    def names(self) -> list[str]:
        out = []
        for i in range(self._box.count()):
            item = self._box.itemAt(i)
            w = item.widget() if item is not None else None
            if isinstance(w, CheckRow):
                out.append(w.name)
        return out


def freeze_text(
    check: dict[str, Any] | None, title_frozen: str, title_ok: str, title_unknown: str
) -> tuple[str, str]:
    """(state, text) of the freeze box for the freeze check (None: not known yet)."""
    if check is None:
        return "unknown", title_unknown
    reasons = check.get("info", {}).get("reasons") or []
    if check.get("info", {}).get("frozen"):
        return "frozen", title_frozen + "".join(f"\n• {r}" for r in reasons)
    if check.get("status") == "error":
        return "frozen", f"{title_unknown}\n• {check.get('detail', '')}"
    return "ok", title_ok
