"""The audit trail over a real hub: what Anna and Ben did, and Anna's export, reach the trail
through the signed log, check out against the team chain, and Ben (a member) sees only his own.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.audit import NEWEST, AuditAction, AuditFilter, Verification
from app.domain.canned import CannedScope
from app.domain.export import ExportFormat
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import ConversationId
from app.domain.model import Direction, QueueView
from app.services.api import DeskApi
from app.services.backup import BackupChoice
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
    """Anna backs up her desk (a claimed conversation with a reply, a label, a note, a shared
    canned reply); Carl's new device starts from the file (every record checked by Carl's own
    reader), shows what Anna's shows, and follows the hub from there; the backup is in the
    trail."""
    async with running_stack(tmp_path / "team") as stack:
        anna = stack.desks["Anna"].session
        customer, cid = await customer_claimed_by(stack, "Anna")
        await anna.reply(cid, "It left today.")
        vip = await anna.labels.save_label(None, "VIP", 0xCC3333)
        await anna.labels.set_label(cid, vip, True)
        await anna.add_note(cid, "Ships from Hamburg")
        await anna.canned.save_canned(None, CannedScope.SHARED, "thanks", "Thank you!")
        await until_async(lambda: _replies_in_log(stack.desks["Anna"].replica, cid), within=15)
        path = tmp_path / "anna.sbbackup"
        assert anna.audit is not None
        await anna.audit.back_up(path, PASSPHRASE)
        assert await _keys_in(path) == 0  # Anna's identity, the seeds, the gateway's keys
        assert stack.factory is not None
        carl = await stack.factory.enroll(
            stack.team_desks["Anna"], "Carl", backup=BackupChoice(path, PASSPHRASE)
        )
        assert carl.snapshot is not None
        assert carl.snapshot.used, carl.snapshot.reason
        restored = carl.desk.session
        shown = await _shown(anna, cid)
        assert shown["labels"] == [("VIP", 0xCC3333)]
        assert [text for _, text in shown["thread"]] == [  # type: ignore[misc]
            "Hello?",
            "It left today.",
            "Ships from Hamburg",
        ]
        assert await _shown(restored, cid) == shown
        backed_up = AuditFilter(actions=frozenset({AuditAction.BACKED_UP}))
        assert [e.actor for e in await anna.audit.page(backed_up, NEWEST, 5)] == [anna.me]
        sim = stack.simulator
        assert sim is not None
        await sim.customer_sends_text(customer.user_id, "Thank you!")

        async def followed() -> bool:
            page = await restored.messages_page(cid, None, 50)
            return page[-1].text == "Thank you!"

        await until_async(followed, within=15)


async def _shown(desk: DeskApi, cid: ConversationId) -> dict[str, object]:
    """What a desk's window shows of the team's work: tab counts, the queue's rows (unread
    marks are each desk's own), labels, canned replies and the thread."""
    views = [v for v in QueueView if v != QueueView.MINE]  # "mine" is each person's own
    rows = await desk.queue_page(QueueView.ALL_OPEN, 0, 50)
    return {
        "counts": [await desk.queue_count(v) for v in views],
        "rows": [replace(row, unread=0) for row in rows],
        "labels": [(label.name, label.colour) for label in await desk.labels.labels()],
        "labelled": await desk.labels.labels_of(cid),
        "canned": [(c.shortcut, c.body) for c in await desk.canned.canned_replies()],
        "thread": [(m.direction, m.text) for m in await desk.messages_page(cid, None, 50)],
        "detail": await desk.conversation(cid),
    }


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
