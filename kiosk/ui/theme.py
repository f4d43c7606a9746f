"""The kiosk's look: one style sheet. Big type and touch targets (at least 72 px high), high
contrast, one accent colour. Widgets pick a role with the ``role`` dynamic property."""

from __future__ import annotations

ACCENT = "#0b6e4f"
ACCENT_DARK = "#08513a"
DANGER = "#b3261e"
INK = "#1b1b1b"
MUTED = "#5f6368"
PAPER = "#f7f7f5"

# DejaVu Sans / Noto Sans carry the Kazakh letters (ә ғ қ ң ө ұ ү һ і); see the Makefile.
FONT_FAMILIES = ["Noto Sans", "DejaVu Sans"]

STYLE = f"""
QWidget {{
    background: {PAPER};
    color: {INK};
    font-size: 22px;
}}
QLabel[role="title"] {{
    font-size: 40px;
    font-weight: bold;
}}
QLabel[role="subtitle"] {{
    font-size: 26px;
    color: {MUTED};
}}
QLabel[role="prompt"] {{
    font-size: 44px;
    font-weight: bold;
    color: {ACCENT_DARK};
}}
QLabel[role="problem"] {{
    font-size: 24px;
    color: {DANGER};
}}
QLabel[role="notice"] {{
    font-size: 24px;
    color: {DANGER};
    font-weight: bold;
}}
QLabel[role="small"] {{
    font-size: 16px;
    color: {MUTED};
}}
QLabel[role="banner"] {{
    background: {DANGER};
    color: white;
    padding: 12px;
    font-size: 22px;
}}
QPushButton {{
    min-height: 72px;
    min-width: 160px;
    padding: 8px 28px;
    border-radius: 12px;
    border: 2px solid {ACCENT};
    background: white;
    color: {ACCENT_DARK};
    font-size: 26px;
}}
QPushButton[role="primary"] {{
    background: {ACCENT};
    color: white;
    font-weight: bold;
}}
QPushButton[role="primary"]:pressed {{
    background: {ACCENT_DARK};
}}
QPushButton[role="cancel"] {{
    border-color: {MUTED};
    color: {MUTED};
}}
QPushButton[role="danger"] {{
    border-color: {DANGER};
    color: {DANGER};
}}
QPushButton[role="language"] {{
    min-height: 120px;
    min-width: 180px;
    padding: 8px 12px;
    font-size: 34px;
}}
QPushButton[role="discreet"] {{
    min-height: 32px;
    min-width: 32px;
    padding: 0px;
    border: none;
    background: transparent;
    color: #c8c8c8;
    font-size: 18px;
}}
QPushButton[role="tech"] {{
    min-height: 48px;
    min-width: 0px;
    padding: 4px 14px;
    font-size: 18px;
}}
QPushButton:disabled {{
    border-color: #c8c8c8;
    color: #a0a0a0;
    background: #ececec;
}}
QLineEdit {{
    min-height: 64px;
    font-size: 30px;
    padding: 4px 12px;
    border: 2px solid {MUTED};
    border-radius: 8px;
    background: white;
}}
QLineEdit[role="compact"] {{
    min-height: 40px;
    font-size: 20px;
}}
QLineEdit:focus {{
    border-color: {ACCENT};
}}
QProgressBar {{
    min-height: 24px;
    border: 1px solid {MUTED};
    border-radius: 6px;
    text-align: center;
    background: white;
}}
QProgressBar::chunk {{
    background: {ACCENT};
}}
QLabel[role="prompt"][fit="long"] {{
    font-size: 30px;
}}
QLabel[role="guidance"] {{
    font-size: 32px;
    font-weight: bold;
    border-radius: 12px;
    padding: 10px 14px;
}}
QLabel[role="guidance"][level="warn"] {{
    background: #fff1c2;
    color: #6b4200;
    border: 3px solid #f2a900;
}}
QLabel[role="guidance"][level="ok"] {{
    background: #e2f3e8;
    color: {ACCENT_DARK};
    border: 3px solid #2e9d5b;
}}
QLabel[role="guidance"][level="info"] {{
    color: {INK};
}}
QLabel[role="step_mark"] {{
    font-size: 28px;
    font-weight: bold;
    min-width: 48px;
    min-height: 48px;
    max-width: 48px;
    max-height: 48px;
    border-radius: 24px;
    border: 3px solid #c8c8c8;
    color: {MUTED};
}}
QLabel[role="step_mark"][state="current"] {{
    border-color: {ACCENT};
    color: {ACCENT_DARK};
}}
QLabel[role="step_mark"][state="done"] {{
    background: #2e9d5b;
    border-color: #2e9d5b;
    color: white;
}}
QPlainTextEdit, QListWidget, QTreeWidget {{
    background: white;
    font-size: 14px;
    font-family: monospace;
}}
"""
