"""Reading back-office requests: clear 400s for malformed bodies, 422s for what cannot be sent."""

from __future__ import annotations

import pytest

from app.domain.templates import ParamFormat, TemplateDef
from app.gateway.notify_request import (
    ApiError,
    TemplateChoice,
    parse_bulk,
    parse_json,
    parse_single,
    template_content,
)

ORDER = TemplateDef(
    "order_update",
    "en_US",
    "UTILITY",
    "APPROVED",
    ParamFormat.POSITIONAL,
    "",
    "",
    "Hi {{1}}, your order {{2}} is on its way.",
    "Acme",
)
PROMO = TemplateDef(
    "autumn_sale",
    "en_US",
    "MARKETING",
    "APPROVED",
    ParamFormat.NAMED,
    "",
    "",
    "Our {{season}} sale: {{discount}} off!",
    "",
)
PAUSED = TemplateDef(
    "old_news", "en_US", "MARKETING", "PAUSED", ParamFormat.POSITIONAL, "", "", "Hello", ""
)
CATALOGUE = (ORDER, PROMO, PAUSED)


def single(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "to": "+49 151 12345678",
        "template": {"name": "order_update", "language": "en_US", "parameters": ["Lena", "A-1"]},
        "idempotency_key": "order-A-1-shipped",
    }
    body.update(changes)
    return body


def refusal(call: object, *args: object) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


def test_a_good_request_is_read_with_the_number_as_digits() -> None:
    request = parse_single(single())
    assert request.to == "4915112345678"
    assert request.template == TemplateChoice("order_update", "en_US")
    assert request.parameters == ("Lena", "A-1")
    assert request.idempotency_key == "order-A-1-shipped"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ([], "The body must be a JSON object."),
        (single(to="call me"), "'to' must be a phone number"),
        (single(template="order_update"), "'template' must be a JSON object."),
        (single(template={"name": "x"}), "'template.language' must be a language code"),
        (single(idempotency_key=""), "'idempotency_key' must be 1 to 255"),
        (single(idempotency_key="has space"), "'idempotency_key' must be 1 to 255"),
        (
            single(template={"name": "x", "language": "en", "parameters": [1]}),
            "'template.parameters' must hold texts",
        ),
    ],
)
def test_a_malformed_body_gets_400_naming_the_field(body: object, words: str) -> None:
    error = refusal(parse_single, body)
    assert (error.status, error.code) == (400, "invalid_request")
    assert error.message.startswith(words)


def test_a_body_that_is_not_json_gets_400() -> None:
    assert refusal(parse_json, b"{nope").code == "invalid_json"


def test_an_unknown_or_paused_template_gets_422() -> None:
    for name in ("no_such", "old_news"):
        error = refusal(template_content, CATALOGUE, TemplateChoice(name, "en_US"), ())
        assert (error.status, error.code) == (422, "template_not_approved")


def test_positional_parameters_fill_the_template_in_order() -> None:
    content, category = template_content(
        CATALOGUE, TemplateChoice("order_update", "en_US"), ("Lena", "A-1")
    )
    assert content.rendered.body == "Hi Lena, your order A-1 is on its way."
    assert category == "utility"


def test_named_parameters_fill_by_name() -> None:
    given = (("discount", "20%"), ("season", "autumn"))
    content, category = template_content(CATALOGUE, TemplateChoice("autumn_sale", "en_US"), given)
    assert content.rendered.body == "Our autumn sale: 20% off!"
    assert category == "marketing"


def test_missing_or_extra_parameters_get_422() -> None:
    choice = TemplateChoice("order_update", "en_US")
    assert refusal(template_content, CATALOGUE, choice, ("Lena",)).message.endswith("2.")
    assert refusal(template_content, CATALOGUE, choice, ("a", "b", "c")).code == (
        "template_parameters"
    )
    named = TemplateChoice("autumn_sale", "en_US")
    assert "colour" in refusal(template_content, CATALOGUE, named, (("colour", "x"),)).message


def test_a_bulk_request_reads_each_recipient_with_their_parameters() -> None:
    bulk = parse_bulk(
        {
            "template": {"name": "order_update", "language": "en_US"},
            "recipients": [
                {"to": "+4915100000001", "parameters": ["Ada", "1"]},
                {"to": "4915100000002", "parameters": ["Ben", "2"]},
            ],
            "idempotency_key": "batch-7",
        }
    )
    assert [(r.to, r.parameters) for r in bulk.recipients] == [
        ("4915100000001", ("Ada", "1")),
        ("4915100000002", ("Ben", "2")),
    ]


def test_a_bulk_request_names_the_recipient_at_fault() -> None:
    body = {
        "template": {"name": "order_update", "language": "en_US"},
        "recipients": [{"to": "+4915100000001"}, {"to": "x"}],
        "idempotency_key": "batch-7",
    }
    assert refusal(parse_bulk, body).message.startswith("'recipients[1].to'")
    assert refusal(parse_bulk, {**body, "recipients": []}).message.startswith("'recipients'")


def test_the_same_request_has_the_same_digest_and_another_does_not() -> None:
    assert parse_single(single()).digest() == parse_single(single()).digest()
    assert parse_single(single()).digest() != parse_single(single(to="+4915100000009")).digest()
