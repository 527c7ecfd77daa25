"""The desk's look: one palette, one font choice and one style sheet, applied once per app.

Delegates paint with the same colours through `COLORS`, so painted and styled parts match.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory


@dataclass(frozen=True, slots=True)
class Colors:
    """The palette, as hex strings usable both in style sheets and as `QColor`."""

    window: str = "#F2F4F5"
    surface: str = "#FFFFFF"
    chat: str = "#F7F8F8"
    header: str = "#103E37"
    header_text: str = "#FFFFFF"
    header_muted: str = "#9FC3BA"
    text: str = "#17201F"
    muted: str = "#677479"
    faint: str = "#98A3A8"
    border: str = "#E0E5E8"
    accent: str = "#178A6C"
    accent_hover: str = "#127459"
    accent_pressed: str = "#0E5E48"
    accent_soft: str = "#E1F2EB"
    hover: str = "#F3F6F7"
    inbound: str = "#ECEFF2"
    outbound: str = "#D5F2CB"
    tick: str = "#7D8B92"
    read: str = "#1E96E8"
    danger: str = "#D0453F"
    warning: str = "#B97A0C"
    warning_soft: str = "#FFF3D6"
    note: str = "#FFF1C2"
    """A private note's bubble: the yellow of a sticky note, unlike any message's."""
    badge: str = "#1FAF66"
    verified: str = "#1D9BF0"
    """WhatsApp's blue check (Official Business Account)."""
    online: str = "#35C47C"
    connecting: str = "#F0B429"
    offline: str = "#E5534B"


COLORS = Colors()

_AVATAR_COLORS = (
    "#E57373",
    "#F06292",
    "#BA68C8",
    "#7986CB",
    "#4FA3E0",
    "#4DB6AC",
    "#81B850",
    "#E0A93B",
    "#F08A50",
    "#A1887F",
)


def qcolor(hex_color: str) -> QColor:
    """A `QColor` from one of the `COLORS` strings."""
    return QColor(hex_color)


def avatar_color(key: str) -> QColor:
    """A stable, pleasant colour per customer or agent (same on every desk)."""
    digest = hashlib.blake2s(key.encode(), digest_size=2).digest()
    return QColor(_AVATAR_COLORS[int.from_bytes(digest, "big") % len(_AVATAR_COLORS)])


def _palette() -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    palette.setColor(role.Window, qcolor(COLORS.window))
    palette.setColor(role.WindowText, qcolor(COLORS.text))
    palette.setColor(role.Base, qcolor(COLORS.surface))
    palette.setColor(role.AlternateBase, qcolor(COLORS.hover))
    palette.setColor(role.Text, qcolor(COLORS.text))
    palette.setColor(role.PlaceholderText, qcolor(COLORS.faint))
    palette.setColor(role.Button, qcolor(COLORS.surface))
    palette.setColor(role.ButtonText, qcolor(COLORS.text))
    palette.setColor(role.Highlight, qcolor(COLORS.accent))
    palette.setColor(role.HighlightedText, qcolor(COLORS.header_text))
    palette.setColor(role.ToolTipBase, qcolor(COLORS.text))
    palette.setColor(role.ToolTipText, qcolor(COLORS.surface))
    palette.setColor(role.Link, qcolor(COLORS.accent))
    disabled = QPalette.ColorGroup.Disabled
    palette.setColor(disabled, role.Text, qcolor(COLORS.faint))
    palette.setColor(disabled, role.ButtonText, qcolor(COLORS.faint))
    palette.setColor(disabled, role.WindowText, qcolor(COLORS.faint))
    return palette


def _font() -> QFont:
    font = QFont(QApplication.font())
    # macOS and Windows bring good UI fonts; bare Linux images (CI, Xvfb) may default to a
    # bitmap or fallback face, so prefer DejaVu Sans there when fontconfig has it.
    if sys.platform.startswith("linux") and "DejaVu Sans" in QFontDatabase.families():
        font.setFamily("DejaVu Sans")
    font.setPointSizeF(9.5)
    return font


