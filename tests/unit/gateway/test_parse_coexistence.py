"""What the business's phone sends and its phone book (coexistence), read from odd payloads:
each bad item is skipped and named in Meta's words only, the good ones around it are kept."""

from __future__ import annotations

from typing import Any

from app.gateway.parse import parse_webhook
from app.log.events import ContactSync, PhoneEcho

from .payloads import CANARIES, CANARY_BODY, CANARY_NAME, CANARY_PHONE, envelope

LENA = {"profile": {"name": CANARY_NAME}, "wa_id": CANARY_PHONE, "user_id": "DE.1"}


def echo(wamid: str, **fields: Any) -> dict[str, Any]:
    item = {"from": "4930555000", "to": CANARY_PHONE, "to_user_id": "DE.1", "id": wamid}
    item.update({"timestamp": "1767301000", "type": "text", "text": {"body": CANARY_BODY}})
    item.update(fields)
    return item


def echoes(*items: dict[str, Any]) -> dict[str, Any]:
    value = {"messaging_product": "whatsapp", "contacts": [LENA], "message_echoes": list(items)}
    return envelope({"field": "smb_message_echoes", "value": value})


def state_sync(*items: dict[str, Any]) -> dict[str, Any]:
    value = {"messaging_product": "whatsapp", "state_sync": list(items)}
    return envelope({"field": "smb_app_state_sync", "value": value})


def contact(action: object, **contact: object) -> dict[str, Any]:
    return {
        "type": "contact",
        "action": action,
        "contact": contact,
        "metadata": {"timestamp": 1767302000},  # an integer, as Meta documents it
    }


def test_bad_echoes_are_skipped_in_metas_words_and_the_rest_kept() -> None:
    parsed = parse_webhook(
        echoes(
            echo("wamid.E1"),
            echo("wamid.E2", type=CANARY_BODY),
            echo("wamid.E3", type="reaction", reaction={"message_id": "wamid.X", "emoji": "👍"}),
            echo("wamid.E4", to=None, to_user_id=None),  # the value's only contact, then
            echo("wamid.E5", type="interactive", interactive={"type": "button"}),
            echo("wamid.E6"),
        )
    )
    kept = [e for e in parsed.events if isinstance(e, PhoneEcho)]
    assert [(e.wamid, e.customer_id) for e in kept] == [
        ("wamid.E1", "DE.1"),
        ("wamid.E4", "DE.1"),
        ("wamid.E6", "DE.1"),
    ]
    assert len(parsed.problems) == 3
    assert "echo type reaction not handled" in parsed.problems[1]
    for problem in parsed.problems:
        assert not any(canary in problem for canary in CANARIES)


def test_an_echo_names_the_customer_it_went_to_not_the_business() -> None:
    [event] = parse_webhook(echoes(echo("wamid.E1"))).events
    assert isinstance(event, PhoneEcho)
    assert (event.customer_id, event.customer_wa_id, event.profile_name) == (
        "DE.1",
        CANARY_PHONE,
        CANARY_NAME,
    )


def test_phone_book_changes_keep_digits_and_names_and_skip_the_rest() -> None:
    parsed = parse_webhook(
        state_sync(
            contact("add", full_name=CANARY_NAME, phone_number="+" + CANARY_PHONE),
            contact("add", first_name="Jonas", phone_number="491510000000"),
            contact("remove", phone_number=CANARY_PHONE),
            contact(CANARY_BODY, phone_number=CANARY_PHONE),
            contact("add", full_name=CANARY_NAME, phone_number=CANARY_BODY),
            contact("add", phone_number=CANARY_PHONE),
            {"type": "label", "action": "add"},
        )
    )
    assert parsed.events == [
        ContactSync(CANARY_PHONE, CANARY_NAME, 1_767_302_000),
        ContactSync("491510000000", "Jonas", 1_767_302_000),
        ContactSync(CANARY_PHONE, "", 1_767_302_000),
    ]
    assert len(parsed.problems) == 4
    for problem in parsed.problems:
        assert not any(canary in problem for canary in CANARIES)
