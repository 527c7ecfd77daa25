"""State, config and body validation: the pure parts."""

from __future__ import annotations

from typing import Any

import pytest

from app.simulator import Customer, GraphError, SimulatorConfig
from app.simulator.state import SimState
from app.simulator.validation import MarkRead, SendRequest, parse_messages_body

DAY = 24 * 3600.0


def test_window_is_open_for_exactly_24_hours_after_the_last_inbound() -> None:
    state = SimState()
    state.add_customer(Customer("DE.1", "Lena"))
    assert not state.window_open("DE.1", 0.0, DAY)
    state.record_inbound("DE.1", "wamid.SIM1", 100.0)
    assert state.window_open("DE.1", 100.0 + DAY, DAY)
    assert not state.window_open("DE.1", 100.0 + DAY + 1, DAY)


@pytest.mark.parametrize(
    "customer",
    [
        Customer("DE.1", "dup id"),
        Customer("DE.2", "dup phone", wa_id="4915100000001"),
        Customer("not-a-bsuid", "bad id"),
        Customer("DE.3", "bad phone", wa_id="+49 151"),
    ],
)
def test_bad_customers_are_rejected(customer: Customer) -> None:
    state = SimState()
    state.add_customer(Customer("DE.1", "Lena", wa_id="4915100000001"))
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies per case
        state.add_customer(customer)


def test_parent_bsuids_are_accepted() -> None:
    SimState().add_customer(Customer("DE.ENT.abc123", "Linked", wa_id="4915100000009"))


@pytest.mark.parametrize(
    "overrides",
    [
        {"sent_delay": 0.3, "delivered_delay": 0.1},
        {"read_delay": 0.01},
        {"webhook_concurrency": -1},
        {"webhook_concurrency": 0},
        {"display_phone_number": "+49 30 555000"},
    ],
)
def test_config_rejects_nonsense(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies per case
        SimulatorConfig(**overrides)


def test_text_send_defaults_and_normalisation() -> None:
    request = parse_messages_body(
        {"messaging_product": "whatsapp", "to": "+49 151-1234 5678", "text": {"body": "hi"}}
    )
    assert request == SendRequest(
        to="4915112345678",
        recipient=None,
        raw_address="+49 151-1234 5678",
        type="text",
        content={"body": "hi", "preview_url": False},
        context_message_id=None,
        biz_opaque_callback_data=None,
    )


def test_mark_read_body() -> None:
    body = {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.X"}
    assert parse_messages_body(body) == MarkRead("wamid.X", typing_indicator=False)


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"messaging_product": "whatsapp", "status": "delivered", "message_id": "wamid.X"},
        {"messaging_product": "whatsapp", "status": "read"},
        {"messaging_product": "whatsapp", "status": "read", "message_id": "w", "to": "49151"},
        {"messaging_product": "whatsapp", "to": "4915112345678", "recipient_type": "group",
         "text": {"body": "hi"}},
        {"messaging_product": "whatsapp", "to": "4915112345678", "type": "text"},
        {"messaging_product": "whatsapp", "to": "4915112345678", "text": {"body": "hi"},
         "biz_opaque_callback_data": "x" * 513},
    ],
)  # fmt: skip
def test_more_invalid_bodies(body: Any) -> None:
    with pytest.raises(GraphError) as caught:
        parse_messages_body(body)
    assert caught.value.code == 100
    assert caught.value.details
