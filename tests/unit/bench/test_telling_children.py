"""The bench's desks in processes of their own: one that ends before it is ready is an error
that names its log, not a wait without end."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bench import child
from app.bench.child import TellingChild, all_told, telling_children

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _children_find_the_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """The echo child is a module of the tests, found from the checkout whatever the cwd."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))


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
    given = [{"lines": ["a", "c 7", "b"]}]
    async with telling_children("tests.unit.bench.echo_child", Echo, given, logs) as children:
        pass
    assert heard == ["a", "b"]  # a count is the helper's own
    assert children[0].count == 7
    shown: list[int] = []
    await all_told(children, 7, patience=60.0, shown=shown.append)  # at once: all told
    assert shown == [7]
    await all_told(children, 8, patience=0.2, shown=shown.append)  # gives up once quiet
    assert set(shown) == {7}


@pytest.mark.asyncio
async def test_children_that_do_not_stop_are_killed_and_the_others_still_tell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(child, "STOP_PATIENCE", 0.5)
    heard: list[str] = []

    class Echo(TellingChild):
        def heard(self, line: str) -> None:
            heard.append(line)

    logs = [tmp_path / "hung.log", tmp_path / "echo.log"]
    givens = [{"lines": [], "ignore_stop": True}, {"lines": ["told"]}]
    ready: list[int] = []
    started = telling_children("tests.unit.bench.echo_child", Echo, givens, logs, ready.append)
    async with started as children:
        assert ready == [1, 2]
    assert children[0].process.returncode is not None  # killed, not waited for an hour
    assert children[0].process.returncode < 0
    assert heard == ["told"]
