"""The gateway's log through a stretch of failures: the machine's once, a bug's every time."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from app.gateway.trouble import Trouble

LOG = logging.getLogger("tests.gateway.trouble")


def test_a_full_disk_is_one_line_until_it_works_again(caplog: pytest.LogCaptureFixture) -> None:
    trouble = Trouble(LOG, "sealing a run")
    with caplog.at_level(logging.INFO, logger=LOG.name):
        for _ in range(50):  # a few a second while the disk stays full
            trouble.failed(sqlite3.OperationalError("database or disk is full"))
        trouble.worked()
        trouble.worked()
        trouble.failed(sqlite3.OperationalError("database or disk is full"))
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in caplog.records] == [
        (
            "WARNING",
            "sealing a run failed: the disk is full; free some space",
            None,
        ),
        ("INFO", "sealing a run works again", None),
        (
            "WARNING",
            "sealing a run failed: the disk is full; free some space",
            None,
        ),
    ]


def test_a_bug_keeps_its_traceback_every_time(caplog: pytest.LogCaptureFixture) -> None:
    trouble = Trouble(LOG, "sealing a run")
    with caplog.at_level(logging.INFO, logger=LOG.name):
        for _ in range(3):
            trouble.failed(KeyError("bug"))
    assert [r.levelname for r in caplog.records] == ["ERROR"] * 3
    assert all(r.exc_info is not None for r in caplog.records)
