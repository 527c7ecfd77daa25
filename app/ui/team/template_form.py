"""The "New template" form: name, language, category, an optional title (a text header with
at most one `{{1}}`), the body with `{{1}}` variables and an example for each, an optional
footer, up to three quick replies, two link buttons and a call button, a live preview, and
Meta's answer. Picture, video and document titles are not offered: Meta needs the file
uploaded first, which the desk does not do.

The rules are the domain's (`template_draft.problems`); the form only words them. Sending
runs off the UI thread (`spawn`); the dialog shows "submitted" or Meta's refusal, and the
manager's list shows the new template as waiting for review.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError, TemplateDraftInvalid, TemplateRefused
from app.domain.template_draft import (
    CATEGORIES,
    MAX_BUTTON_CHARS,
    MAX_EXAMPLE_CHARS,
    MAX_QUICK_REPLIES,
    DraftProblem,
    TemplateDraft,
    header_preview,
    preview,
    problems,
    variable_count,
)
from app.domain.template_parts import FIRST_VARIABLE, MAX_FOOTER_CHARS, MAX_HEADER_CHARS
from app.services.team_api import Submission, TeamAdmin
from app.ui import wording
from app.ui.bridge import spawn
from app.ui.team.template_buttons import TemplateButtons
from app.ui.team.template_words import category_word, problem_sentence, refusal_sentence

log = logging.getLogger(__name__)

LANGUAGES = ("en_US", "en_GB", "de", "fr", "es", "it", "nl", "pt_BR", "tr")
"""Meta's codes offered first; any other code may be typed."""
MAX_EXAMPLES_SHOWN = 10
"""Example fields the form offers (a body with more variables is rare and still refused
clearly: the missing examples are named)."""


