"""Envelope building without a network: shapes and the batch layout."""

from __future__ import annotations

import pytest

from app.simulator import Customer, SimulatorConfig
from app.simulator.payloads import WebhookItem, build_envelope, inbound_text, status

CONFIG = SimulatorConfig()
LENA = Customer("DE.20481632641282565", "Lena K", wa_id="4915112345678")
MIA = Customer("DE.11111111111111111", "Mia", username="mia.k")


def _items(n: int) -> list[WebhookItem]:
    return [
        inbound_text(LENA if i % 2 else MIA, f"wamid.SIM{i}", 1.9, f"m{i}", None) for i in range(n)
    ]


def test_single_item_has_one_entry_and_change() -> None:
    envelope = build_envelope(CONFIG, _items(1))
    assert envelope == {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": CONFIG.waba_id,
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "4930555000",
                                "phone_number_id": CONFIG.phone_number_id,
                            },
                            "contacts": [
                                {
                                    "profile": {"name": "Mia", "username": "mia.k"},
                                    "user_id": MIA.user_id,
                                }
                            ],
                            "messages": [
                                {
                                    "from_user_id": MIA.user_id,
                                    "id": "wamid.SIM0",
                                    "timestamp": "1",
                                    "type": "text",
                                    "text": {"body": "m0"},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("count", "layout"), [(2, [1]), (3, [2]), (4, [2]), (5, [2, 1]), (9, [2, 2, 1])]
)
def test_batches_spread_over_entries_changes_and_lists(count: int, layout: list[int]) -> None:
    envelope = build_envelope(CONFIG, _items(count))
    assert [len(e["changes"]) for e in envelope["entry"]] == layout
    ids = [m["id"] for e in envelope["entry"] for c in e["changes"] for m in c["value"]["messages"]]
    assert ids == [f"wamid.SIM{i}" for i in range(count)]


def test_messages_and_statuses_never_share_a_value() -> None:
    items = [
        _items(1)[0],
        status(LENA, "wamid.OUT1", "sent", 5.0, LENA.user_id, None),
        status(LENA, "wamid.OUT1", "delivered", 6.0, LENA.user_id, "cb"),
    ]
    changes = [c for e in build_envelope(CONFIG, items)["entry"] for c in e["changes"]]
    assert [sorted(set(c["value"]) & {"messages", "statuses"}) for c in changes] == [
        ["messages"],
        ["statuses"],
    ]
    statuses_value = changes[1]["value"]
    assert statuses_value["contacts"] == [LENA.contact()]  # one contact for two statuses
    assert [s["status"] for s in statuses_value["statuses"]] == ["sent", "delivered"]
    assert "biz_opaque_callback_data" not in statuses_value["statuses"][0]
    assert statuses_value["statuses"][1]["biz_opaque_callback_data"] == "cb"


def test_empty_batch_is_a_bug() -> None:
    with pytest.raises(ValueError, match="at least one"):
        build_envelope(CONFIG, [])
