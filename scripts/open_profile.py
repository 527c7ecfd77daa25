"""CPU of the desk's open step per live-like message (issue 8): `LogReader.receive_batch`.

    PYTHONPATH=$PWD .venv/bin/python scripts/open_profile.py [--size 20] [--batches 300]
        [--customers 50] [--profile FILE]

A founded team's gateway seals `--size` × `--batches` customer messages as in `bench live`
(`--customers` customers, short texts, random wamids, under sender keys), and a desk's reader
checks and opens the stream in batches of `--size` records, as the sync worker thread does
(a sender key, one every few thousand messages, is a record of its batch). Prints the thread
CPU per customer message opened (time.thread_time, so other processes on the machine do not
count; the sender keys' share stays in it, as in `bench live`). `--profile FILE` runs cProfile
with the thread's CPU clock and writes its statistics; the figure printed then includes
cProfile's own cost. Not a bench: the figure `switchboard bench live` prints is "desk CPU per
message, open thread".
"""

from __future__ import annotations

import argparse
import cProfile
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.bench.corpus import messages  # noqa: E402
from app.crypto.chain import ChainState  # noqa: E402
from app.domain.content import Text  # noqa: E402
from app.domain.ids import CustomerId, Wamid  # noqa: E402
from app.gateway.sealing import GatewayLog  # noqa: E402
from app.log.events import CustomerMessage  # noqa: E402
from app.sync.protocol import Accepted, Keyring, LogReader  # noqa: E402
from app.sync.subjects import Subjects  # noqa: E402
from app.sync.transport import LogRecord  # noqa: E402
from tests.helpers.local_team import found_team  # noqa: E402

NOW = 1767225600


def sealed_stream(count: int, customers: int) -> tuple[LogReader, list[LogRecord]]:
    team = found_team("Acme", ["Anna", "Ben"], NOW)
    subjects = Subjects(team.team_id.hex())
    gateway = GatewayLog(team.gateway, ChainState.genesis(team.team_id, team.fingerprint))
    for link in team.links:
        gateway.apply_link(link)
    links = [LogRecord(i + 1, subjects.chain, link) for i, link in enumerate(team.links)]
    reader = LogReader(
        team.desks["Ben"].keys,
        ChainState.genesis(team.team_id, team.fingerprint),
        Keyring(team.team_id),
        {},
    )
    reader.receive_batch(links)
    records = []
    seq = len(links) + 1
    for n, text in enumerate(messages(count)):
        if gateway.needs_sender_key(NOW):
            key = gateway.seal_sender_key(NOW)
            gateway.published(key)
            records.append(LogRecord(seq, subjects.inbound, key))
            seq += 1
        c = n % customers
        event = CustomerMessage(
            Wamid("wamid.SIM" + secrets.token_urlsafe(30)),
            CustomerId(f"CC.c{c}"),
            f"49151{c:07d}",
            f"Customer {c}",
            NOW,
            Text(text),
        )
        data = gateway.seal(event, NOW)
        gateway.published(data)
        records.append(LogRecord(seq, subjects.inbound, data))
        seq += 1
    return reader, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=20)
    parser.add_argument("--batches", type=int, default=300)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--profile")
    args = parser.parse_args()
    reader, records = sealed_stream(args.size * args.batches, args.customers)
    profile = cProfile.Profile(time.thread_time) if args.profile else None
    accepted = 0
    started = time.thread_time()
    if profile:
        profile.enable()
    for start in range(0, len(records), args.size):
        results = reader.receive_batch(records[start : start + args.size])
        accepted += sum(isinstance(r, Accepted) and r.event is not None for r in results)
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    spent = time.thread_time() - started
    print(
        f"open thread: {spent / accepted * 1e6:.1f} µs/msg "
        f"({accepted:,} messages opened in batches of {args.size})"
    )


if __name__ == "__main__":
    main()
