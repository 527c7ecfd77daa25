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
from app.domain.ids import ConversationId
from app.domain.model import Direction
from app.services.backup import BackupChoice, back_up
from app.store.backup import BackupFile
from app.store.replica import Replica
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


PASSPHRASE = "correct horse battery staple"


def _quiet(done: int, total: int) -> None:
    """Progress nobody watches."""


async def _replies_in_log(replica: Replica, cid: ConversationId) -> bool:
    """The reply came back through the log (a backup holds the log, not the outbox)."""
    page = await replica.messages_page(cid, None, 50)
    return any(m.direction == Direction.OUTBOUND and m.position < (1 << 62) for m in page)


async def test_a_backup_restores_on_a_new_device_to_the_same_state(tmp_path: Path) -> None:
    """Anna backs up her desk; Carl's new device starts from the file (every record checked
    by Carl's own reader), holds what Anna held, and follows the hub from there."""
    async with running_stack(tmp_path / "team") as stack:
        anna = stack.desks["Anna"]
        customer, cid = await customer_claimed_by(stack, "Anna")
        await anna.session.reply(cid, "It left today.")
        await until_async(lambda: _replies_in_log(anna.replica, cid), within=15)
        path = tmp_path / "anna.sbbackup"
        await back_up(anna.replica, path, PASSPHRASE)
        assert await _keys_in(path) == 0  # Anna's identity, the seeds, the gateway's keys
        assert stack.factory is not None
        carl = await stack.factory.enroll(
            stack.team_desks["Anna"], "Carl", backup=BackupChoice(path, PASSPHRASE)
        )
        assert carl.snapshot is not None
        assert carl.snapshot.used, carl.snapshot.reason
        restored = carl.desk.replica
        assert await restored.conversation(cid) == await anna.replica.conversation(cid)
        mine = await restored.messages_page(cid, None, 50)
        assert [m.text for m in mine] == [
            m.text for m in await anna.replica.messages_page(cid, None, 50)
        ]
        sim = stack.simulator
        assert sim is not None
        await sim.customer_sends_text(customer.user_id, "Thank you!")

        async def followed() -> bool:
            page = await restored.messages_page(cid, None, 50)
            return page[-1].text == "Thank you!"

        await until_async(followed, within=15)


async def _keys_in(path: Path) -> int:
    copy = await BackupFile.open(path, PASSPHRASE)
    try:
        return int(
            copy._conn.execute(  # tests may look behind the API
                "SELECT (SELECT count(*) FROM backup.identity) "
                "+ (SELECT count(*) FROM backup.seeds) + (SELECT count(*) FROM backup.sender_keys)"
            ).fetchone()[0]
        )
    finally:
        await copy.close()
