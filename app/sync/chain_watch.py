"""Following the team chain alone, validating each link: for devices that are not members yet.

A joining desk or gateway reads the chain before it has a replica: to find its invite, to check
who answers it, and to see the `add_device` that admits it. Links are validated from the
pinned fingerprint (or, for a joiner with only a code, the one link 1 names — the SAS then
covers it); an invalid link stops the watch with `ChainInvalid`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from app.crypto.chain import ChainState, CreateTeam, parse_link
from app.crypto.errors import ChainInvalid
from app.crypto.fingerprint import team_fingerprint
from app.domain.ids import TeamId
from app.sync.transport import Follower, LogRecord, Transport, chain_subject


class ChainWatch:
    """The validated chain as links arrive; `wait_for` a condition on it."""

    def __init__(self, transport: Transport, team_id: TeamId, fingerprint: bytes | None) -> None:
        """Args:
        transport: A transport of the team.
        team_id: The team.
        fingerprint: The team fingerprint to pin; None trusts the one link 1 names.
        """
        self._transport = transport
        self._team_id = team_id
        self._pinned = fingerprint
        self.state: ChainState | None = (
            ChainState.genesis(team_id, fingerprint) if fingerprint else None
        )
        self.last_seq = 0
        """Stream sequence of the newest applied link."""
        self.problem: ChainInvalid | None = None
        self._changed = asyncio.Condition()
        self._follower: Follower | None = None

    async def start(self) -> None:
        """Follow the chain subject from its first link."""
        self._follower = self._transport.follow(
            1, self._on_batch, subjects=[chain_subject(self._team_id.hex())]
        )

    async def stop(self) -> None:
        if self._follower is not None:
            await self._follower.stop()
            self._follower = None

    async def caught_up(self, within: float = 30.0) -> ChainState:
        """The chain up to the newest link the hub holds now.

        Raises:
            ChainInvalid: A link did not validate.
            TimeoutError: Not caught up within `within` seconds.
        """
        # A joiner may read the chain subject only, so it counts links instead of asking for
        # the newest record's sequence.
        target = await self._transport.count_on_subject(chain_subject(self._team_id.hex()))
        return await self.wait_for(lambda state: state.head_seqno >= target, within)

    async def wait_for(
        self, condition: Callable[[ChainState], bool], within: float | None = None
    ) -> ChainState:
        """Wait until `condition(state)` holds for the validated state, and return that state.

        Raises:
            ChainInvalid: A link did not validate.
            TimeoutError: After `within` seconds (None: no limit).
        """
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(
                lambda: (
                    self.problem is not None or (self.state is not None and condition(self.state))
                )
            )
        if self.problem is not None:
            raise self.problem
        assert self.state is not None
        return self.state

    async def poke(self) -> None:
        """Have every `wait_for` look at its condition again (something else it reads moved)."""
        async with self._changed:
            self._changed.notify_all()

    async def _on_batch(self, records: Sequence[LogRecord]) -> None:
        for record in records:
            if self.problem is not None:
                break
            try:
                self.state = self._apply(record.data)
                self.last_seq = record.seq
            except ChainInvalid as invalid:
                self.problem = invalid
        async with self._changed:
            self._changed.notify_all()

    def _apply(self, link: bytes) -> ChainState:
        if self.state is None:
            parsed = parse_link(link)
            if not isinstance(parsed.payload, CreateTeam):
                raise ChainInvalid("genesis")
            fingerprint = team_fingerprint(self._team_id, parsed.payload.root.sig)
            self.state = ChainState.genesis(self._team_id, fingerprint)
        return self.state.apply(link)
