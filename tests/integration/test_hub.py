"""The hub supervisor against a real nats-server: start, readiness, limits, restarts, reaping."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from app.hub import Hub, HubConfig, HubError, run_standalone
from app.hub.config import server_environment, usable_cpus
from app.sync.transport import inbound_subject
from tests.helpers.hub import connected, new_team, running_hub
from tests.helpers.wait import until


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.asyncio
async def test_start_returns_the_url_from_its_own_ports_file_and_stop_reaps(
    tmp_path: Path,
) -> None:
    hub = Hub(HubConfig(data_dir=tmp_path / "hub"))
    url = await hub.start()
    pid = hub.pid
    assert pid is not None
    try:
        ports = json.loads((tmp_path / "hub" / f"nats-server_{pid}.ports").read_text())
        assert url in ports["nats"]
        assert url.startswith("nats://127.0.0.1:")
        assert hub.url == url
        assert hub.store_dir == tmp_path / "hub" / "js"
        assert _alive(pid)
        assert await hub.start() == url  # already running: same server
        still = hub.pid
        assert still == pid
    finally:
        await hub.stop()

    assert not hub.running
    assert hub.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    await hub.stop()  # idempotent


@pytest.mark.asyncio
async def test_jetstream_limits_are_written_and_applied(tmp_path: Path) -> None:
    async with running_hub(tmp_path, max_memory_store="32MB", max_file_store="256MB") as hub:
        conf = (tmp_path / "hub" / "hub.conf").read_text()
        assert "max_memory_store: 32MB" in conf
        assert "max_file_store: 256MB" in conf
        assert hub.store_dir.as_posix() in conf
        log = (tmp_path / "hub" / "server.log").read_text()
        assert "Max Memory:      32.00 MB" in log
        assert "Max Storage:     256.00 MB" in log


@pytest.mark.asyncio
async def test_early_exit_says_why_from_the_server_log_in_one_sentence(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        hub = Hub(HubConfig(data_dir=tmp_path / "hub", port=port))

        with pytest.raises(HubError) as caught:
            await hub.start()

    assert str(caught.value) == (
        f"port {port} is in use on this computer: stop what uses it, or choose another --port"
    )
    assert not hub.running
    await hub.stop()


@pytest.mark.asyncio
async def test_missing_executable_is_a_hub_error(tmp_path: Path) -> None:
    hub = Hub(HubConfig(data_dir=tmp_path), executable=tmp_path / "no-such-server")

    with pytest.raises(HubError, match="cannot run"):
        await hub.start()


@pytest.mark.asyncio
async def test_a_server_that_never_gets_ready_is_killed(tmp_path: Path) -> None:
    # Ignores SIGTERM and never writes a ports file: startup times out, SIGKILL follows.
    stubborn = tmp_path / "stubborn"
    stubborn.write_text(
        f"#!{sys.executable}\n"
        "import signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "time.sleep(60)\n"
    )
    stubborn.chmod(0o755)
    config = HubConfig(data_dir=tmp_path / "hub", startup_timeout=0.3, stop_timeout=0.2)
    hub = Hub(config, executable=stubborn)

    with pytest.raises(HubError, match="not ready after 0.3s"):
        await hub.start()

    assert not hub.running


@pytest.mark.asyncio
async def test_a_stale_ports_file_is_not_mistaken_for_ours(tmp_path: Path) -> None:
    data_dir = tmp_path / "hub"
    data_dir.mkdir()
    stale = data_dir / "nats-server_999999.ports"
    stale.write_text('{"nats":["nats://127.0.0.1:1"]}')

    async with running_hub(tmp_path) as hub:
        assert hub.url != "nats://127.0.0.1:1"
        assert not stale.exists()


@pytest.mark.asyncio
async def test_a_live_server_on_the_same_store_is_not_joined(tmp_path: Path) -> None:
    data_dir = tmp_path / "hub"
    data_dir.mkdir()
    (data_dir / f"nats-server_{os.getpid()}.ports").write_text('{"nats":["nats://x:1"]}')
    hub = Hub(HubConfig(data_dir=data_dir))

    with pytest.raises(HubError, match=f"pid {os.getpid()} already uses"):
        await hub.start()

    assert not hub.running


@pytest.mark.asyncio
async def test_the_watcher_restarts_a_killed_server_on_the_same_port(tmp_path: Path) -> None:
    team = new_team()
    async with running_hub(tmp_path, restart_backoff=0.05) as hub:
        url, first = hub.url, hub.pid
        assert first is not None
        async with connected(url, team) as transport:
            await transport.publish(inbound_subject(team), b"before", msg_id="m1")

            os.kill(first, signal.SIGKILL)
            await until(lambda: hub.restarts == 1 and hub.running, timeout=10)

            assert hub.pid != first
            assert hub.url == url
            assert not _alive(first)
            await until(lambda: transport._nc.is_connected, timeout=10)
            ack = await transport.publish(inbound_subject(team), b"after", msg_id="m2")
            assert ack.seq == 2  # the file store survived the crash
        last = hub.pid
    assert last is not None
    assert not _alive(last)


@pytest.mark.asyncio
async def test_stop_and_start_reuse_the_port(tmp_path: Path) -> None:
    async with running_hub(tmp_path) as hub:
        url = hub.url
        await hub.stop()
        assert await hub.start() == url


@pytest.mark.asyncio
async def test_standalone_prints_the_url_and_stops_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stop = asyncio.Event()
    config = HubConfig(data_dir=tmp_path / "hub")
    running = asyncio.create_task(run_standalone(config, stop))
    await until(lambda: capsys.readouterr().out.startswith("nats://") or running.done(), 10)
    pid = int(next((tmp_path / "hub").glob("nats-server_*.ports")).stem.split("_")[1])

    stop.set()
    await running

    assert not _alive(pid)


@pytest.mark.asyncio
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux)")
async def test_a_hub_on_loopback_runs_with_half_the_cores(tmp_path: Path) -> None:
    async with running_hub(tmp_path) as hub:
        assert hub.pid is not None
        read = Path(f"/proc/{hub.pid}/environ").read_bytes
        environ = (await asyncio.to_thread(read)).split(b"\0")
    expected = server_environment(dict(os.environ), usable_cpus(), shares_machine=True)[
        "GOMAXPROCS"
    ]
    assert f"GOMAXPROCS={expected}".encode() in environ
