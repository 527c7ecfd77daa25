"""The fault bench's child processes: asked, killed, stopped, however long their answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.bench.faults_child import Child

pytestmark = pytest.mark.asyncio

MODULE = "tests.helpers.talking_child"


def _child(tmp_path: Path, size: int) -> Child:
    return Child("talker", MODULE, json.dumps({"size": size}), tmp_path / "talker.log")


async def test_a_report_longer_than_asyncios_default_line_limit_is_read(tmp_path: Path) -> None:
    # A desk's report after a few minutes of traffic: well past 64 KiB on one line.
    child = _child(tmp_path, 300_000)
    await child.start()

    answer = await child.ask()

    assert len(answer["filler"]) == 300_000
    assert await child.stop()


async def test_a_killed_child_is_reaped_and_starts_again(tmp_path: Path) -> None:
    child = _child(tmp_path, 10)
    await child.start()

    child.kill()
    await child.reaped()
    assert not child.running
    await child.start()

    assert child.lives == 2
    assert (await child.ask())["filler"] == "x" * 10
    assert await child.stop()
