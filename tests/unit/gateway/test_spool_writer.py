"""The spool's writer process: it lives exactly as long as its gateway, a lost one is
replaced without losing what was flushed, and nothing else can start it by mistake."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from app.gateway.spool import Spool, SpoolFull
from app.gateway.spool_frames import WRITER_ARGUMENT
from tests.helpers.wait import until

KEY = bytes(range(32))

pytestmark = [pytest.mark.asyncio, pytest.mark.fast_loop]  # the gateway runs on uvloop


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def test_the_writer_process_ends_with_the_spool(tmp_path: Path) -> None:
    spool = Spool(tmp_path, KEY, keep_free=0)
    await spool.open()
    pid = spool.writer_pid
    assert pid is not None
    assert _alive(pid)

    await spool.close()

    assert spool.writer_pid is None
    assert not _alive(pid)


async def test_closing_answers_every_body_handed_over_first(tmp_path: Path) -> None:
    spool = Spool(tmp_path, KEY, keep_free=0)
    await spool.open()
    added = [spool.add(b"late %d" % n) for n in range(50)]

    await spool.close()

    assert all(future.done() and future.exception() is None for future in added)
    again = Spool(tmp_path, KEY, keep_free=0)
    await again.open()
    try:
        assert [b.raw for b in await again.take(0, 100)] == [b"late %d" % n for n in range(50)]
    finally:
        await again.close()


async def test_a_lost_writer_refuses_appends_until_another_takes_over(tmp_path: Path) -> None:
    spool = Spool(tmp_path, KEY, keep_free=0)
    await spool.open()
    try:
        await spool.append(b"before")
        lost = spool.writer_pid
        assert lost is not None

        os.kill(lost, signal.SIGKILL)
        await until(lambda: spool.writer_pid is None, timeout=10)
        with pytest.raises(SpoolFull):  # Meta is told to send it again
            await spool.append(b"while none runs")
        await until(lambda: spool.writer_pid not in (None, lost), timeout=10)
        await spool.append(b"after")

        assert [b.raw for b in await spool.take(0, 10)] == [b"before", b"after"]
    finally:
        await spool.close()


_GATEWAY = """
import asyncio, sys
from pathlib import Path
from app.gateway.spool import Spool

async def main():
    spool = Spool(Path(sys.argv[1]), bytes(range(32)), keep_free=0)
    await spool.open()
    await spool.append(b"flushed")
    print(spool.writer_pid, flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


async def test_the_writer_ends_when_its_gateway_is_killed(tmp_path: Path) -> None:
    gateway = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _GATEWAY, str(tmp_path), stdout=asyncio.subprocess.PIPE
    )
    try:
        assert gateway.stdout is not None
        writer = int(await gateway.stdout.readline())
        assert _alive(writer)
        gateway.kill()
        await gateway.wait()

        await until(lambda: not _alive(writer), timeout=10)
    finally:
        if gateway.returncode is None:
            gateway.kill()
            await gateway.wait()
    again = Spool(tmp_path, KEY, keep_free=0)  # and its file is whole, for the next gateway
    await again.open()
    try:
        assert [b.raw for b in await again.take(0, 10)] == [b"flushed"]
    finally:
        await again.close()


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "app.gateway.spool_process"],
        [
            sys.executable,
            "-c",
            "import sys; sys.frozen = True; sys.argv[0] = 'switchboard'; "
            "from app.main import run; run()",
            WRITER_ARGUMENT,
        ],
    ],
    ids=["from source", "as a frozen build routes it"],
)
async def test_started_by_hand_it_says_what_it_is_and_exits_2(command: list[str]) -> None:
    process = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
    )
    _, said = await process.communicate()

    assert process.returncode == 2
    assert said.decode().count("\n") == 1
    assert "started by `switchboard gateway` itself" in said.decode()
