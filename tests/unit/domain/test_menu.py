"""Menu routing's pure rules: when the menu is due, Meta's limits, and the row ids."""

from __future__ import annotations

import pytest

from app.domain.labels import LabelId
from app.domain.menu import (
    MAX_OPTIONS,
    Menu,
    MenuOption,
    menu_due,
    menu_refusal,
    menu_text,
    route_id,
    route_label,
)

ORDERS = LabelId(bytes(range(16)))
RETURNS = LabelId(b"\xff" * 16)
MENU = Menu(True, "How can we help?", "Choose", (MenuOption("Orders", ORDERS),))
DAY = 24 * 3600
AT = 1_780_000_000


def test_a_customers_first_message_ever_gets_the_menu() -> None:
    assert menu_due(MENU, None, AT, AT + 5) == f"menu:{AT}"


def test_the_menu_comes_again_only_after_a_whole_window_of_silence() -> None:
    assert menu_due(MENU, AT - DAY + 1, AT, AT) is None  # one second inside the window
    assert menu_due(MENU, AT - DAY, AT, AT) == f"menu:{AT}"  # exactly 24 h: a new one


def test_no_menu_when_switched_off_empty_or_the_message_came_a_day_late() -> None:
    assert menu_due(None, None, AT, AT) is None
    assert menu_due(Menu(False, "b", "c", MENU.options), None, AT, AT) is None
    assert menu_due(Menu(True, "b", "c", ()), None, AT, AT) is None
    assert menu_due(MENU, None, AT, AT + DAY) is None


def test_a_redelivered_or_older_message_opens_nothing() -> None:
    assert menu_due(MENU, AT, AT, AT) is None  # the same message again
    assert menu_due(MENU, AT + 60, AT, AT + 60) is None  # overtaken by a newer one


def test_row_ids_round_trip_and_anything_else_routes_nowhere() -> None:
    assert route_id(ORDERS) == "sb-route:000102030405060708090a0b0c0d0e0f"
    assert route_label(route_id(RETURNS)) == RETURNS
    for other in (
        "slot_2",
        "sb-route:",
        "sb-route:" + "0" * 31,  # short
        "sb-route:" + "0" * 33,  # long
        "sb-route:" + "F" * 32,  # not as route_id writes it
        "sb-route:" + "g" * 32,
        "sb-route:" + " 0" * 16,
    ):
        assert route_label(other) is None, other


def _menu(**changes: object) -> Menu:
    fields = {"enabled": True, "body": "Hi", "button": "Choose", "options": MENU.options}
    fields.update(changes)
    return Menu(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("menu", "code"),
    [
        (_menu(body=" "), "menu-body-empty"),
        (_menu(body="b" * 1025), "menu-body-too-long"),
        (_menu(header="h" * 61), "menu-extra-too-long"),
        (_menu(footer="f" * 61), "menu-extra-too-long"),
        (_menu(button=""), "menu-button-empty"),
        (_menu(button="b" * 21), "menu-button-too-long"),
        (_menu(options=()), "menu-no-options"),
        (
            _menu(options=tuple(MenuOption(f"T{n}", LabelId(bytes([n]) * 16)) for n in range(11))),
            "menu-too-many-options",
        ),
        (_menu(options=(MenuOption(" ", ORDERS),)), "menu-title-empty"),
        (_menu(options=(MenuOption("t" * 25, ORDERS),)), "menu-title-too-long"),
        (_menu(options=(MenuOption("t", ORDERS, "d" * 73),)), "menu-description-too-long"),
        (
            _menu(options=(MenuOption("Orders", ORDERS), MenuOption("orders", RETURNS))),
            "menu-title-twice",
        ),
        (
            _menu(options=(MenuOption("Orders", ORDERS), MenuOption("Returns", ORDERS))),
            "menu-label-twice",
        ),
    ],
)
def test_each_broken_limit_is_refused(menu: Menu, code: str) -> None:
    assert menu_refusal(menu) == code


def test_meta_limits_exactly_are_fine_and_an_option_needs_a_live_label() -> None:
    options = tuple(
        MenuOption(f"{n:<24}"[:24], LabelId(bytes([n]) * 16), "d" * 72) for n in range(MAX_OPTIONS)
    )
    full = Menu(True, "b" * 1024, "b" * 20, options, "h" * 60, "f" * 60)
    assert menu_refusal(full) is None
    assert menu_refusal(MENU, frozenset({ORDERS})) is None
    assert menu_refusal(MENU, frozenset({RETURNS})) == "menu-label-unknown"
    assert menu_refusal(Menu(False, "", "", ())) is None  # switched off and empty: fine


def test_the_team_reads_the_list_as_words() -> None:
    menu = Menu(True, "Hi", "Choose", (MenuOption("Orders", ORDERS),), "Acme", "Reply any time")
    assert menu_text(menu) == "Acme\nHi\n• Orders\nReply any time"
