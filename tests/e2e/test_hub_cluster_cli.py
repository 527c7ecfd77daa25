"""`switchboard hub` as a cluster of three processes, started as the user guide says.

The first node makes `cluster.secret`; the operator copies it to the other two; all three print
the same setup code. The owner's desk founds the team at once with an address that lists the
three nodes; then the first node's process is killed, and a colleague still joins by invite
through the other two, each of which lets the team's devices in.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
from pathlib import Path

import pytest

from app.desk.launcher import DeskLauncher
from app.domain.errors import HubUnreachable
from app.domain.model import Role
from app.services.team_api import HubOnServer, Invite
from tests.e2e.test_team_from_nothing import (
    free_port,
    launcher,
    read_hub_banner,
    start_process,
    stop_process,
)
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


async def _node(root: Path, n: int, ports: list[int]) -> asyncio.subprocess.Process:
    routes = [arg for p in ports if p != ports[n - 1] for arg in ("--route", f"127.0.0.1:{p}")]
    return await start_process(
        "hub",
        "--data-dir",
        str(root / f"hub{n}"),
        "--port",
        "-1",
        "--cluster-port",
        str(ports[n - 1]),
        "--node",
        f"hub{n}",
        *routes,
    )


async def _invite_once_answered(owner: DeskLauncher) -> Invite:
    """Invite as a person does: pressed again while the hub says it did not answer (the few
    seconds the two remaining nodes take to elect the stream's new leader)."""
    made: list[Invite] = []
    desk = owner.desk
    assert desk is not None

    async def pressed() -> bool:
        try:
            made.append(await desk.invites.create(Role.MEMBER))
        except HubUnreachable:
            return False
        return True

    await until_async(pressed, within=30, step=0.5)
    return made[0]


async def test_three_hub_processes_serve_one_team_and_carry_on_without_the_first(
    tmp_path: Path,
) -> None:
    ports = [free_port() for _ in range(3)]
    nodes = [await _node(tmp_path, 1, ports)]
    desks = []
    try:
        banners = [await read_hub_banner(nodes[0])]
        for n in (2, 3):  # the operator copies the first node's secret, then starts the others
            (tmp_path / f"hub{n}").mkdir()
            shutil.copy(tmp_path / "hub1" / "cluster.secret", tmp_path / f"hub{n}")
            nodes.append(await _node(tmp_path, n, ports))
            banners.append(await read_hub_banner(nodes[-1]))
        assert len({code for _address, code in banners}) == 1
        address = ",".join(address for address, _code in banners)

        anna = launcher(tmp_path / "anna")
        desks.append(anna)
        await anna.probe()
        await anna.create_team("Nordlicht", "Anna", HubOnServer(address, banners[0][1]))
        await anna.open_desk()
        assert anna.desk is not None

        nodes[0].send_signal(signal.SIGKILL)  # its nats-server goes down with it
        await nodes[0].wait()

        ben = launcher(tmp_path / "ben")
        desks.append(ben)
        await ben.probe()
        invite = await _invite_once_answered(anna)
        shared = str(anna.profile.read_config()["hub"])
        attempt = await ben.start_join(shared, str(invite.code), "Ben")
        await asyncio.gather(anna.desk.invites.next_request(invite, within=60), attempt.wait_sas())
        await attempt.confirm()
        await asyncio.gather(anna.desk.invites.confirm(invite, within=60), attempt.wait_added())
        opened = await ben.open_desk()
        assert opened.team is not None
    finally:
        for desk in desks:
            await desk.close()
        for node in nodes:
            await stop_process(node)
    assert [node.returncode for node in nodes[1:]] == [0, 0]
