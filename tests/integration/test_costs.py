"""Over the real hub: what Meta charges reaches every desk (issue 10, item 6).

A template to a customer who never wrote is charged by its category; after their answer, a
free-form reply inside the service window is free. Every desk's customer panel counts one of
each, and the costs report names the sender.
"""

from __future__ import annotations

import time

import pytest

from app.demo.stack import DemoStack
from app.domain.pricing import CostGroup, CostSummary
from app.domain.templates import Part, TemplateParam, TemplateRef
from app.services.api import DeskApi
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.timeout(120)]

WITHIN = 15.0
ORDER = TemplateRef("order_update", "en_US")
VALUES = {TemplateParam(Part.BODY, "1"): "Lena", TemplateParam(Part.BODY, "2"): "A-1042"}
BOTH = CostSummary(((CostGroup.UTILITY, 1), (CostGroup.FREE_SERVICE_WINDOW, 1)))


async def listed(desk: DeskApi) -> None:
    async def check() -> bool:
        return ORDER in {t.ref for t in await desk.templates()}

    await until_async(check, within=WITHIN)


async def test_a_template_is_charged_and_a_reply_in_the_window_is_free_on_every_desk(
    stack: DemoStack,
) -> None:
    sim = stack.simulator
    assert sim is not None
    anna = stack.desks["Anna"].session
    lena = sim.add_customer("Lena", wa_id="4915112345678")  # never wrote: no window is open
    since = int(time.time()) - 60
    await listed(anna)
    started = await anna.start_conversation("+49 151 1234 5678", ORDER, VALUES)

    async def template_out() -> bool:  # before the answer, or the window would be open
        return len(sim.received(lena.user_id)) == 1

    await until_async(template_out, within=WITHIN)
    await sim.customer_sends_text(lena.user_id, "Great, thanks!")

    async def answered() -> bool:
        return any(m.text == "Great, thanks!" for m in await anna.messages_page(started, None, 9))

    await until_async(answered, within=WITHIN)
    await anna.reply(started, "You're welcome!")

    async def both_priced() -> bool:
        for desk in stack.desks.values():
            profile = await desk.session.customer_profile(started)
            if profile is None or profile.costs != BOTH:
                return False
        return True

    await until_async(both_priced, within=WITHIN)
    for desk in stack.desks.values():
        lines = await desk.session.cost_report(since)
        assert [(line.group, line.category, line.sender, line.count) for line in lines] == [
            (CostGroup.UTILITY, "utility", "Anna", 1),
            (CostGroup.FREE_SERVICE_WINDOW, "service", "Anna", 1),
        ]
