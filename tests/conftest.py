"""Test-wide setup: the Qt platform, the event loop per test, and automatic `gui` marks.

Qt tests (under `tests/unit/ui` and `tests/gui`, marked `gui`, or using a pytest-qt fixture) run
their `async def` bodies on a qasync loop over the shared QApplication, so one test can drive
widgets and coroutines together (stack.md §6). Every other async test keeps the stock asyncio
loop, and this module creates no QApplication unless a Qt test asks for one.

How pytest-asyncio 1.5 treats the loop-factory hook (read in its `plugin.py`): it is a
`firstresult` hook called once per test *definition* from `pytest_generate_tests`, and its answer
parametrizes that test's loop. Returning a different mapping per test is supported: each test is
parametrized with its own factories, and a single entry gets a hidden id, so test ids do not
change. Returning None or an empty mapping is a `UsageError`, so a test cannot opt out: non-Qt
tests get `asyncio.new_event_loop`, which is exactly what the plugin uses without the hook.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import loop_errors

# Before any QApplication exists: a process has exactly one platform (stack.md §7). The xvfb
# run sets QT_QPA_PLATFORM=xcb itself, and everything else draws offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests read English and C-locale numbers whatever the developer's desktop speaks or chose in
# View → Language, as in CI: the desk follows the system's languages (Qt reads LANGUAGE first,
# then LC_ALL) and a per-user setting under XDG_CONFIG_HOME. A test that wants German installs
# it (tests/helpers/german.py).
os.environ.pop("LANGUAGE", None)
os.environ["LC_ALL"] = "C.UTF-8"
_CONFIG_HOME = tempfile.TemporaryDirectory(prefix="switchboard-tests-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_HOME.name
atexit.register(_CONFIG_HOME.cleanup)

_TESTS = Path(__file__).resolve().parent
_QT_DIRS = (_TESTS / "unit" / "ui", _TESTS / "gui")
_QT_FIXTURES = frozenset({"qtbot", "qapp", "qtmodeltester", "qtlog"})
_QT_LOG_ALLOWED = (
    # The offscreen plugin says these whenever a window is shown or raised; harmless, and
    # only offscreen (stack.md §5).
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
)


def pytest_configure(config: pytest.Config) -> None:
    """Refuse an xcb run without a display instead of letting Qt abort the whole process."""
    if os.environ.get("QT_QPA_PLATFORM") == "xcb" and not os.environ.get("DISPLAY"):
        raise pytest.UsageError(
            "QT_QPA_PLATFORM=xcb but DISPLAY is not set: run under xvfb-run -a -s "
            "'-screen 0 1280x800x24' env QT_QPA_PLATFORM=xcb pytest -m xvfb tests/gui"
        )


def _is_qt_test(item: pytest.Item) -> bool:
    path = Path(str(item.path)).resolve()
    if any(path.is_relative_to(folder) for folder in _QT_DIRS):
        return True
    if item.get_closest_marker("gui") is not None:
        return True
    return bool(_QT_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def _qasync_loop() -> asyncio.AbstractEventLoop:
    # Imported here so that non-Qt test runs never load Qt.
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
    # Like qasync's own test fixture: errors that reach the loop fail the test (style.md P5).
    loop.set_exception_handler(loop_errors.record)
    return loop


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    """Pick the event loop of one async test: qasync for Qt tests, stock asyncio otherwise;
    a test marked `fast_loop` runs twice, on asyncio's loop and on uvloop (the gateway's)."""
    if _is_qt_test(item):
        return {"qasync": _qasync_loop}
    if item.get_closest_marker("fast_loop") is not None:
        try:
            import uvloop
        except ImportError:  # Windows: the gateway runs on asyncio's loop there
            return {"asyncio": asyncio.new_event_loop}
        return {"asyncio": asyncio.new_event_loop, "uvloop": uvloop.new_event_loop}
    return {"asyncio": asyncio.new_event_loop}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark Qt tests `gui`, and make their Qt warnings fail them (qt_log_level_fail)."""
    for item in items:
        if _is_qt_test(item):
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*_QT_LOG_ALLOWED))


@pytest.fixture(autouse=True)
def _fail_on_loop_errors() -> Iterator[None]:
    """Fail a test whose qasync loop reported an unhandled error (a lost task, a bad callback)."""
    loop_errors.seen.clear()
    yield
    errors = list(loop_errors.seen)
    loop_errors.seen.clear()
    if errors:
        messages = "; ".join(str(c.get("message") or c.get("exception")) for c in errors)
        pytest.fail(f"event loop reported {len(errors)} error(s): {messages}")
