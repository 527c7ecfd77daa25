"""One message channel; crashes are logged once and shown without blocking."""

from __future__ import annotations

import asyncio
import logging
import sys

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from app.domain.errors import HubUnreachable, StaleView
from app.ui.crash import CrashDialog, CrashReporter, RamLogHandler
from app.ui.messages import Level, MessageChannel
from tests.helpers import loop_errors


def test_messages_wait_for_a_display(qapp: object) -> None:
    channel = MessageChannel()
    channel.info("early")
    shown: list[tuple[Level, str]] = []
    channel.attach(lambda level, text: shown.append((level, text)))
    channel.error("late")
    assert shown == [(Level.INFO, "early"), (Level.ERROR, "late")]


def test_typed_errors_are_logged_by_code_and_shown_in_words(
    qapp: object, caplog: pytest.LogCaptureFixture
) -> None:
    channel = MessageChannel()
    shown: list[tuple[Level, str]] = []
    channel.attach(lambda level, text: shown.append((level, text)))
    with caplog.at_level(logging.WARNING):
        channel.report(StaleView(), "reply")
        channel.report(HubUnreachable(), "claim")
    assert [level for level, _ in shown] == [Level.WARNING, Level.ERROR]
    assert "Nothing was sent" in shown[0][1]
    assert "reply failed: stale-view" in caplog.text


def raise_and_catch() -> BaseException:
    try:
        raise ValueError("a bug")
    except ValueError as error:
        return error


def test_reporter_only_logs_without_windows(qapp: object, caplog: pytest.LogCaptureFixture) -> None:
    reporter = CrashReporter(show_windows=False)
    error = raise_and_catch()
    with caplog.at_level(logging.CRITICAL):
        reporter.excepthook(type(error), error, error.__traceback__)
    assert reporter.reports == 1
    assert "ValueError: a bug" in caplog.text
    assert reporter._dialog is None


def test_reporter_shows_one_non_modal_dialog(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    ram = RamLogHandler()
    ram.emit(logging.LogRecord("app.x", logging.INFO, __file__, 1, "before the crash", None, None))
    reporter = CrashReporter(show_windows=True, ram_log=ram)
    loop = asyncio.new_event_loop()
    try:
        with caplog.at_level(logging.CRITICAL):
            reporter.report("first", raise_and_catch())
            reporter.loop_exception(loop, {"message": "second", "exception": raise_and_catch()})
    finally:
        loop.close()
    dialog = reporter._dialog
    assert isinstance(dialog, CrashDialog)
    assert dialog.isVisible()
    assert not dialog.isModal()
    details = dialog.details()
    assert "first" in details
    assert "second" in details
    assert "before the crash" in details
    dialog.close()  # deletes itself (WA_DeleteOnClose)
    assert reporter.reports == 2
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))


@pytest.mark.asyncio
async def test_install_points_both_hooks_at_the_reporter() -> None:
    loop = asyncio.get_running_loop()
    reporter = CrashReporter(show_windows=False)
    reporter.install(loop)
    try:
        assert sys.excepthook == reporter.excepthook
        loop.call_exception_handler({"message": "from the loop"})
        assert reporter.reports == 1
    finally:
        reporter.uninstall(loop)
        loop.set_exception_handler(loop_errors.record)
    assert sys.excepthook != reporter.excepthook
    assert shiboken6.isValid(reporter)
