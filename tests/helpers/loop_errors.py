"""Errors that reached a qasync test loop's exception handler, so the test can fail on them.

A test that replaces the handler must put `record` back: qasync keeps its handler privately,
so `loop.get_exception_handler()` returns None there and cannot be used to restore it.
"""

from __future__ import annotations

import asyncio
from typing import Any

seen: list[dict[str, Any]] = []
"""Contexts received during the current test (cleared by the autouse fixture)."""


def record(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The exception handler of every qasync test loop: keep the context, and log it too."""
    seen.append(context)
    loop.default_exception_handler(context)
