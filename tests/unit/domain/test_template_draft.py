"""A new template's rules, checked on the desk as Meta checks them (cloud-api.md §17)."""

from __future__ import annotations

import pytest

from app.domain.template_draft import (
    DraftProblem,
    TemplateDraft,
    header_preview,
    preview,
    problems,
)
from app.domain.template_parts import PhoneButton, UrlButton

LINK = UrlButton("Track", "https://track.example.com/{{1}}", "A-1042")
GOOD = TemplateDraft("parcel_ready", "en_US", "UTILITY", "Hi {{1}}, parcel {{2}}.", ("Lena", "A-1"))


def test_a_good_draft_has_no_problems_and_previews_with_its_examples() -> None:
    assert problems(GOOD) == ()
    assert preview(GOOD) == "Hi Lena, parcel A-1."


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"name": ""}, DraftProblem.NAME_EMPTY),
        ({"name": "Parcel Ready"}, DraftProblem.NAME_CHARACTERS),
        ({"name": "x" * 513}, DraftProblem.NAME_TOO_LONG),
        ({"language": " "}, DraftProblem.LANGUAGE_EMPTY),
        ({"category": "PROMO"}, DraftProblem.CATEGORY_UNKNOWN),
        ({"body": "  "}, DraftProblem.BODY_EMPTY),
        ({"body": "x" * 1025, "examples": ()}, DraftProblem.BODY_TOO_LONG),
        (
            {"body": "Hi {{1}} {{3}}", "examples": ("a", "b", "c")},
            DraftProblem.VARIABLES_NOT_IN_ORDER,
        ),
        ({"examples": ("Lena", " ")}, DraftProblem.EXAMPLE_MISSING),
        ({"examples": ("Lena",)}, DraftProblem.EXAMPLE_MISSING),
        ({"quick_replies": ("a", "b", "c", "d")}, DraftProblem.TOO_MANY_BUTTONS),
        ({"quick_replies": ("x" * 26,)}, DraftProblem.BUTTON_TEXT),
        ({"header": "x" * 61}, DraftProblem.HEADER_TOO_LONG),
        ({"header": "{{1}} and {{2}}"}, DraftProblem.HEADER_VARIABLES),
        ({"header": "Order {{2}}", "header_example": "A-1"}, DraftProblem.HEADER_VARIABLES),
        ({"header": "Order {{1}}"}, DraftProblem.HEADER_EXAMPLE_MISSING),
        ({"footer": "x" * 61}, DraftProblem.FOOTER_TOO_LONG),
        ({"footer": "Bye {{1}}"}, DraftProblem.FOOTER_VARIABLES),
        ({"links": (LINK,) * 3}, DraftProblem.TOO_MANY_LINKS),
        ({"links": (UrlButton(" ", "https://a.example"),)}, DraftProblem.LINK_TEXT),
        ({"links": (UrlButton("Go", "example.com/x"),)}, DraftProblem.LINK_ADDRESS),
        (
            {"links": (UrlButton("Go", "https://a.example/{{1}}/x", "7"),)},
            DraftProblem.LINK_ADDRESS,
        ),
        ({"links": (UrlButton("Go", "https://a.example/{{2}}", "7"),)}, DraftProblem.LINK_ADDRESS),
        (
            {"links": (UrlButton("Go", "https://a.example/" + "x" * 2000),)},
            DraftProblem.LINK_ADDRESS,
        ),
        (
            {"links": (UrlButton("Go", "https://a.example/{{1}}"),)},
            DraftProblem.LINK_EXAMPLE_MISSING,
        ),
        ({"call": PhoneButton("", "+4930123456")}, DraftProblem.CALL_TEXT),
        ({"call": PhoneButton("Call", "030 123456")}, DraftProblem.CALL_NUMBER),
        ({"call": PhoneButton("Call", "+49" + "1" * 18)}, DraftProblem.CALL_NUMBER),
    ],
)
def test_each_rule_meta_checks_is_named(changes: dict[str, object], problem: DraftProblem) -> None:
    draft = TemplateDraft(**{**_fields(GOOD), **changes})  # type: ignore[arg-type]
    assert problem in problems(draft)


def test_every_part_within_metas_limits_has_no_problems() -> None:
    full = TemplateDraft(
        **{
            **_fields(GOOD),
            "header": "Parcel {{1}}",
            "header_example": "A-1042",
            "footer": "Acme Support",
            "links": (LINK, UrlButton("Help", "https://example.com/help")),
            "call": PhoneButton("Call us", "+4930123456"),
            "quick_replies": ("Thanks",),
        }  # type: ignore[arg-type]
    )
    assert problems(full) == ()
    assert header_preview(full) == "Parcel A-1042"


def test_a_variable_without_an_example_stays_visible_in_the_preview() -> None:
    assert preview(TemplateDraft("a", "de", "UTILITY", "Hallo {{1}}")) == "Hallo {{1}}"


def _fields(draft: TemplateDraft) -> dict[str, object]:
    return {name: getattr(draft, name) for name in TemplateDraft.__slots__}
