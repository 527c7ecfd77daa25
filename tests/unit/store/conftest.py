"""Store tests run on real SQLCipher files in tmp_path, on the stock asyncio loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.store.replica import Replica
from tests.unit.store.builders import KEY, LogBuilder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "replica.db"


@pytest_asyncio.fixture
async def replica(db_path: Path) -> AsyncIterator[Replica]:
    opened = await Replica.open(db_path, KEY)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def log() -> LogBuilder:
    return LogBuilder()
