"""A person's personal canned replies follow them to their other devices: `CannedBook` lists
the ones any of the person's devices wrote, and lets only the writing device change each."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from app.domain.canned import CannedId, CannedScope
from app.domain.errors import CannedRefused
from app.domain.ids import DeviceId
from app.domain.model import Role
from app.log.events import CannedReplyDefined
from app.services.canned import CannedBook
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, KEY, LogBuilder

pytestmark = pytest.mark.asyncio

BEN_LAPTOP = DeviceId(b"L" * 16)
BEN_PHONE = DeviceId(b"P" * 16)


async def test_a_persons_other_device_lists_their_replies_but_does_not_change_them(
    tmp_path: Path,
) -> None:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    log = LogBuilder()
    records = [
        log.record(
            CannedReplyDefined(CannedId(bytes([n]) * 16), CannedScope.PERSONAL, shortcut, "…"),
            author=author,
            conversation_id=bytes([n]) * 16,  # type: ignore[arg-type]
            subject="sb.team.k",
        )
        for n, (shortcut, author) in enumerate(
            [("laptop", BEN_LAPTOP), ("phone", BEN_PHONE), ("annas", ANNA)], start=1
        )
    ]
    await replica.apply_batch(records, records[-1].seq)
    unused = cast(Any, None)  # listing never publishes
    book = CannedBook(
        BEN_LAPTOP,
        replica,
        unused,
        lambda: Role.MEMBER,
        unused,
        lambda: [BEN_LAPTOP, BEN_PHONE],  # both enrolled as "Ben"
    )
    try:
        listed = {r.shortcut: r for r in await book.canned_replies()}
        assert set(listed) == {"laptop", "phone"}  # Anna's personal one is hers
        assert book.may_edit(listed["laptop"])
        assert not book.may_edit(listed["phone"])
        with pytest.raises(CannedRefused, match="canned-not-yours"):
            await book.delete_canned(listed["phone"].canned_id)
    finally:
        await replica.close()
