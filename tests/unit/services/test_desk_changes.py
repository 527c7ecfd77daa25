"""DeskSession passes the replica's business-number status and its change flag to the UI."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from app.domain.ids import DeviceId
from app.domain.model import LocalStoreState
from app.services.api import ChangeBus, Changes
from app.services.desk import DeskSession
from app.store.replica import Replica
from tests.unit.store.builders import KEY, LogBuilder


@pytest.mark.asyncio
async def test_number_status_and_its_change_notification(tmp_path: Path) -> None:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    bus = ChangeBus()
    heard: list[Changes] = []
    bus.subscribe(heard.append)
    unused = cast(Any, None)  # this use-case never touches the log, the outbox or the hub
    session = DeskSession(
        me=DeviceId(b"A" * 16),
        names=lambda device: "Anna",
        replica=replica,
        engine=unused,
        publisher=unused,
        outbox=unused,
        bus=bus,
        clock=lambda: 0.0,
    )
    try:
        assert await session.number_status() is None
        record = LogBuilder().number(oba=True, name_status="APPROVED")
        session.on_applied(await replica.apply_batch([record], cursor=record.seq))
        status = await session.number_status()
        assert status is not None
        assert (status.verified_name, status.is_official_business_account) == ("Acme Support", True)
        assert heard == [Changes(number_status_changed=True)]
    finally:
        await replica.close()


@pytest.mark.asyncio
async def test_the_store_stays_failing_until_every_part_writes_again(tmp_path: Path) -> None:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    bus = ChangeBus()
    heard: list[Changes] = []
    bus.subscribe(heard.append)
    unused = cast(Any, None)
    session = DeskSession(
        me=DeviceId(b"A" * 16),
        names=lambda device: "Anna",
        replica=replica,
        engine=unused,
        publisher=unused,
        outbox=unused,
        bus=bus,
        clock=lambda: 0.0,
    )
    try:
        session.on_local_store(LocalStoreState.FAILING, "sync")
        session.on_local_store(LocalStoreState.FAILING, "outbox")
        session.on_local_store(LocalStoreState.OK, "outbox")  # the sync still cannot write
        assert session.local_store() is LocalStoreState.FAILING
        session.on_local_store(LocalStoreState.OK, "sync")
        assert session.local_store() is LocalStoreState.OK
        assert heard == [Changes(local_store_changed=True)] * 2
    finally:
        await replica.close()