class TemplateForm(QDialog):
    """Writes one new template and sends it to Meta through the gateway."""

    def __init__(self, team: TeamAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.setWindowTitle(self.tr("New template"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("order_ready"))
        self.language = QComboBox(self)
        self.language.setEditable(True)
        self.language.addItems(LANGUAGES)
        self.category = QComboBox(self)
        for category in CATEGORIES:
            self.category.addItem(category_word(category), category)
        self.category.setCurrentIndex(CATEGORIES.index("UTILITY"))
        self.header = self._line(MAX_HEADER_CHARS)
        self.header.setPlaceholderText(self.tr("optional, such as: Order {{1}}"))
        self.header_example = self._line(MAX_EXAMPLE_CHARS)
        self.footer = self._line(MAX_FOOTER_CHARS)
        self.footer.setPlaceholderText(self.tr("optional, without variables"))
        self.buttons = TemplateButtons(self)
        self.body = QPlainTextEdit(self)
        self.body.setPlaceholderText(self.tr("Hello {{1}}, your order {{2}} is ready."))
        self.body.setTabChangesFocus(True)
        self.body.setMaximumHeight(110)  # Meta's 1,024 characters fit; the preview stays in view
        self.examples = [self._line(MAX_EXAMPLE_CHARS) for _ in range(MAX_EXAMPLES_SHOWN)]
        self.replies = [self._line(MAX_BUTTON_CHARS) for _ in range(MAX_QUICK_REPLIES)]
        self.preview = QLabel(self)
        self.preview.setObjectName("TemplatePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)  # what the admin typed is no markup
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setMargin(8)
        # Minimum: the dialog grows with the preview rather than cutting its last lines off.
        self.preview.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.problems = QLabel(self)
        self.problems.setObjectName("ErrorText")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        self.submit = QPushButton(self.tr("&Submit to Meta"), self)
        self.submit.setDefault(True)
        self._layout()
        for signal in (self.name.textChanged, self.language.currentTextChanged):
            signal.connect(self._changed)
        self.body.textChanged.connect(self._changed)
        self.category.currentIndexChanged.connect(self._changed)
        for field in (*self.examples, *self.replies, self.header, self.header_example, self.footer):
            field.textChanged.connect(self._changed)
        self.buttons.changed.connect(self._changed)
        self.submit.clicked.connect(self.send)
        self._tried = False
        self.sending = False
        self.answered = 0
        """How many answers the form has shown (tests wait on it)."""
        self._changed()

    def _line(self, max_chars: int) -> QLineEdit:
        line = QLineEdit(self)
        line.setMaxLength(max_chars)
        return line

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.tr("&Category:"), self.category)
        form.addRow(self.tr("&Title:"), self.header)
        self.header_example_label = QLabel(self.tr("Example for the title's {{1}}:"), self)
        self.header_example_label.setBuddy(self.header_example)
        form.addRow(self.header_example_label, self.header_example)
        form.addRow(self.tr("&Message:"), self.body)
        self.example_labels: list[QLabel] = []
        for n, field in enumerate(self.examples, start=1):
            label = QLabel(self.tr("Example for {{%1}}:").replace("%1", str(n)), self)
            label.setBuddy(field)
            form.addRow(label, field)
            self.example_labels.append(label)
        replies = QHBoxLayout()
        for field in self.replies:
            field.setPlaceholderText(self.tr("optional"))
            replies.addWidget(field)
        replies_label = QLabel(self.tr("&Quick replies:"), self)
        replies_label.setBuddy(self.replies[0])  # Alt+Q reaches the first of the three
        form.addRow(self.tr("&Footer:"), self.footer)
        form.addRow(replies_label, replies)
        links_label = QLabel(self.tr("Lin&ks and call:"), self)
        links_label.setBuddy(self.buttons.links[0].text)
        form.addRow(links_label, self.buttons)
        form.addRow(self.tr("Preview:"), self.preview)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.submit, QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.problems)
        column.addWidget(self.outcome)
        column.addStretch(1)
        column.addWidget(buttons)

    def draft(self) -> TemplateDraft:
        """What the form holds, as the domain checks it."""
        count = variable_count(self.body.toPlainText())
        return TemplateDraft(
            name=self.name.text().strip(),
            language=self.language.currentText().strip(),
            category=str(self.category.currentData()),
            body=self.body.toPlainText(),
            examples=tuple(f.text() for f in self.examples[:count]),
            quick_replies=tuple(f.text().strip() for f in self.replies if f.text().strip()),
            header=self.header.text().strip(),
            header_example=self.header_example.text() if self._header_has_variable() else "",
            footer=self.footer.text().strip(),
            links=self.buttons.link_buttons(),
            call=self.buttons.call(),
        )

    def _header_has_variable(self) -> bool:
        return FIRST_VARIABLE in self.header.text()

    def _changed(self) -> None:
        draft = self.draft()
        count = variable_count(draft.body)
        for n, (label, field) in enumerate(zip(self.example_labels, self.examples, strict=True)):
            label.setVisible(n < count)
            field.setVisible(n < count)
        self.header_example_label.setVisible(self._header_has_variable())
        self.header_example.setVisible(self._header_has_variable())
        self.preview.setText(self._preview(draft))
        if self._tried:
            self._show_problems(problems(draft))

    def _preview(self, draft: TemplateDraft) -> str:
        """Title, body, footer and buttons, each on its own line as the phone stacks them."""
        body = preview(draft) or self.tr("The message appears here as a customer reads it.")
        labels = [*draft.quick_replies, *(f"↗ {b.text}" for b in draft.links)]
        if draft.call is not None:
            labels.append(f"✆ {draft.call.text}")
        buttons = "  ".join(f"[ {label} ]" for label in labels)
        return "\n".join(p for p in (header_preview(draft), body, draft.footer, buttons) if p)

    def _show_problems(self, found: tuple[DraftProblem, ...]) -> None:
        self.problems.setText("\n".join(problem_sentence(p) for p in found))
        self.problems.setVisible(bool(found))

    def send(self) -> None:
        """Check the draft; if Meta may review it, send it off the UI thread."""
        if self.sending:
            return
        self._tried = True
        draft = self.draft()
        found = problems(draft)
        self._show_problems(found)
        if found:
            self._focus(found[0])
            return
        self.sending = True
        self.submit.setEnabled(False)
        self._say(self.tr("Sending the template to Meta…"), error=False)
        spawn(self, self._send(draft), name="create-template")

    def _focus(self, problem: DraftProblem) -> None:
        if self.buttons.focus(problem):
            return
        if problem.name.startswith("HEADER"):
            missing = problem is DraftProblem.HEADER_EXAMPLE_MISSING
            (self.header_example if missing else self.header).setFocus()
        elif problem.name.startswith("FOOTER"):
            self.footer.setFocus()
        elif problem is DraftProblem.TOO_MANY_LINKS:
            self.buttons.links[0].text.setFocus()
        elif problem.name.startswith("NAME"):
            self.name.setFocus()
        elif problem is DraftProblem.LANGUAGE_EMPTY:
            self.language.setFocus()
        elif problem is DraftProblem.EXAMPLE_MISSING:
            empty = (f for f in self.examples if f.isVisible() and not f.text().strip())
            next(empty, self.examples[0]).setFocus()
        elif problem in (DraftProblem.TOO_MANY_BUTTONS, DraftProblem.BUTTON_TEXT):
            self.replies[0].setFocus()
        else:
            self.body.setFocus()

    async def _send(self, draft: TemplateDraft) -> None:
        try:
            submission = await self.team.create_template(draft)
        except TemplateDraftInvalid as error:
            self._show_problems(tuple(p for p in error.problems if isinstance(p, DraftProblem)))
            self._answered(None)
            return
        except TemplateRefused as error:
            self._answered(refusal_sentence(error))
            return
        except SwitchboardError as error:
            log.warning("template not created: %s", error.code)
            self._answered(wording.describe_error(error))
            return
        if submission.state is Submission.SUBMITTED:
            text = self.tr(
                "Submitted. Meta reviews %1 now; the list shows it as waiting for review until "
                "Meta approves or rejects it, and you get a notice either way."
            ).replace("%1", draft.name)
        else:
            text = self.tr(
                "Sent. The gateway is not answering right now; it submits %1 to Meta when it "
                "is back."
            ).replace("%1", draft.name)
        self._say(text, error=False)
        self.sending = False
        self.answered += 1

    def _answered(self, error_text: str | None) -> None:
        if error_text is not None:
            self._say(error_text, error=True)
        else:
            self.outcome.hide()
        self.sending = False
        self.submit.setEnabled(True)
        self.answered += 1

    def _say(self, text: str, *, error: bool) -> None:
        self.outcome.setObjectName("ErrorText" if error else "Muted")
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)
        self.outcome.setText(text)
        self.outcome.show()
