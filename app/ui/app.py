"""Starting and stopping the desktop UI.

`run_desks(builder, shutdown, options)` is what `app.main` calls: it checks the runtime, creates
the QApplication and the qasync loop, installs the crash hooks, awaits `builder()` for one
`DeskApi` per desk, opens a `DeskWindow` for each (side by side), waits until the user quits,
and then awaits `shutdown()` before the loop ends (style.md P6).

Quitting: Ctrl+Q or Desk → Quit in any window, closing the last window, or Ctrl+C (SIGINT) in
the terminal. Qt never quits on its own (`setQuitOnLastWindowClosed(False)`, stack.md §5); a
second Ctrl+C while shutting down exits at once.

`create_desk_window(api)` builds one themed window on an already running loop, for tests;
`create_first_run_window(setup)` the window that founds or joins a team on a new computer.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import PySide6
import qasync
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImageReader
from PySide6.QtWidgets import QApplication

from app.aio import cancel_and_wait
from app.domain.errors import SwitchboardError
from app.services.api import DeskApi
from app.services.team_api import OpenTeamDesk, TeamAdmin, TeamSetup
from app.system.version import app_version
from app.ui import dialogs, qtlog, wording
from app.ui.crash import CrashReporter, RamLogHandler
from app.ui.desk_window import DeskWindow
from app.ui.fonts import add_bundled_fonts
from app.ui.i18n import language
from app.ui.resources import app_icon
from app.ui.team.first_run_window import FirstRunWindow
from app.ui.theme import apply_theme
from app.ui.ui_thread_gc import UiThreadCollector

log = logging.getLogger(__name__)

DeskBuilder = Callable[[], Awaitable[Sequence[DeskApi | OpenTeamDesk]]]
"""Builds the services and returns one desk per window to open (with its team services and
business name when it has them); none means the user left before a desk existed."""
Shutdown = Callable[[], Awaitable[None]]
"""Stops the services in order (outbox, NATS, database, hub); runs after the windows close."""

_languages: list[language.InstalledLanguage] = []
"""The installed translators, kept alive for the life of the process."""

EXIT_OK = 0
EXIT_FAILED = 1
_SIGINT_EXIT = 128 + signal.SIGINT
_QUIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""Signals that ask the app to quit cleanly (the loop's handlers exist on Unix only)."""


@dataclass(frozen=True, slots=True)
class UiOptions:
    """How the UI runs; `app.main` fills it from the command line."""

    business_name: str = ""
    """Shown in each window's header (the DeskApi does not carry it yet)."""
    show_error_windows: bool = True
    """False for `--no-err-windows`: crashes are only logged (smoke tests, headless runs)."""
    quit_after_ms: int | None = None
    """Quit by itself after this long (smoke tests)."""
    argv: Sequence[str] = ()
    """Extra Qt arguments (e.g. `-platform offscreen`)."""
    language: str | None = None
    """`--lang`: "system", "en" or "de"; None follows the saved setting (View → Language)."""


def runtime_problem(python: tuple[int, ...], pyside: tuple[int, ...]) -> str | None:
    """Why this Python/PySide6 pair must not run, or None if it may.

    PySide6 6.12 on Python 3.11 leaks a reference to `True` on every signal emit and aborts the
    interpreter after a few hundred emits (stack.md §1).
    """
    if tuple(python[:2]) < (3, 12) and tuple(pyside[:2]) >= (6, 12):
        found_py = ".".join(map(str, python[:3]))
        found_qt = ".".join(map(str, pyside[:3]))
        return (
            f"Switchboard cannot run on Python {found_py} with PySide6 {found_qt}: this pair "
            "crashes after a few hundred Qt signals. Install PySide6-Essentials 6.11.3 "
            "(pip install 'PySide6-Essentials==6.11.3') or use Python 3.12 or newer."
        )
    return None


SHUTDOWN_AFTER_LOSS_S = 10.0
IMAGE_ALLOCATION_LIMIT_MB = 256


