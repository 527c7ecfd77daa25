"""Fixtures for tests over real processes and files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from app.demo.stack import DemoStack
from tests.helpers.stack import running_stack


@pytest_asyncio.fixture
async def stack(tmp_path: Path) -> AsyncIterator[DemoStack]:
    """Hub, simulator, gateway and the desks of Anna and Ben, each with its own replica."""
    async with running_stack(tmp_path) as team:
        yield team
