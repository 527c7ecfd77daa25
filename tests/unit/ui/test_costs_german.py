"""Under German, the costs shown in the customer panel and the costs report show no English
(the walk of tests/unit/ui/test_i18n_walk.py, over priced messages)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from app.domain.pricing import Pricing, PricingType
from tests.helpers.german import Catalog
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_i18n_walk import assert_german, catalog, in_german, populated_desk

__all__ = ["catalog", "in_german"]

PRICINGS = (
    Pricing("marketing", PricingType.REGULAR, billable=True),
    Pricing("utility", PricingType.FREE_CUSTOMER_SERVICE, billable=False),
    Pricing("referral_conversion", PricingType.FREE_ENTRY_POINT, billable=False),
    Pricing("group_service", PricingType.REGULAR, billable=True),
)


@pytest.mark.asyncio
@pytest.mark.usefixtures("in_german")
async def test_costs_speak_german(qtbot: QtBot, catalog: Catalog) -> None:
    window = await populated_desk(qtbot)
    panel = window.conversation.panel
    await until(lambda: panel.profile is not None)
    assert_german(catalog, panel)  # nothing priced yet
    cid = window.conversation.current_conversation
    assert cid is not None
    team = window.api.team  # type: ignore[attr-defined]
    for n, pricing in enumerate(PRICINGS):
        sent = team.agent_sent(cid, window.api.me, f"Nachricht {n}")
        team.priced(sent, pricing, at=NOW - n)
    await until(lambda: panel.costs.text().count("\n") == len(PRICINGS))
    assert_german(catalog, panel)
    dialog = window.show_costs()
    dialog.since.setDate(QDate(2000, 1, 1))
    await until(lambda: dialog.table.rowCount() == len(PRICINGS))
    assert_german(catalog, dialog)
