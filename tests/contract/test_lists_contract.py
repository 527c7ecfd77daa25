"""Labels and canned replies (`DeskApi.labels`, `DeskApi.canned`, the queue's label filter) on
the fake desk the UI tests use and on the real desks of the embedded team (a real nats-server,
the gateway, SQLCipher replicas): Anna is an admin, Ben a member. The same assertions run on
both, so the window's tests cannot pass against rules the product lacks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.canned import CannedScope
from app.domain.errors import CannedRefused, LabelRefused, NotPermitted
from app.domain.labels import LabelId
from app.domain.model import QueueView
from app.log.events import LabelDefined
from app.services.api import DeskApi
from app.services.session import OpenDesk
from tests.helpers.two_desks import SIDES, RealSide, Side, two_desks
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0


@pytest_asyncio.fixture(params=SIDES)
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    async with two_desks(request.param, tmp_path) as made:
        yield made


async def _label_names(desk: DeskApi, expected: list[str]) -> None:
    async def shown() -> bool:
        return [k.name for k in await desk.labels.labels()] == expected

    await until_async(shown, within=WITHIN)


async def test_admins_define_labels_agents_put_them_on_and_the_queue_filters(
    side: Side,
) -> None:
    vip = await side.anna.labels.save_label(None, "VIP", 0xD93F3F)
    await _label_names(side.ben, ["VIP"])
    assert side.anna.labels.is_admin()
    assert not side.ben.labels.is_admin()
    with pytest.raises(NotPermitted):
        await side.ben.labels.save_label(None, "Mine", 0x2DA44E)
    with pytest.raises(LabelRefused):
        await side.anna.labels.save_label(None, " vip ", 0x2DA44E)
    await side.customer_writes("Maria", "Where is my sofa?")
    await side.customer_writes("Lars", "Hello")

    async def both_in() -> bool:
        return await side.ben.queue_count(QueueView.UNASSIGNED) == 2

    await until_async(both_in, within=WITHIN)
    rows = await side.ben.queue_page(QueueView.UNASSIGNED, 0, 10)
    maria = next(r.conversation_id for r in rows if r.customer_name == "Maria")
    await side.ben.labels.set_label(maria, vip, True)
    assert await side.ben.labels.labels_of(maria) == (vip,)

    async def filtered() -> bool:
        return await side.anna.queue_count(QueueView.UNASSIGNED, label=vip) == 1

    await until_async(filtered, within=WITHIN)
    [row] = await side.anna.queue_page(QueueView.UNASSIGNED, 0, 10, label=vip)
    assert (row.conversation_id, row.labels) == (maria, (vip,))
    await side.anna.labels.save_label(vip, "Key account", 0x3A7BD5)
    await _label_names(side.ben, ["Key account"])
    await side.anna.labels.delete_label(vip)
    await _label_names(side.ben, [])
    assert await side.ben.labels.labels_of(maria) == ()
    with pytest.raises(LabelRefused):
        await side.ben.labels.set_label(maria, vip, True)


async def test_shared_replies_are_for_all_and_personal_ones_for_their_author(
    side: Side,
) -> None:
    shared = await side.anna.canned.save_canned(
        None, CannedScope.SHARED, "/hello", "Hello {first_name}, {agent_name} here."
    )
    await side.ben.canned.save_canned(None, CannedScope.PERSONAL, "sig", "Ben, Acme")
    with pytest.raises(NotPermitted):
        await side.ben.canned.save_canned(None, CannedScope.SHARED, "bye", "Bye!")
    with pytest.raises(CannedRefused):
        await side.ben.canned.save_canned(None, CannedScope.PERSONAL, "Hello", "Hi")

    async def ben_sees_both() -> bool:
        return [r.shortcut for r in await side.ben.canned.canned_replies()] == ["hello", "sig"]

    await until_async(ben_sees_both, within=WITHIN)
    assert [r.shortcut for r in await side.anna.canned.canned_replies()] == ["hello"]
    [hello, sig] = await side.ben.canned.canned_replies()
    assert not side.ben.canned.may_edit(hello)
    assert side.ben.canned.may_edit(sig)
    with pytest.raises(NotPermitted):
        await side.ben.canned.delete_canned(shared)
    await side.anna.canned.delete_canned(shared)

    async def only_sig() -> bool:
        return [r.shortcut for r in await side.ben.canned.canned_replies()] == ["sig"]

    await until_async(only_sig, within=WITHIN)


async def test_a_members_label_definition_is_stored_but_never_applied(
    side: Side,
) -> None:
    """Past the service's check, the reader refuses an admin's kind from a member: a forged
    definition published straight to the log changes no desk."""
    if not isinstance(side, RealSide):
        pytest.skip("the fake has no log")
    ben: OpenDesk = side.stack.desks["Ben"]
    forged = LabelDefined(LabelId(b"f" * 16), "Forged", 0x111111)
    seq = await ben.publisher.member_event(forged, forged.label_id, b"e" * 16, None)
    marker = await side.anna.labels.save_label(None, "After", 0x222222)
    await _label_names(side.ben, ["After"])
    await side.stack.desks["Anna"].engine.reached(seq)
    assert [k.label_id for k in await side.anna.labels.labels()] == [marker]
