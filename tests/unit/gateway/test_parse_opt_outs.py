"""Marketing opt-outs by phone number, read from the conformance corpus's `user_preferences`."""

from __future__ import annotations

import copy

from app.gateway.parse_opt_outs import opt_outs
from tests.conformance import load_webhook

OURS = "770000000000001"
LENA = "4915112345678"


def test_a_stop_and_a_resume_are_read_by_number() -> None:
    assert opt_outs(load_webhook("user_preferences_stop"), OURS) == [(LENA, True, 1767226000)]
    [(wa_id, stopped, _)] = opt_outs(load_webhook("user_preferences_resume"), OURS)
    assert (wa_id, stopped) == (LENA, False)


def test_an_item_named_by_bsuid_only_takes_the_number_from_contacts() -> None:
    body = copy.deepcopy(load_webhook("user_preferences_stop"))
    item = body["entry"][0]["changes"][0]["value"]["user_preferences"][0]
    del item["wa_id"]
    assert opt_outs(body, OURS) == [(LENA, True, 1767226000)]


def test_another_numbers_preferences_and_other_webhooks_are_not_read() -> None:
    assert opt_outs(load_webhook("user_preferences_stop"), "770000000000999") == []
    assert opt_outs(load_webhook("text"), OURS) == []
    assert opt_outs("junk", OURS) == []