def run_desks(builder: DeskBuilder, shutdown: Shutdown, options: UiOptions | None = None) -> int:
    """Run the desktop UI until the user quits; returns the process exit code.

    Args:
        builder: Awaited on the qasync loop once it runs; returns the desks to open.
        shutdown: Awaited after the windows have closed, whatever the reason for quitting.
        options: Display and smoke-test switches.

    Raises:
        SystemExit: Before any Qt object exists, if the Python/PySide6 pair is known to crash.
    """
    options = options or UiOptions()
    problem = runtime_problem(sys.version_info[:3], PySide6.__version_info__[:3])
    if problem is not None:
        raise SystemExit(problem)
    qtlog.install()
    app = _application(options)
    ram_log = RamLogHandler()
    logging.getLogger().addHandler(ram_log)
    reporter = CrashReporter(show_windows=options.show_error_windows, ram_log=ram_log)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    reporter.install(loop)
    collector = UiThreadCollector(app)
    collector.start()
    try:
        code: int = loop.run_until_complete(_session(builder, shutdown, options))
        return code
    except RuntimeError:
        # Qt stopped the loop under us: the display connection broke (X server gone), and
        # Qt quits the application. The session's own shutdown never ran, so run it here.
        log.critical("the display went away; shutting down", exc_info=True)
        _shutdown_after_loss(loop, shutdown)
        return EXIT_FAILED
    finally:
        _close_loop(loop)
        collector.stop()
        reporter.uninstall(loop)
        logging.getLogger().removeHandler(ram_log)


def _shutdown_after_loss(loop: asyncio.AbstractEventLoop, shutdown: Shutdown) -> None:
    async def bounded() -> None:
        async with asyncio.timeout(SHUTDOWN_AFTER_LOSS_S):
            await shutdown()

    try:
        loop.run_until_complete(bounded())
    except Exception:  # the process is ending anyway; say what was left undone
        log.critical("shutdown after losing the display did not finish", exc_info=True)


def create_desk_window(
    api: DeskApi,
    *,
    business_name: str = "",
    clock: Callable[[], float] = time.time,
    team: TeamAdmin | None = None,
) -> DeskWindow:
    """A themed desk window for `api`, built on the running qasync loop (not shown yet).

    With `team`, its menu also opens the team and WhatsApp number windows.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create_desk_window() needs a QApplication")
    apply_theme(app)
    return DeskWindow(api, business_name=business_name, clock=clock, team=team)


def _desk_window(opened: DeskApi | OpenTeamDesk, options: UiOptions) -> DeskWindow:
    if isinstance(opened, OpenTeamDesk):
        name = opened.business_name or options.business_name
        return create_desk_window(opened.desk, business_name=name, team=opened.team)
    return create_desk_window(opened, business_name=options.business_name)


def create_first_run_window(setup: TeamSetup) -> FirstRunWindow:
    """A themed first-run window (create or join a team), not shown yet; its `team_ready`
    signal says when to open the desk."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create_first_run_window() needs a QApplication")
    apply_theme(app)
    return FirstRunWindow(setup)


def place_side_by_side(windows: Sequence[DeskWindow]) -> None:
    """Tile the windows across the primary screen's free area, left to right."""
    screen = QGuiApplication.primaryScreen()
    if not windows or screen is None:
        return
    area = screen.availableGeometry()
    if len(windows) == 1:
        width, height = min(1180, area.width()), min(780, area.height())
        windows[0].setGeometry(
            area.x() + (area.width() - width) // 2,
            area.y() + (area.height() - height) // 2,
            width,
            height,
        )
        return
    width = area.width() // len(windows)
    for i, window in enumerate(windows):
        window.setGeometry(area.x() + i * width, area.y(), width, area.height())


def _application(options: UiOptions) -> QApplication:
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0], *options.argv])
    )
    app.setApplicationName("Switchboard")
    app.setApplicationVersion(app_version())
    app.setDesktopFileName("switchboard")
    add_bundled_fonts()
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
    # Customers send pictures: a small file can claim to be huge when decoded. Qt refuses
    # images needing more than this many MB instead of allocating it.
    QImageReader.setAllocationLimit(IMAGE_ALLOCATION_LIMIT_MB)
    # Before any window exists: widgets take their texts when they are built.
    choice = options.language or language.LanguageSetting.for_user().read()
    _languages.append(language.install(choice))
    apply_theme(app)
    return app


async def _session(builder: DeskBuilder, shutdown: Shutdown, options: UiOptions) -> int:
    quit_requested = asyncio.Event()
    interrupts = _Interrupts(quit_requested.set)
    interrupts.install()
    try:
        try:
            code = await _run_windows(builder, options, quit_requested)
        except Exception:
            log.critical("the desk UI failed", exc_info=True)
            code = EXIT_FAILED
        try:
            await shutdown()
        except Exception:
            log.critical("shutdown failed", exc_info=True)
            code = code or EXIT_FAILED
    finally:
        interrupts.uninstall()
    return code


