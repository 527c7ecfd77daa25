"""The spool's writer process: it lives exactly as long as its gateway, a lost one is
replaced without losing what was flushed, and nothing else can start it by mistake."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from app.gateway import spool_frames as frames
from app.gateway import spool_process
from app.gateway.spool import Spool, SpoolFull
from app.gateway.spool_frames import WRITER_ARGUMENT
from app.gateway.spool_writer import Round, SpoolWriter
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


async def _replace_writer(spool: Spool) -> None:
    """Kill the spool's writer and wait for the one the spool starts instead."""
    lost = _kill_writer(spool)
    await until(lambda: spool.writer_pid not in (None, lost), timeout=10)


def _kill_writer(spool: Spool) -> int:
    lost = spool.writer_pid
    assert lost is not None
    os.kill(lost, signal.SIGKILL)
    return lost


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

        lost = _kill_writer(spool)
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


async def test_a_writer_failing_unexpectedly_answers_broken_and_lives_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the writer process does with a group, run here: an error no one foresaw (as
    `os.statvfs` missing on Windows was) is an answer, not a crash and a restart loop."""
    path = tmp_path / "spool.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.executescript(spool_process.SCHEMA)
    spool = spool_process.SpoolFile(path, KEY, keep_free=0)

    def no_disk_usage(_: object) -> None:
        raise AttributeError("no way to ask for free space here")

    monkeypatch.setattr(spool_process.shutil, "disk_usage", no_disk_usage)
    request = frames.read_requests(bytearray(frames.append_request([b"one"])))
    try:
        answers = frames.read_answers(bytearray(spool.commit(request)))
    finally:
        spool.close()

    assert [a.kind for a in answers] == [frames.BROKEN]


async def test_an_impossible_path_is_answered_not_a_traceback(tmp_path: Path) -> None:
    source, requests = os.pipe()
    answers, sink = os.pipe()
    os.write(requests, frames.open_request(KEY, 0, str(tmp_path / "a\0b")))
    os.close(requests)
    try:
        spool_process.serve(source, sink)
        os.close(sink)
        said = frames.read_answers(bytearray(os.read(answers, 100)))
    finally:
        os.close(source)
        os.close(answers)

    assert [a.kind for a in said] == [frames.BROKEN]


async def test_a_caller_that_raises_does_not_put_later_rounds_out_of_step(
    tmp_path: Path,
) -> None:
    path = tmp_path / "spool.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.executescript(spool_process.SCHEMA)
    told: list[Round] = []

    def done(round_: Round) -> None:
        told.append(round_)
        if len(told) == 1:
            raise RuntimeError("a bug in the first round's caller")

    writer = SpoolWriter(path, KEY, 0, done)
    await writer.start()
    loop = asyncio.get_running_loop()
    try:
        writer.append([(b"a", loop.create_future()), (b"b", loop.create_future())])
        writer.append([(b"c", loop.create_future())])
        await until(lambda: len(told) == 2)
    finally:
        await writer.stop()

    assert [r.last_id for r in told] == [2, 3]
    assert all(r.refused is None for r in told)


async def test_restarts_after_losses_come_further_apart(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spool = Spool(tmp_path, KEY, keep_free=0)
    await spool.open()
    try:
        for _ in range(2):  # two writers lost without answering anything in between
            await _replace_writer(spool)
        await spool.append(b"works again")
    finally:
        await spool.close()

    pauses = [r.getMessage() for r in caplog.records if "another starts in" in r.getMessage()]
    assert [p.rsplit("in ", 1)[1] for p in pauses] == ["0.5 s", "1.0 s"]


async def test_after_a_lost_writer_the_drain_reads_from_disk_in_order(tmp_path: Path) -> None:
    spool = Spool(tmp_path, KEY, keep_free=0)
    await spool.open()
    try:
        await spool.append(b"first")
        await _replace_writer(spool)
        await spool.append(b"second")

        assert [b.raw for b in await spool.take(0, 10)] == [b"first", b"second"]
    finally:
        await spool.close()


async def test_a_backlog_on_disk_is_read_within_the_byte_budget(tmp_path: Path) -> None:
    first = Spool(tmp_path, KEY, keep_free=0)
    await first.open()
    for raw in (b"aaaa", b"bbbb", b"cccc"):
        await first.append(raw)
    await first.close()
    again = Spool(tmp_path, KEY, keep_free=0)  # what an earlier run left is read from disk
    await again.open()
    try:
        assert [b.raw for b in await again.take(0, 10, max_bytes=10)] == [b"aaaa", b"bbbb"]
        assert [b.raw for b in await again.take(0, 10, max_bytes=1)] == [b"aaaa"]
    finally:
        await again.close()


def _wal_commits(database: Path) -> int:
    """Transactions committed in the database's write-ahead log since it was last reset
    (frames of the log's current salt that end a transaction)."""
    wal = Path(f"{database}-wal").read_bytes()
    page_size = int.from_bytes(wal[8:12], "big")
    salt = wal[16:24]
    commits = 0
    for frame in range(32, len(wal) - 24 + 1, 24 + page_size):
        header = wal[frame : frame + 24]
        if header[8:16] != salt:
            break  # left from before the log was reset
        commits += int.from_bytes(header[4:8], "big") != 0
    return commits


async def test_a_lingering_removal_and_the_next_append_are_one_transaction(
    tmp_path: Path,
) -> None:
    """Handed over in one write, so the writer never commits (and answers) the removal on
    its own just before the append. Ten times: sent as two writes, the pair still shares a
    transaction whenever the writer happens to read both at once (about half the time)."""
    rounds = 10
    spool = Spool(tmp_path, KEY, keep_free=0)
    await spool.open()
    try:
        await spool.append(b"body 0")
        before = _wal_commits(spool.path)
        for n in range(1, rounds + 1):
            (published,) = await spool.take(0, 10)
            removal = spool.remove([published.id])  # lingers for an append to ride with
            await spool.append(f"body {n}".encode())
            await removal

        assert _wal_commits(spool.path) == before + rounds
    finally:
        await spool.close()
    again = Spool(tmp_path, KEY, keep_free=0)
    await again.open()
    try:
        assert [b.raw for b in await again.take(0, 10)] == [f"body {rounds}".encode()]
    finally:
        await again.close()


async def test_a_body_larger_than_one_read_arrives_whole(tmp_path: Path) -> None:
    """The writer reads into one buffer of its own: a request longer than it takes several
    reads, and a short one after it still comes out in order."""
    large = bytes(range(256)) * (3 * spool_process._READ_SIZE // 256 + 7)
    spool = Spool(tmp_path, KEY, keep_free=0)
    await spool.open()
    try:
        await asyncio.gather(spool.append(large), spool.append(b"after"))
    finally:
        await spool.close()
    again = Spool(tmp_path, KEY, keep_free=0)
    await again.open()
    try:
        assert [b.raw for b in await again.take(0, 10)] == [large, b"after"]
    finally:
        await again.close()


async def test_a_removal_lingering_while_the_writer_is_lost_is_answered(tmp_path: Path) -> None:
    """No writer to take it when its linger ends: it fails (the body stays, to be published
    again) rather than waiting forever; one that a new writer took removed the body."""
    spool = Spool(tmp_path, KEY, keep_free=0)
    await spool.open()
    try:
        await spool.append(b"published")
        (body,) = await spool.take(0, 10)
        _kill_writer(spool)
        await until(lambda: spool.writer_pid is None)
        removal = spool.remove([body.id])
        await asyncio.wait([removal], timeout=10)
        assert removal.done()
        failed = removal.exception()
        await until(lambda: spool.writer_pid is not None, timeout=10)
        left = [b.raw for b in await spool.take(0, 10)]
    finally:
        await spool.close()

    # A new writer starts half a second after the loss, long after the 50 ms linger, so
    # the removal fails unless the machine stalled the loop that long in between.
    assert left == ([b"published"] if isinstance(failed, OSError) else [])
