"""The kiosk's look: one style sheet, scaled to the display. Big type and touch targets, high
contrast, one accent colour, a visible focus ring. Widgets pick a role with the ``role`` dynamic
property.

Sizes are written for a 1280x800 display and multiplied by :func:`scale_for` of the window's
size (a 1024x600 kiosk gets smaller type, a 1920x1080 one larger), so every screen fits every
supported display; touch targets never go below :data:`MIN_TOUCH_PX`."""

from __future__ import annotations

ACCENT = "#0b6e4f"
ACCENT_DARK = "#08513a"
DANGER = "#b3261e"
INK = "#1b1b1b"
MUTED = "#5f6368"
PAPER = "#f7f7f5"

# DejaVu Sans / Noto Sans carry the Kazakh letters (ә ғ қ ң ө ұ ү һ і); see the Makefile.
FONT_FAMILIES = ["Noto Sans", "DejaVu Sans"]

FOCUS = "#f29900"  # amber: visible on white and on the accent green
MIN_TOUCH_PX = 48
REFERENCE = (1280, 800)  # the display the px values below were chosen for


def scale_for(width: int, height: int) -> float:
    """The factor for a window of this size: the tighter of its width and height against the
    reference display (turned on its side for a portrait window, so that a floor-standing
    1080x1920 kiosk gets type as large as a 1920x1080 one), rounded (so small resizes do not
    restyle) and bounded."""
    ref_w, ref_h = REFERENCE if width >= height else REFERENCE[::-1]
    factor = min(width / ref_w, height / ref_h)
    return round(min(max(factor, 0.6), 2.0), 2)


def style(scale: float = 1.0) -> str:
    """The style sheet at ``scale``."""

    def px(value: int) -> int:
        return max(1, round(value * scale))

    def touch(value: int) -> int:
        return max(MIN_TOUCH_PX, px(value))

    return f"""
QWidget {{
    background: {PAPER};
    color: {INK};
    font-size: {px(22)}px;
}}
QLabel[role="title"] {{
    font-size: {px(40)}px;
    font-weight: bold;
}}
QLabel[role="subtitle"] {{
    font-size: {px(26)}px;
    color: {MUTED};
}}
QLabel[role="prompt"] {{
    font-size: {px(44)}px;
    font-weight: bold;
    color: {ACCENT_DARK};
}}
QLabel[role="problem"] {{
    font-size: {px(24)}px;
    color: {DANGER};
}}
QLabel[role="notice"] {{
    font-size: {px(24)}px;
    color: {DANGER};
    font-weight: bold;
}}
QLabel[role="small"] {{
    font-size: {px(19)}px;
    color: {MUTED};
}}
QLabel[role="banner"] {{
    background: {DANGER};
    color: white;
    padding: {px(12)}px;
    font-size: {px(22)}px;
}}
QPushButton {{
    min-height: {touch(72)}px;
    min-width: {px(160)}px;
    padding: {px(8)}px {px(28)}px;
    border-radius: {px(12)}px;
    border: {max(3, px(4))}px solid {ACCENT};
    background: white;
    color: {ACCENT_DARK};
    font-size: {px(26)}px;
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
    min-height: {touch(120)}px;
    min-width: {px(180)}px;
    padding: {px(8)}px {px(12)}px;
    font-size: {px(34)}px;
}}
QPushButton[role="discreet"] {{
    min-height: {px(32)}px;
    min-width: {px(32)}px;
    padding: {px(0)}px;
    border: none;
    background: transparent;
    color: #c8c8c8;
    font-size: {px(18)}px;
}}
QPushButton[role="tech"] {{
    min-height: {touch(48)}px;
    min-width: {px(0)}px;
    padding: {px(4)}px {px(14)}px;
    font-size: {px(18)}px;
}}
QPushButton:disabled {{
    border-color: #c8c8c8;
    color: #a0a0a0;
    background: #ececec;
}}
QLineEdit {{
    min-height: {touch(64)}px;
    font-size: {px(30)}px;
    padding: {px(4)}px {px(12)}px;
    border: {px(2)}px solid {MUTED};
    border-radius: {px(8)}px;
    background: white;
}}
QLineEdit[role="compact"] {{
    min-height: {px(40)}px;
    font-size: {px(20)}px;
}}
QLineEdit:focus {{
    border: {px(4)}px solid {FOCUS};
}}
QPushButton:focus {{
    border-color: {FOCUS};
}}
QLabel[role="title_refused"] {{
    font-size: {px(40)}px;
    font-weight: bold;
    color: {DANGER};
}}
QLabel[role="reference"] {{
    font-size: {px(52)}px;
    font-weight: bold;
    color: {INK};
}}
QLabel[role="reminder"] {{
    font-size: {px(28)}px;
    font-weight: bold;
    color: {INK};
    background: #fff1cc;
    border: {px(2)}px solid {FOCUS};
    border-radius: {px(12)}px;
    padding: {px(10)}px;
}}
QLabel[role="countdown"] {{
    font-size: {px(72)}px;
    font-weight: bold;
    color: {ACCENT_DARK};
}}
QWidget[role="overlay"] {{
    background: rgba(0, 0, 0, 140);
}}
QFrame[role="dialog"] {{
    background: {PAPER};
    border: {px(3)}px solid {ACCENT};
    border-radius: {px(16)}px;
}}
QScrollBar:vertical {{
    width: {px(22)}px;
    background: #e6e6e3;
    border: none;
    margin: 0px;
}}
QScrollBar::handle:vertical {{
    background: #9aa0a6;
    min-height: {px(48)}px;
    border-radius: {px(8)}px;
    margin: {px(3)}px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{
    height: 0px;
    border: none;
    background: none;
}}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{
    background: none;
}}
QProgressBar {{
    min-height: {px(24)}px;
    border: {px(1)}px solid {MUTED};
    border-radius: {px(6)}px;
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
    font-size: {px(14)}px;
    font-family: monospace;
}}
"""


STYLE = style(1.0)
