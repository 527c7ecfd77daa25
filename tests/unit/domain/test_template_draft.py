"""A new template's rules, checked on the desk as Meta checks them (cloud-api.md §17)."""

from __future__ import annotations

import pytest

from app.domain.template_draft import DraftProblem, TemplateDraft, preview, problems

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
    ],
)
def test_each_rule_meta_checks_is_named(changes: dict[str, object], problem: DraftProblem) -> None:
    draft = TemplateDraft(**{**_fields(GOOD), **changes})  # type: ignore[arg-type]
    assert problem in problems(draft)


def test_a_variable_without_an_example_stays_visible_in_the_preview() -> None:
    assert preview(TemplateDraft("a", "de", "UTILITY", "Hallo {{1}}")) == "Hallo {{1}}"


def _fields(draft: TemplateDraft) -> dict[str, object]:
    return {name: getattr(draft, name) for name in TemplateDraft.__slots__}
