"""The link and call buttons of the "New template" form: up to two links (text, address, and
an example when the address ends in `{{1}}`) and one call button (text, number).

Rows left empty are not part of the draft; a row half filled is, so the domain names what is
missing (`template_draft.problems`) instead of the form dropping it silently.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QWidget

from app.domain.template_draft import MAX_BUTTON_CHARS, MAX_EXAMPLE_CHARS, DraftProblem
from app.domain.template_parts import (
    FIRST_VARIABLE,
    MAX_PHONE_CHARS,
    MAX_URL_BUTTONS,
    MAX_URL_CHARS,
    PhoneButton,
    UrlButton,
)


class LinkRow:
    """One link button's three fields."""

    def __init__(self, parent: QWidget) -> None:
        self.text = _line(parent, MAX_BUTTON_CHARS)
        self.url = _line(parent, MAX_URL_CHARS)
        self.example = _line(parent, MAX_EXAMPLE_CHARS)

    def fields(self) -> tuple[QLineEdit, QLineEdit, QLineEdit]:
        return self.text, self.url, self.example

    def button(self) -> UrlButton | None:
        """The button, None while the row is empty."""
        text, url = self.text.text().strip(), self.url.text().strip()
        if not text and not url:
            return None
        example = self.example.text() if url.endswith(FIRST_VARIABLE) else ""
        return UrlButton(text, url, example)


class TemplateButtons(QWidget):
    """Link and call buttons, laid out as a small grid under the quick replies."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.links = [LinkRow(self) for _ in range(MAX_URL_BUTTONS)]
        self.call_text = _line(self, MAX_BUTTON_CHARS)
        self.call_number = _line(self, MAX_PHONE_CHARS)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, link in enumerate(self.links):
            link.text.setPlaceholderText(self.tr("Link text"))
            link.url.setPlaceholderText(self.tr("https://example.com/track/{{1}}"))
            link.example.setPlaceholderText(self.tr("Example for {{1}}"))
            for column, field in enumerate(link.fields()):
                grid.addWidget(field, row, column)
        self.call_text.setPlaceholderText(self.tr("Call button text"))
        self.call_number.setPlaceholderText(self.tr("+4930123456"))
        grid.addWidget(self.call_text, MAX_URL_BUTTONS, 0)
        grid.addWidget(self.call_number, MAX_URL_BUTTONS, 1)
        for column, stretch in enumerate((2, 4, 2)):  # the address needs the room
            grid.setColumnStretch(column, stretch)
        for field in self._all_fields():
            field.textChanged.connect(self._changed)
        self._changed()

    def _all_fields(self) -> list[QLineEdit]:
        return [f for link in self.links for f in link.fields()] + [
            self.call_text,
            self.call_number,
        ]

    def _changed(self) -> None:
        for link in self.links:
            # The example matters only for an address ending in {{1}}; greyed out otherwise.
            link.example.setEnabled(link.url.text().strip().endswith(FIRST_VARIABLE))
        self.changed.emit()

    def link_buttons(self) -> tuple[UrlButton, ...]:
        return tuple(b for b in (link.button() for link in self.links) if b is not None)

    def call(self) -> PhoneButton | None:
        """The call button, None while both its fields are empty."""
        text = self.call_text.text().strip()
        number = "".join(self.call_number.text().split())  # "+49 30 123456" as Meta wants it
        return PhoneButton(text, number) if text or number else None

    def focus(self, problem: DraftProblem) -> bool:
        """Put the cursor where `problem` is fixed; False if it is not about these buttons."""
        targets = {
            DraftProblem.LINK_TEXT: [link.text for link in self.links],
            DraftProblem.LINK_ADDRESS: [link.url for link in self.links],
            DraftProblem.LINK_EXAMPLE_MISSING: [link.example for link in self.links],
            DraftProblem.CALL_TEXT: [self.call_text],
            DraftProblem.CALL_NUMBER: [self.call_number],
        }
        fields = targets.get(problem)
        if fields is None:
            return False
        chosen = next((f for f in fields if f.isEnabled() and not f.text().strip()), fields[0])
        chosen.setFocus()
        return True


def _line(parent: QWidget, max_chars: int) -> QLineEdit:
    line = QLineEdit(parent)
    line.setMaxLength(max_chars)
    return line
