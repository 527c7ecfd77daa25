"""Templates: the parameters an agent fills, the text the customer sees, what may be sent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.errors import PhoneNumberInvalid
from app.domain.outreach import normalise_phone, number_customer_id, started_by_number
from app.domain.templates import (
    ButtonKind,
    ParamFormat,
    Part,
    TemplateButtonDef,
    TemplateDef,
    TemplateParam,
    missing,
    placeholders,
    render,
    template_params,
    usable,
    values_for,
)

ORDER = TemplateDef(
    "order_update",
    "en_US",
    "UTILITY",
    "APPROVED",
    ParamFormat.POSITIONAL,
    "TEXT",
    "Order {{1}}",
    "Hi {{2}}, order {{1}} ships {{10}}. Thanks, {{2}}!",
    "Acme",
    (
        TemplateButtonDef(ButtonKind.QUICK_REPLY, "Stop"),
        TemplateButtonDef(ButtonKind.URL, "Track", "https://t.example/{{1}}"),
    ),
)
NAMED = TemplateDef(
    "welcome", "de", "MARKETING", "APPROVED", ParamFormat.NAMED, "", "",
    "Hallo {{first_name}}, {{ discount }} Rabatt!", "", (),
)  # fmt: skip


def test_placeholders_come_once_in_order_of_first_use() -> None:
    assert placeholders("{{b}} {{a}} {{ b }} {{1}}") == ("b", "a", "1")


def test_positional_parameters_are_filled_by_number_then_the_url_suffix() -> None:
    assert template_params(ORDER) == (
        TemplateParam(Part.HEADER, "1"),
        TemplateParam(Part.BODY, "1"),
        TemplateParam(Part.BODY, "2"),
        TemplateParam(Part.BODY, "10"),
        TemplateParam(Part.BUTTON, "1", 1),
    )


def test_named_parameters_keep_the_order_they_are_written_in() -> None:
    assert [p.key for p in template_params(NAMED)] == ["first_name", "discount"]


def test_the_customer_sees_the_values_in_place_and_blank_ones_as_written() -> None:
    given = {
        TemplateParam(Part.HEADER, "1"): "A-1042",
        TemplateParam(Part.BODY, "1"): "A-1042",
        TemplateParam(Part.BODY, "2"): " Lena ",
        TemplateParam(Part.BODY, "10"): "",
    }
    values = values_for(ORDER, given)
    shown = render(ORDER, values)
    assert shown.header == "Order A-1042"
    assert shown.body == "Hi Lena, order A-1042 ships {{10}}. Thanks, Lena!"
    assert shown.footer == "Acme"
    assert shown.buttons == ("Stop", "Track")
    assert missing(ORDER, values) == (
        TemplateParam(Part.BODY, "10"),
        TemplateParam(Part.BUTTON, "1", 1),
    )


def test_only_approved_templates_with_text_parameters_may_be_sent() -> None:
    assert usable(ORDER)
    assert usable(NAMED)
    assert not usable(replace(ORDER, status="PAUSED"))
    assert not usable(replace(ORDER, status="PENDING"))
    assert usable(replace(ORDER, status="FLAGGED"))
    assert not usable(replace(ORDER, header_format="IMAGE"))


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("+49 151 2345-6789", "4915123456789"),
        ("0049 (151) 23456789", "4915123456789"),
        ("14155550123", "14155550123"),
    ],
)
def test_numbers_in_international_format_are_read_as_wa_id_digits(typed: str, digits: str) -> None:
    assert normalise_phone(typed) == digits


@pytest.mark.parametrize("typed", ["0151 23456789", "+49 151", "+49 151 2345 6789 0123", "abc", ""])
def test_numbers_without_country_code_or_of_the_wrong_length_are_refused(typed: str) -> None:
    with pytest.raises(PhoneNumberInvalid):
        normalise_phone(typed)


def test_a_number_only_customer_id_cannot_be_a_bsuid() -> None:
    assert started_by_number(number_customer_id("4915123456789"))
    assert not started_by_number("DE.20481632641282565")
