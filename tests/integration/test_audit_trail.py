"""The audit trail over a real hub: what Anna and Ben did, and Anna's export, reach the trail
through the signed log, check out against the team chain, and Ben (a member) sees only his own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.audit import NEWEST, AuditAction, AuditFilter, Verification
from app.domain.export import ExportFormat
from app.domain.handling import ConversationState, HandoverAction
from tests.helpers.stack import customer_claimed_by, running_stack
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.timeout(120)]


async def test_actions_and_an_export_reach_the_trail_signed(tmp_path: Path) -> None:
    async with running_stack(tmp_path / "team") as stack:
        anna, ben = stack.desks["Anna"].session, stack.desks["Ben"].session
        assert anna.audit is not None
        assert ben.audit is not None
        _, cid = await customer_claimed_by(stack, "Anna")
        await anna.hand_over(cid, HandoverAction.TRANSFER, ben.me, "yours")

        async def bens() -> bool:
            detail = await ben.conversation(cid)
            return detail is not None and detail.assignee == ben.me

        await until_async(bens, within=15)
        await ben.set_state(cid, ConversationState.RESOLVED)
        out = tmp_path / "lena.json"
        result = await anna.audit.export_conversation(cid, out, ExportFormat.JSON, _quiet)
        assert result.conversations == 1
        assert json.loads(out.read_text(encoding="utf-8"))["conversations"][0]["id"] == cid.hex()

        async def listed() -> bool:
            page = await anna.audit.page(AuditFilter(conversation_id=cid), NEWEST, 10)
            return [e.action for e in page] == [
                AuditAction.EXPORTED,
                AuditAction.RESOLVED,
                AuditAction.TRANSFERRED,
                AuditAction.CLAIMED,
            ]

        await until_async(listed, within=15)
        page = await anna.audit.page(AuditFilter(), NEWEST, 50)
        assert {e.actor for e in page if e.action == AuditAction.RESOLVED} == {ben.me}
        assert AuditAction.ADDED in {e.action for e in page}  # the team chain: Ben joined
        verdicts = await anna.audit.verify(page)
        assert set(verdicts.values()) == {Verification.VERIFIED}
        own = await ben.audit.page(AuditFilter(), NEWEST, 50)
        assert [e.action for e in own] == [AuditAction.RESOLVED]


def _quiet(done: int, total: int) -> None:
    """Progress nobody watches."""
