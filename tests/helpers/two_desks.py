"""Anna's and Ben's desks for contract tests: on the fake team the UI tests use, or on the real
embedded team (a real nats-server, the simulator, the gateway, SQLCipher replicas). A contract
test runs the same assertions on both, so the fake cannot drift from the product."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Protocol

from app.demo.stack import DemoStack
from app.services.api import DeskApi
from app.simulator.simulator import Simulator
from app.simulator.state import Customer
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.stack import running_stack

SIDES = ["fake", "real"]
"""The `params` of a contract test's `side` fixture."""


class Side(Protocol):
    anna: DeskApi
    ben: DeskApi

    async def customer_writes(self, name: str, text: str) -> None:
        """The customer called `name` writes `text` to the business."""
        ...


class FakeSide:
    def __init__(self) -> None:
        self.team = FakeTeam()
        self.anna = self.team.desk("Anna")
        self.ben = self.team.desk("Ben")
        self.team.lists.admins.add(self.anna.me)  # the real team's founder, Ben a member

    async def customer_writes(self, name: str, text: str) -> None:
        self.team.customer_writes(name, text)


class RealSide:
    def __init__(self, stack: DemoStack) -> None:
        assert stack.simulator is not None
        self.stack = stack
        self.anna: DeskApi = stack.desks["Anna"].session
        self.ben: DeskApi = stack.desks["Ben"].session
        self.simulator: Simulator = stack.simulator
        self._customers: dict[str, Customer] = {}

    async def customer_writes(self, name: str, text: str) -> None:
        customer = self._customers.get(name)
        if customer is None:
            customer = self._customers[name] = self.simulator.add_customer(name)
        await self.simulator.customer_sends_text(customer.user_id, text)


@asynccontextmanager
async def two_desks(kind: str, tmp_path: Path) -> AsyncIterator[FakeSide | RealSide]:
    """The fake team's desks, or a started real team's (stopped when the block ends)."""
    if kind == "fake":
        yield FakeSide()
        return
    async with running_stack(tmp_path) as stack:
        yield RealSide(stack)
