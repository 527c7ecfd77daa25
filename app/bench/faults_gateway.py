"""The team's gateway in a process of its own, for `switchboard bench faults` to kill.

``python -m app.bench.faults_gateway`` reads one JSON line on stdin (`GatewayGiven.as_json`):
the hub, the team, the gateway's device keys (the bench's throwaway team, never a real one),
the simulator's settings, the state folder and the port the simulator calls back. It starts
the gateway as `switchboard bench live` does in-process, prints ``ready``, and stops cleanly
on ``stop`` (or end of input), printing ``done``. Started again on the same state folder and
port, it carries on as a gateway restarted after a crash. ``clock <offset>`` sets its clock
that far ahead of the machine's (`faults_clock`; given at start as ``clock_offset``).
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from app.bench.child import run_child, say
from app.bench.faults_clock import RunClock
from app.crypto.chain.state import ChainState
from app.crypto.keys import DeviceKeys
from app.domain.ids import TeamId
from app.gateway.graph import GraphConfig
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway, GatewayConfig
from app.sync.admission import once_admitted
from app.sync.media_store import NatsMediaStore
from app.sync.nats_transport import NatsTransport


@dataclass(frozen=True, slots=True)
class GatewayGiven:
    """What the runner hands a gateway process (all text, so it travels as JSON)."""

    hub_url: str
    tls_fingerprint: str
    """Hex, "" for a hub without TLS."""
    team_id: str
    team_fingerprint: str
    gateway_keys: str
    app_secret: str
    verify_token: str
    graph_url: str
    phone_number_id: str
    access_token: str
    state_dir: str
    port: int
    clock_offset: float = 0.0

    def as_json(self) -> str:
        return json.dumps(asdict(self))


async def main() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    given = GatewayGiven(**json.loads(await reader.readline()))
    keys = DeviceKeys.from_private_bytes(bytes.fromhex(given.gateway_keys))
    team_id = TeamId(bytes.fromhex(given.team_id))
    clock = RunClock(given.clock_offset)
    transport = await once_admitted(lambda: _connect(given, keys))
    gateway: Gateway | None = None
    try:
        genesis = ChainState.genesis(team_id, bytes.fromhex(given.team_fingerprint))
        media = await NatsMediaStore.open(transport)
        gateway = Gateway(
            _config(given),
            GatewayLog(keys, genesis),
            transport,
            clock,
            media_store=media,
            beats=transport,
        )
        await gateway.start()
        await gateway.wait_enrolled()
        say("ready")
        while (line := (await reader.readline()).strip()) not in (b"stop", b""):
            if line.startswith(b"clock "):
                clock.set_offset(float(line.split()[1]))
                say("report " + json.dumps({"clock": clock.offset}))
    finally:
        if gateway is not None:
            await gateway.stop()
        await transport.close()
    say("done")


def _config(given: GatewayGiven) -> GatewayConfig:
    return GatewayConfig(
        state_dir=Path(given.state_dir),
        app_secret=given.app_secret.encode(),
        verify_token=given.verify_token,
        graph=GraphConfig(
            base_url=given.graph_url,
            phone_number_id=given.phone_number_id,
            access_token=given.access_token,
            media_origins=(given.graph_url,),
        ),
        port=given.port,
    )


async def _connect(given: GatewayGiven, keys: DeviceKeys) -> NatsTransport:
    return await NatsTransport.connect(
        given.hub_url,
        team_id_hex=given.team_id,
        name="gateway",
        nkey_seed=keys.hub_seed(),
        tls_fingerprint=bytes.fromhex(given.tls_fingerprint) or None,
    )


if __name__ == "__main__":
    run_child(main)
