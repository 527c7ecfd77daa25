"""Reading the team's stream raw, as a given device would: for tests about what keys open."""

from __future__ import annotations

from app.crypto.chain import ChainState, RemoveDevice, parse_link
from app.crypto.keys import DeviceKeys
from app.log.events import Event
from app.sync.nats_transport import NatsTransport
from app.sync.protocol import Accepted, Keyring, LogReader, Received
from app.sync.transport import LogRecord


async def whole_log(transport: NatsTransport) -> list[LogRecord]:
    """Every record of the team's stream, read with a member's login."""
    records = []
    for seq in range(1, await transport.last_seq() + 1):
        record = await transport.fetch(seq)
        if record is not None:
            records.append(record)
    return records


def read_as(
    keys: DeviceKeys, seeds: dict[int, bytes], start: ChainState, records: list[LogRecord]
) -> dict[int, Received]:
    """Feed the raw log to a fresh reader holding only `keys` and `seeds`."""
    keyring = Keyring(start.team_id)
    for n, seed in sorted(seeds.items()):
        keyring.add_seed(n, seed)
    genesis = ChainState.genesis(start.team_id, start.pinned_fingerprint)
    reader = LogReader(keys, genesis, keyring, {})
    return {r.seq: reader.receive(r.seq, r.subject, r.data) for r in records}


def opened(result: Received) -> Event | None:
    """The event a reader could open and apply, if any."""
    return result.event if isinstance(result, Accepted) else None


def removal_seq(records: list[LogRecord], removed: bytes) -> int:
    """The stream sequence of the chain link that removed `removed`."""
    for record in records:
        if record.subject.endswith(".chain"):
            payload = parse_link(record.data).payload
            if isinstance(payload, RemoveDevice) and removed in payload.removed:
                return record.seq
    raise AssertionError("no removal link on the stream")
