"""The invite code field: typed in groups of four, formatted and checked as the user types.

Codes are 20 base32 characters (RFC 4648: A–Z and 2–7), shown as `ABCD-EFGH-IJKL-MNOP-QRST`.
Typing is forgiving (team-setup.md §3): lower case is raised, `0`, `1` and `8` are read as `O`,
`I` and `B`, and spaces and dashes are the user's business; the field puts its own dashes in.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLineEdit, QWidget

from app.services.team_api import INVITE_CODE_LENGTH

ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_LOOKALIKES = {"0": "O", "1": "I", "8": "B"}
_GROUP = 4
_SEPARATORS = frozenset(" -_.\t")


def normalise(text: str) -> tuple[str, bool]:
    """The code characters in `text`, and whether anything else had to be dropped.

    Separators are dropped silently; other strangers (a `9`, punctuation) are reported so the
    field can say that only letters and the digits 2–7 occur.
    """
    kept: list[str] = []
    strange = False
    for raw in text:
        char = _LOOKALIKES.get(raw, raw.upper())
        if char in ALPHABET:
            kept.append(char)
        elif raw not in _SEPARATORS:
            strange = True
    return "".join(kept), strange


def parse_join_link(text: str) -> tuple[str, str] | None:
    """The hub address and code of a pasted `switchboard:join?hub=…&code=…` link, if it is one."""
    text = text.strip()
    if not text.startswith("switchboard:join?"):
        return None
    query = parse_qs(urlsplit(text).query)
    hub, code = query.get("hub", [""])[0], query.get("code", [""])[0]
    return (hub, code) if hub and code else None


def grouped(code: str) -> str:
    """`ABCDEFGH…` as `ABCD-EFGH-…` (groups of four)."""
    return "-".join(code[i : i + _GROUP] for i in range(0, len(code), _GROUP))


class InviteCodeEdit(QLineEdit):
    """A line edit that keeps its text as a grouped invite code.

    Signals:
        code_changed(str): The normalised code (no dashes) changed.
        hub_pasted(str): A whole join link was pasted; this is its hub address.
    """

    code_changed = Signal(str)
    hub_pasted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CodeEdit")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 12.0))
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX")
        self.setMaxLength(INVITE_CODE_LENGTH + INVITE_CODE_LENGTH // _GROUP + 20)
        self.strange_input = False
        """The last edit contained characters that never occur in a code."""
        self._code = ""
        self.textEdited.connect(self._reformat)

    def code(self) -> str:
        """The code typed so far: upper case, no dashes, at most 20 characters."""
        return self._code

    def is_complete(self) -> bool:
        return len(self._code) == INVITE_CODE_LENGTH

    def set_code(self, text: str) -> None:
        """Replace the field's text (pasting a whole code, or tests)."""
        self._apply(text, None)

    def _reformat(self, text: str) -> None:
        # Keep the cursor after the same code character it followed before reformatting.
        before_cursor, _ = normalise(text[: self.cursorPosition()])
        self._apply(text, len(before_cursor))

    def _apply(self, text: str, cursor_chars: int | None) -> None:
        link = parse_join_link(text)
        if link is not None:
            hub, text = link
            cursor_chars = None
            self.hub_pasted.emit(hub)
        code, strange = normalise(text)
        code = code[:INVITE_CODE_LENGTH]
        changed = code != self._code or strange != self.strange_input
        # State first: listeners of textChanged read it while setText runs.
        self._code, self.strange_input = code, strange
        shown = grouped(code)
        if shown != self.text():
            self.setText(shown)
        chars = len(code) if cursor_chars is None else min(cursor_chars, len(code))
        self.setCursorPosition(_position_after(shown, chars))
        if changed:
            self.code_changed.emit(code)


def _position_after(shown: str, chars: int) -> int:
    """The text position just after the `chars`-th code character of `shown`."""
    if chars == 0:
        return 0
    seen = 0
    for position, char in enumerate(shown, start=1):
        if char != "-":
            seen += 1
            if seen == chars:
                return position
    return len(shown)
