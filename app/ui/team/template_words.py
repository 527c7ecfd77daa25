"""Words for the template manager (context "templates"): Meta's statuses, quality scores and
categories, and what each broken rule of a new template asks the admin to fix."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.admin_notice import CREATION_NO_ACCOUNT, CREATION_UNREACHABLE
from app.domain.errors import TemplateRefused
from app.domain.template_draft import MAX_BUTTON_CHARS, MAX_QUICK_REPLIES, DraftProblem
from app.domain.template_parts import (
    MAX_ALL_BUTTONS,
    MAX_FOOTER_CHARS,
    MAX_HEADER_CHARS,
    MAX_URL_BUTTONS,
    MAX_URL_CHARS,
)


def tr(text: str) -> str:
    """Translate `text` in the "templates" context."""
    return QCoreApplication.translate("templates", text)


def status_word(status: str) -> str:
    words = {
        "APPROVED": tr("Approved"),
        "PENDING": tr("Waiting for review"),
        "REJECTED": tr("Rejected"),
        "PAUSED": tr("Paused"),
        "DISABLED": tr("Disabled"),
        "FLAGGED": tr("Flagged"),
        "IN_APPEAL": tr("In appeal"),
        "PENDING_DELETION": tr("Being deleted"),
        "ARCHIVED": tr("Archived"),
    }
    return words.get(status, status)


def quality_word(score: str) -> str:
    words = {"GREEN": tr("High"), "YELLOW": tr("Medium"), "RED": tr("Low")}
    return words.get(score, tr("Not rated yet"))


def category_word(category: str) -> str:
    words = {
        "MARKETING": tr("Marketing"),
        "UTILITY": tr("Utility"),
        "AUTHENTICATION": tr("Authentication"),
    }
    return words.get(category, category)


def problem_sentence(problem: DraftProblem) -> str:
    """One sentence saying what to fix."""
    words = {
        DraftProblem.NAME_EMPTY: tr("Give the template a name."),
        DraftProblem.NAME_CHARACTERS: tr(
            "Use only lowercase letters, digits and underscores in the name, such as order_ready."
        ),
        DraftProblem.NAME_TOO_LONG: tr("Shorten the name to 512 characters."),
        DraftProblem.LANGUAGE_EMPTY: tr("Choose the template's language."),
        DraftProblem.CATEGORY_UNKNOWN: tr("Choose a category."),
        DraftProblem.BODY_EMPTY: tr("Write the message text."),
        DraftProblem.BODY_TOO_LONG: tr("Shorten the message text to 1,024 characters."),
        DraftProblem.VARIABLES_NOT_IN_ORDER: tr(
            "Number the variables {{1}}, {{2}} and so on, without gaps."
        ),
        DraftProblem.EXAMPLE_MISSING: tr("Give an example for every variable: Meta reviews them."),
        DraftProblem.TOO_MANY_BUTTONS: tr("Use at most %1 quick replies and %2 buttons in all.")
        .replace("%1", str(MAX_QUICK_REPLIES))
        .replace("%2", str(MAX_ALL_BUTTONS)),
        DraftProblem.BUTTON_TEXT: tr("Keep each quick reply between 1 and %1 characters.").replace(
            "%1", str(MAX_BUTTON_CHARS)
        ),
    }
    words |= _part_sentences()
    return words[problem]


def _part_sentences() -> dict[DraftProblem, str]:
    """The header's, footer's and link and call buttons' rules."""
    return {
        DraftProblem.HEADER_TOO_LONG: tr("Shorten the title to %1 characters.").replace(
            "%1", str(MAX_HEADER_CHARS)
        ),
        DraftProblem.HEADER_VARIABLES: tr("The title can hold one variable only, and it is {{1}}."),
        DraftProblem.HEADER_EXAMPLE_MISSING: tr("Give an example for the title's {{1}}."),
        DraftProblem.FOOTER_TOO_LONG: tr("Shorten the footer to %1 characters.").replace(
            "%1", str(MAX_FOOTER_CHARS)
        ),
        DraftProblem.FOOTER_VARIABLES: tr(
            "Remove the variables from the footer: Meta allows none."
        ),
        DraftProblem.TOO_MANY_LINKS: tr("Use at most %1 link buttons.").replace(
            "%1", str(MAX_URL_BUTTONS)
        ),
        DraftProblem.LINK_TEXT: tr(
            "Keep each link button's text between 1 and %1 characters."
        ).replace("%1", str(MAX_BUTTON_CHARS)),
        DraftProblem.LINK_ADDRESS: tr(
            "Give each link a web address starting with https:// (at most %1 characters); "
            "a variable may only be {{1}} at its very end."
        ).replace("%1", str(MAX_URL_CHARS)),
        DraftProblem.LINK_EXAMPLE_MISSING: tr(
            "Give an example for the {{1}} at the end of each link."
        ),
        DraftProblem.CALL_TEXT: tr(
            "Keep the call button's text between 1 and %1 characters."
        ).replace("%1", str(MAX_BUTTON_CHARS)),
        DraftProblem.CALL_NUMBER: tr(
            "Give the call button's number with its country code, such as +4930123456."
        ),
    }


def refusal_sentence(error: TemplateRefused) -> str:
    """Meta's refusal in its own words, or why the gateway could not ask Meta."""
    if error.title == CREATION_UNREACHABLE:
        return tr("Meta could not be reached, so the template was not created. Try again later.")
    if error.title == CREATION_NO_ACCOUNT:
        return tr("Connect the WhatsApp number first, then create templates.")
    said = error.title if not error.message else f"{error.title}: {error.message}"
    return tr("Meta refused the template: %1").replace("%1", said)
