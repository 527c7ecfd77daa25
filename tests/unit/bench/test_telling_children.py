"""The bench's desks in processes of their own: one that ends before it is ready is an error
that names its log, not a wait without end."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bench.child import TellingChild, telling_children


@pytest.mark.asyncio
async def test_a_child_that_ends_before_ready_names_its_log(tmp_path: Path) -> None:
    logs = [tmp_path / "echo-1.log", tmp_path / "echo-2.log"]
    givens = [{"lines": []}, {"fail": True}]
    with pytest.raises(RuntimeError, match=r"echo-2 ended at start; see echo-2\.log"):
        async with telling_children("tests.unit.bench.echo_child", TellingChild, givens, logs):
            pytest.fail("yielded a child that never said ready")
    assert "told to fail before ready" in logs[1].read_text()  # for whoever looks


@pytest.mark.asyncio
async def test_what_a_child_tells_reaches_its_handle(tmp_path: Path) -> None:
    heard: list[str] = []

    class Echo(TellingChild):
        def heard(self, line: str) -> None:
            heard.append(line)

    logs = [tmp_path / "echo.log"]
    async with telling_children("tests.unit.bench.echo_child", Echo, [{"lines": ["a", "b"]}], logs):
        pass
    assert heard == ["a", "b"]