async def _run_windows(
    builder: DeskBuilder, options: UiOptions, quit_requested: asyncio.Event
) -> int:
    if options.quit_after_ms is not None:
        # From the start: a first-run window or a passphrase prompt is quit after it too.
        asyncio.get_running_loop().call_later(options.quit_after_ms / 1000, quit_requested.set)
    try:
        built = await _unless_quit(builder(), quit_requested)
    except SwitchboardError as error:
        log.critical("the desks could not start: %s", error.code)
        if options.show_error_windows:
            title = wording.tr("Switchboard could not start")
            await dialogs.show_error(title, wording.describe_start_error(error))
        return EXIT_FAILED
    if built is None:
        log.info("quitting before a desk opened")
        return EXIT_OK
    apis = list(built)
    if not apis:
        log.info("no desk to open: the person left before one existed")
        return EXIT_OK
    windows = [_desk_window(api, options) for api in apis]
    tracker = _WindowTracker(len(windows), quit_requested.set)
    for window in windows:
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.quit_requested.connect(quit_requested.set)
        window.closed.connect(tracker.window_closed)
    place_side_by_side(windows)
    for window in windows:
        window.show()
    log.info("desks open: %d", len(windows))
    await quit_requested.wait()
    log.info("quitting")
    for window in windows:
        if shiboken6.isValid(window):
            window.close()
    return EXIT_OK


async def _unless_quit(
    building: Awaitable[Sequence[DeskApi | OpenTeamDesk]], quit_requested: asyncio.Event
) -> Sequence[DeskApi | OpenTeamDesk] | None:
    """What `building` returns, or None once a quit (Ctrl-C, SIGTERM, --quit-after-ms) comes
    first: the first-run window and the passphrase prompt are part of building, and a quit
    that nobody awaited while they were open left the process running."""
    build = asyncio.ensure_future(building)
    quit_wait = asyncio.ensure_future(quit_requested.wait())
    try:
        await asyncio.wait({build, quit_wait}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        await cancel_and_wait(quit_wait, None if build.done() else build)
    return None if build.cancelled() else build.result()


class _WindowTracker:
    """Requests quitting when the last desk window has closed."""

    def __init__(self, count: int, on_all_closed: Callable[[], None]) -> None:
        self._open = count
        self._on_all_closed = on_all_closed

    def window_closed(self) -> None:
        self._open -= 1
        if self._open <= 0:
            self._on_all_closed()


class _Interrupts:
    """Ctrl+C or SIGTERM: the first asks for a clean quit, a second one during shutdown exits
    at once. SIGTERM is what a session's logout, `kill` and service managers send: the desk
    closes its windows, finishes the write in hand and removes what it made, as on Ctrl+C.

    Qt's event loop sleeps in C++, where Python signal handlers cannot run. On Unix the loop's
    `add_signal_handler` wakes it through the signal wakeup fd (a socket qasync watches with a
    QSocketNotifier); elsewhere a Python handler is paired with a 200 ms timer that gives the
    interpreter a chance to run it.
    """

    def __init__(self, on_first: Callable[[], None]) -> None:
        self._on_first = on_first
        self._count = 0
        self._restore: Callable[[], None] = _nothing
        self._loop = asyncio.get_running_loop()

    def install(self) -> None:
        try:
            for signum in _QUIT_SIGNALS:
                self._loop.add_signal_handler(signum, self._interrupted)
        except (NotImplementedError, RuntimeError, ValueError):
            self._install_fallback()
        else:
            self._restore = self._remove_loop_handler

    def _install_fallback(self) -> None:
        previous = signal.signal(signal.SIGINT, self._python_handler)
        timer = QTimer()
        timer.timeout.connect(_nothing)
        timer.start(200)

        def restore() -> None:
            timer.stop()
            signal.signal(signal.SIGINT, previous)

        self._restore = restore

    def _remove_loop_handler(self) -> None:
        for signum in _QUIT_SIGNALS:
            self._loop.remove_signal_handler(signum)

    def uninstall(self) -> None:
        self._restore()
        self._restore = _nothing

    def _python_handler(self, signum: int, frame: Any) -> None:
        self._loop.call_soon_threadsafe(self._interrupted)

    def _interrupted(self) -> None:
        self._count += 1
        if self._count == 1:
            log.info("interrupted: quitting")
            self._on_first()
        else:
            log.warning("interrupted again: exiting without cleanup")
            os._exit(_SIGINT_EXIT)


def _nothing() -> None:
    """A slot that does nothing (the timer only has to wake the interpreter)."""


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
    asyncio.set_event_loop(None)
