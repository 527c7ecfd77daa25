"""ui.app: the runtime guard, and whole runs of `run_desks` in child processes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.ui import dialogs
from app.ui.app import runtime_problem

ROOT = Path(__file__).resolve().parents[3]


def child(mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-X", "dev", "-m", "tests.unit.ui.app_child", mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    ("python", "pyside", "refused"),
    [
        ((3, 11, 7), (6, 12, 0), True),
        ((3, 11, 7), (6, 11, 3), False),
        ((3, 12, 1), (6, 12, 0), False),
        ((3, 13, 0), (6, 13, 1), False),
    ],
)
def test_runtime_guard(python: tuple[int, ...], pyside: tuple[int, ...], refused: bool) -> None:
    problem = runtime_problem(python, pyside)
    assert (problem is not None) == refused
    if problem:
        assert "6.11.3" in problem
        assert "3.12" in problem


def test_quits_by_itself_and_shuts_down_in_order() -> None:
    process = child("quit")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.split() == ["ready", "shutdown"]


def test_ctrl_c_ends_the_app_cleanly() -> None:
    process = child("sigint")
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    time.sleep(0.5)  # windows up, Qt idle in its C++ loop
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.split() == ["shutdown"]
    assert "KeyboardInterrupt" not in err


def test_a_failed_start_still_shuts_down() -> None:
    process = child("fail")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert out.split() == ["shutdown"]
    assert "keychain-unavailable" in err


@pytest.mark.asyncio
async def test_dialogs_are_awaited_without_a_nested_loop(qtbot: QtBot) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "t", "x", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)
    ticks: list[int] = []

    async def tick() -> None:
        for i in range(5):
            ticks.append(i)
            await asyncio.sleep(0.01)
        box.done(7)

    ticker = asyncio.ensure_future(tick())
    assert await dialogs.ask(box) == 7
    assert ticks == [0, 1, 2, 3, 4]  # the loop kept running while the dialog was open
    await ticker
