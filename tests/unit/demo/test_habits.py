"""How the scripted agents label and open conversations, and how the headless demo tells the
gateway's automatic answers from the agents' replies."""

from __future__ import annotations

import pytest

from app.demo.features import automatic_texts, features_line
from app.demo.habits import label_for, opening_reply
from app.demo.hours import AWAY, GREETING
from app.domain.canned import CannedId, CannedReply, CannedScope
from app.domain.ids import DeviceId
from app.simulator.customers import SENTENCES

HELLO = CannedReply(
    CannedId(b"h" * 16),
    "hello",
    "Hello {first_name}, this is {agent_name}. How can I help?",
    CannedScope.SHARED,
    DeviceId(b"a" * 32),
)
THANKS = CannedReply(
    CannedId(b"t" * 16), "thanks", "Thank you!", CannedScope.SHARED, DeviceId(b"a" * 32)
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Hello, I was charged twice for invoice 1a2b, can you check?", "Refund"),
        ("Please cancel booking 1a2b, thanks!", "Refund"),
        ("My parcel 1a2b says delivered but nothing arrived.", "Delivery"),
        ("Hi, is my order 1a2b shipped yet?", "Delivery"),
        ("Where can I download the receipt for 1a2b?", None),
    ],
)
def test_a_conversation_is_labelled_by_what_the_customer_first_asked(
    text: str, label: str | None
) -> None:
    assert label_for(text) == label


def test_some_of_the_scripted_customers_questions_earn_a_label_and_some_none() -> None:
    labels = {label_for(sentence.format(token="1a2b")) for sentence in SENTENCES}
    assert labels == {"Refund", "Delivery", None}


def test_the_opening_is_the_hello_reply_filled_in() -> None:
    opening = opening_reply([THANKS, HELLO], "Lena K", "Chiara")
    assert opening == "Hello Lena, this is Chiara. How can I help?"
    assert opening_reply([THANKS], "Lena K", "Chiara") is None


def test_the_automatic_answers_are_told_from_the_replies() -> None:
    replies, automatic = automatic_texts(["Thanks. Ref 1.", GREETING, AWAY, "Hello. Ref 2."])
    assert replies == ["Thanks. Ref 1.", "Hello. Ref 2."]
    assert automatic == [GREETING, AWAY]


def test_the_summary_line_names_every_figure() -> None:
    line = features_line(
        {
            "labels_applied": 3,
            "canned_replies": 2,
            "automatic_greetings": 4,
            "automatic_away": 0,
            "resolved": 5,
            "report_today": {"opened": 6, "resolved": 5},
        }
    )
    assert line == (
        "the team's tools: 3 labels applied, 2 canned replies used, 4 automatic greetings and "
        "0 away messages sent, 5 conversations resolved; today's report: 6 conversations "
        "opened, 5 resolved"
    )
