"""Deterministic inputs for crypto tests and golden vectors."""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.chain import ChainState, SasStatus, add_device, create_team
from app.crypto.chain.local import enroll_locally
from app.crypto.encoding import Writer
from app.crypto.epoch import EpochSecrets
from app.crypto.fingerprint import team_fingerprint
from app.crypto.header import HeaderFields
from app.crypto.keys import DeviceKeys, generate_device_keys
from app.crypto.primitives import sha256
from app.domain.ids import EventId, TeamId
from app.domain.model import Role


class DetRng:
    """A reproducible `Rng`: the stream `SHA256(label ‖ u64 0) ‖ SHA256(label ‖ u64 1) ‖ …`."""

    def __init__(self, label: bytes) -> None:
        self._label = label
        self._counter = 0
        self._buffer = b""

    def __call__(self, n: int) -> bytes:
        while len(self._buffer) < n:
            block = sha256(self._label, Writer().u64(self._counter).getvalue())
            self._buffer += block
            self._counter += 1
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out


def keys(name: str) -> DeviceKeys:
    """Fixed device keys named `name`."""
    return generate_device_keys(DetRng(b"keys/" + name.encode()))


TEAM = TeamId(DetRng(b"team")(16))
ROOT = keys("root")
MEMBER = keys("member")
GATEWAY = keys("gateway")
OTHER_ADMIN = keys("other-admin")
FINGERPRINT = team_fingerprint(TEAM, ROOT.public().sig)


def event_id(label: str) -> EventId:
    """A fixed event id."""
    return EventId(DetRng(b"event/" + label.encode())(16))


@dataclass(frozen=True)
class Team:
    """A small validated team: root admin, a member (invite, then `add_device`) and a gateway
    (SAS skipped): four links."""

    links: tuple[bytes, ...]
    seed: bytes
    state: ChainState
    epoch: EpochSecrets


def build_team(rng_label: bytes = b"team-build") -> Team:
    """Creates the team and applies every link, as any device would."""
    rng = DetRng(rng_label)
    link1, seed = create_team(
        team_id=TEAM,
        root=ROOT,
        team_name="Acme Bikes",
        root_name="Front desk",
        created_at=1000,
        rng=rng,
    )
    state = ChainState.genesis(TEAM, FINGERPRINT).apply(link1)
    links = [link1]
    for link in enroll_locally(
        state,
        ROOT,
        joiner=MEMBER,
        role=Role.MEMBER,
        seed=seed,
        display_name="Ann",
        created_at=1001,
        rng=rng,
    ):
        state = state.apply(link)
        links.append(link)
    link = add_device(
        state,
        ROOT,
        device=GATEWAY.public(),
        hub_key=GATEWAY.hub_public,
        role=Role.GATEWAY,
        seed=seed,
        display_name="Gateway",
        created_at=1002,
        sas_status=SasStatus.SKIPPED,
        rng=rng,
    )
    state = state.apply(link)
    links.append(link)
    return Team(tuple(links), seed, state, EpochSecrets.derive(seed, TEAM, 1))


def fields(team: Team, label: str = "e1", *, seq: int = 1, prev: bytes = bytes(32)) -> HeaderFields:
    """Header fields for an event of `team` at its current head."""
    return HeaderFields(
        team_id=TEAM,
        epoch=team.epoch.n,
        event_id=event_id(label),
        author_seq=seq,
        author_prev=prev,
        chain_seqno=team.state.head_seqno,
        chain_head_hash=team.state.head_hash,
    )