_STYLE = """
QMainWindow, QWidget#DeskCentral {{ background: {c.window}; }}
QToolTip {{ background: {c.text}; color: {c.surface}; border: none; padding: 5px 8px; }}
QSplitter::handle {{ background: {c.border}; }}
QStatusBar {{ background: {c.surface}; border-top: 1px solid {c.border}; color: {c.muted}; }}
QStatusBar QLabel#StatusText {{ padding: 2px 8px; }}
QStatusBar QLabel#StatusText[level="error"] {{ color: {c.danger}; }}
QStatusBar QLabel#StatusText[level="warning"] {{ color: {c.warning}; }}
QStatusBar QLabel#HubIntegrity, QStatusBar QLabel#LocalStore, QStatusBar QLabel#Gateway {{
    color: {c.danger}; font-weight: 600; padding: 2px 8px;
}}
QMenuBar {{ background: {c.header}; color: {c.header_muted}; }}
QMenuBar::item:selected {{ background: {c.accent_pressed}; color: {c.header_text}; }}
QMenu {{ background: {c.surface}; border: 1px solid {c.border}; padding: 4px; }}
QMenu::item {{ padding: 5px 24px 5px 12px; border-radius: 4px; }}
QMenu::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
QWidget#HeaderBar {{ background: {c.header}; }}
QWidget#HeaderBar QLabel {{ color: {c.header_text}; }}
QWidget#HeaderBar QLabel#Muted {{ color: {c.header_muted}; }}
QWidget#HeaderBar QLabel#Business {{ font-size: 12pt; font-weight: 600; }}
QWidget#HeaderBar QLabel#AwayTag {{
    color: #FFFFFF; background: {c.warning}; border-radius: 8px; padding: 1px 8px;
    font-weight: 600;
}}
QToolButton#HeaderMenu {{
    color: {c.header_text}; border: none; border-radius: 6px; font-size: 15pt; font-weight: 700;
    padding: 0 6px; min-width: 26px; min-height: 30px;
}}
QToolButton#HeaderMenu:hover, QToolButton#HeaderMenu:pressed {{ background: {c.accent_pressed}; }}
QToolButton#HeaderMenu::menu-indicator {{ image: none; width: 0; }}
QToolButton#AddLabel::menu-indicator, QToolButton#ConversationMenu::menu-indicator {{
    image: none; width: 0;
}}
QWidget#QueuePane, QWidget#ConversationHeader, QWidget#ComposerBar {{ background: {c.surface}; }}
QWidget#ConversationHeader {{ border-bottom: 1px solid {c.border}; }}
QWidget#ComposerBar {{ border-top: 1px solid {c.border}; }}
QWidget#EmptyPane {{ background: {c.chat}; }}
QLabel#Muted {{ color: {c.muted}; }}
QLabel#Title {{ font-size: 13pt; font-weight: 600; }}
QLabel#EmptyTitle {{ font-size: 13pt; color: {c.muted}; }}
QTabBar#QueueTabs {{ background: transparent; }}
QTabBar#QueueTabs::tab {{
    background: {c.hover}; color: {c.muted}; border: none; padding: 5px 8px; margin: 0 1px;
    border-radius: 12px;
}}
QTabBar#QueueTabs::tab:selected {{ background: {c.accent_soft}; color: {c.accent_pressed}; }}
QTabBar#QueueTabs::tab:hover:!selected {{ background: {c.border}; }}
QListView {{ border: none; outline: none; }}
QListView#QueueList {{ background: {c.surface}; }}
QListView#MessageList {{ background: {c.chat}; padding-bottom: 10px; }}
QPushButton {{
    border: 1px solid {c.border}; border-radius: 6px; padding: 6px 14px; background: {c.surface};
}}
QPushButton:hover {{ background: {c.hover}; }}
QPushButton#Primary {{ background: {c.accent}; color: white; border: none; font-weight: 600; }}
QPushButton#Primary:hover {{ background: {c.accent_hover}; }}
QPushButton#Primary:pressed {{ background: {c.accent_pressed}; }}
QPushButton#Primary:disabled {{ background: {c.border}; color: {c.muted}; }}
QPushButton#Assigned, QPushButton#Assigned:disabled {{
    background: {c.accent_soft}; color: {c.accent_pressed}; border: none; font-weight: 600;
    padding: 5px 10px; border-radius: 12px;
}}
QPushButton#Flat {{ border: none; background: transparent; padding: 2px 6px; color: {c.muted}; }}
QPlainTextEdit#Composer {{
    border: 1px solid {c.border}; border-radius: 10px; padding: 5px 6px; background: {c.surface};
}}
QPlainTextEdit#Composer:focus {{ border: 1px solid {c.accent}; }}
QPlainTextEdit#Composer:disabled {{ background: {c.hover}; }}
QWidget#ComposerBar[note="true"] {{ background: {c.warning_soft}; }}
QWidget#ComposerBar[note="true"] QPlainTextEdit#Composer {{
    background: {c.note}; border: 1px solid {c.warning};
}}
QWidget#ComposerBar[note="true"] QPlainTextEdit#Composer:focus {{ border: 1px solid {c.accent}; }}
QLabel#Counter {{ color: {c.muted}; }}
QToolButton#Attach {{ border: none; border-radius: 8px; padding: 6px; background: transparent; }}
QToolButton#Attach:hover {{ background: {c.hover}; }}
QToolButton#Attach:pressed {{ background: {c.border}; }}
QLabel#Counter[over="true"] {{ color: {c.danger}; font-weight: 600; }}
QFrame#Notice {{
    background: {c.warning_soft}; border: 1px solid #F1D592; border-radius: 8px;
}}
QFrame#Notice QLabel {{ color: #6B4A05; }}
QFrame#OptOutTag {{ background: {c.warning_soft}; border: 1px solid #F1D592; border-radius: 9px; }}
QFrame#OptOutTag QLabel {{ color: #6B4A05; font-size: 8pt; font-weight: 600; }}
QLabel#PageTitle {{ font-size: 15pt; font-weight: 600; }}
QLabel#ErrorText, QLabel[bad="true"] {{ color: {c.danger}; }}
QLabel#SasName {{ color: {c.muted}; font-weight: 600; }}
QLabel#SasDigits {{ font-size: 26pt; font-weight: 600; padding: 14px; }}
QLabel#InviteCode {{
    background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px; padding: 8px 12px;
}}
QCommandLinkButton#Choice {{
    background: {c.surface}; border: 1px solid {c.border}; border-radius: 10px; padding: 10px;
}}
QCommandLinkButton#Choice:hover, QCommandLinkButton#Choice:focus {{ border-color: {c.accent}; }}
QProgressBar {{ border: none; border-radius: 3px; background: {c.border}; }}
QProgressBar::chunk {{ border-radius: 3px; background: {c.accent}; }}
QTreeWidget#TeamTree {{ border: 1px solid {c.border}; border-radius: 6px; }}
QTreeWidget#TeamTree::item {{ padding: 4px 2px; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: #C5CDD1; border-radius: 3px; min-height: 30px; }}
QScrollBar::handle:vertical:hover {{ background: #AEB8BD; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""


def style_sheet() -> str:
    """The application style sheet, filled from `COLORS`."""
    return _STYLE.format(c=COLORS)


def apply_theme(app: QApplication) -> None:
    """Give `app` the Switchboard look; safe to call more than once."""
    if app.property("switchboard_theme"):
        return
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        # Fusion draws the same on every OS, so the palette and style sheet look as designed.
        app.setStyle(fusion)
    app.setPalette(_palette())
    app.setFont(_font())
    app.setStyleSheet(style_sheet())
    app.setProperty("switchboard_theme", True)
