"""Keys an open popup list (the @mention names) takes from the text box it completes."""

from __future__ import annotations

from PySide6.QtCore import Qt

POPUP_KEYS = frozenset(
    {Qt.Key.Key_Enter, Qt.Key.Key_Return, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab}
)
"""Enter and Tab pick the highlighted entry, Escape closes the list: none reaches the box."""
