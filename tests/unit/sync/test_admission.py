"""`once_admitted`: a new device retries the hub's refusal until its users are reloaded."""

from __future__ import annotations

import pytest

from app.sync.admission import once_admitted
from app.sync.transport import HubAccessDenied


@pytest.mark.asyncio
async def test_a_refusal_is_retried_until_the_hub_lets_the_device_in() -> None:
    answers: list[Exception | str] = [HubAccessDenied("not yet"), HubAccessDenied("not yet"), "in"]

    async def connect() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert await once_admitted(connect) == "in"
    assert answers == []


@pytest.mark.asyncio
async def test_a_refusal_that_lasts_is_raised() -> None:
    attempts = 0

    async def connect() -> str:
        nonlocal attempts
        attempts += 1
        raise HubAccessDenied("removed")

    with pytest.raises(HubAccessDenied):
        await once_admitted(connect, within=0.0)
    assert attempts >= 1


@pytest.mark.asyncio
async def test_other_errors_are_not_retried() -> None:
    attempts = 0

    async def connect() -> str:
        nonlocal attempts
        attempts += 1
        raise ConnectionRefusedError

    with pytest.raises(ConnectionRefusedError):
        await once_admitted(connect)
    assert attempts == 1
