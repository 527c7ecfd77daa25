"""Run one nats-server as a child process: start, readiness, restart with back-off, reaping."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import logging
import os
import signal
import ssl
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

from app.aio import cancel_and_wait
from app.hub.cluster import secret_rng
from app.hub.config import (
    HubConfig,
    HubError,
    is_loopback,
    nats_server_path,
    render_config,
    server_environment,
    usable_cpus,
)
from app.hub.service import HubService
from app.hub.storage_health import LogFollower, room_to_restart, storage_failure
from app.hub.tls import cert_fingerprint, ensure_self_signed, pinned_context

__all__ = ["Hub", "HubConfig", "HubError"]

_log = logging.getLogger(__name__)

_POLL_STEP = 0.01
"""Seconds between readiness checks; the server is usually ready within ~15 ms."""
_STABLE_AFTER = 10.0
"""A server that ran this long before dying restarts with the shortest back-off again."""
_LOG_TAIL_LINES = 20
_RELOAD_TIMEOUT = 5.0
"""Seconds to wait for nats-server to log that it re-read its configuration."""
_STORAGE_POLL = 1.0
"""Seconds between looks at the server's log for failed store writes, and at the free space."""
_SIGHUP: signal.Signals | None = getattr(signal, "SIGHUP", None)
"""nats-server reloads its users on SIGHUP; Windows has none for a plain process."""


class Hub:
    """Supervise a local nats-server with JetStream.

    ``start()`` spawns the server and returns its client URL; a watcher task restarts the server
    with exponential back-off (on the same port) if it dies, until ``stop()``. Usable as an async
    context manager. With ``config.auth`` the hub service (:class:`HubService`) runs beside it:
    only nkey users get in, and :attr:`setup_code` founds the team.
    """

    def __init__(self, config: HubConfig, *, executable: Path | None = None) -> None:
        """Prepare a hub; nothing runs until :meth:`start`.

        Args:
            config: Where and how to run the server.
            executable: The nats-server binary; found with :func:`nats_server_path` if omitted.
        """
        self._config = config
        self._executable = executable
        self._port = config.port
        self._proc: asyncio.subprocess.Process | None = None
        self._url: str | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._restarts = 0
        self._store_failed = False
        self._service = (
            _service_for(config, self.reload, lambda: self._store_failed) if config.auth else None
        )
        self._service_running = False
        self._tls_files: tuple[Path, Path] | None = None
        self._tls_fingerprint: bytes | None = None

    @property
    def url(self) -> str:
        """Client URL such as ``nats://127.0.0.1:4222``.

        Raises:
            HubError: The hub has never been started.
        """
        if self._url is None:
            raise HubError("hub not started")
        return self._url

    @property
    def store_dir(self) -> Path:
        """JetStream's storage directory (``<data_dir>/js``)."""
        return self._config.store_dir

    @property
    def pid(self) -> int | None:
        """PID of the running server, or None while none runs."""
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        """Whether a server process is up (it may be between restarts otherwise)."""
        return self._proc is not None and self._proc.returncode is None

    @property
    def service(self) -> HubService | None:
        """The hub service, when authentication is on."""
        return self._service

    @property
    def setup_code(self) -> str | None:
        """The one-time setup code while no team is bound (None without authentication)."""
        return self._service.setup_code if self._service is not None else None

    @property
    def tls_fingerprint(self) -> bytes | None:
        """SHA-256 of the hub's certificate, for desks to pin; None without TLS."""
        return self._tls_fingerprint

    def client_tls(self) -> ssl.SSLContext | None:
        """A client context pinned to this hub's certificate; None without TLS."""
        return pinned_context(self._tls_fingerprint) if self._tls_fingerprint else None

    @property
    def restarts(self) -> int:
        """How many times the watcher has restarted a server that died."""
        return self._restarts

    async def start(self) -> str:
        """Start the server if it is not running and watch it.

        Returns:
            The client URL.

        Raises:
            HubError: The binary is missing, the server exited early or was not ready in time.
        """
        if self.running:
            return self.url
        if self._service is not None and _SIGHUP is None:
            # nats-server reloads by SIGHUP, or on Windows only when it runs as a service
            # (`--signal reload=<service>`); a restart instead would cut founding's reply.
            raise HubError("a hub with logins needs SIGHUP reloads: run it on Linux or macOS")
        # A watcher may be between restarts; this call takes over from it.
        await self._cancel_watcher()
        await self._spawn()
        self._watcher = asyncio.create_task(self._watch(), name="hub-watcher")
        if self._service is not None and not self._service_running:
            try:
                await self._service.start(self.url, self.client_tls())
            except BaseException:
                await self.stop()
                raise
            self._service_running = True
        return self.url

    async def reload(self) -> None:
        """Have the server re-read its configuration (SIGHUP) and wait until it logs so.

        A server between restarts reads the new files when it starts; nothing to signal then.

        Raises:
            HubError: The server refused the new configuration, or cannot be signalled.
        """
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return
        if _SIGHUP is None:
            raise HubError("this platform cannot signal nats-server to reload its users")
        log = self._config.log_path
        offset = log.stat().st_size if log.exists() else 0
        proc.send_signal(_SIGHUP)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _RELOAD_TIMEOUT
        while loop.time() < deadline:
            news = _read_from(log, offset)
            if "Reloaded server configuration" in news:
                return
            if "Failed to reload" in news:
                raise HubError(f"nats-server refused the new configuration; see {log}")
            await asyncio.sleep(_POLL_STEP)
        _log.warning("hub reload not confirmed within %.1fs", _RELOAD_TIMEOUT)

    async def kill(self) -> None:
        """SIGKILL the server, as a crash would, and do not restart it until :meth:`start`.

        For tests and ``switchboard bench cluster``: one node of a cluster fails at once.
        """
        await self._cancel_watcher()
        proc = self._proc
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()

    async def stop(self) -> None:
        """Stop watching, then SIGTERM, wait, SIGKILL if needed, and reap. Idempotent."""
        if self._service is not None and self._service_running:
            self._service_running = False
            await self._service.stop()
        await self._cancel_watcher()
        proc, self._proc = self._proc, None
        if proc is not None:
            await _terminate(proc, self._config.stop_timeout)
            _log.info("hub stopped (pid %d, exit %s)", proc.pid, proc.returncode)

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _cancel_watcher(self) -> None:
        watcher, self._watcher = self._watcher, None
        await cancel_and_wait(watcher)

    async def _spawn(self) -> None:
        """Write the config, exec the server and wait until its ports file appears."""
        cfg = self._config
        cfg.store_dir.mkdir(parents=True, exist_ok=True)
        _clear_ports_files(cfg.data_dir)
        self._prepare_tls()
        if self._service is not None:
            self._service.prepare()
        conf = render_config(cfg, self._port, self._tls_files)
        cfg.conf_path.write_text(conf, encoding="utf-8")
        exe = self._executable or nats_server_path()
        args = ["-c", str(cfg.conf_path), "--ports_file_dir", str(cfg.data_dir)]
        args += ["-l", str(cfg.log_path)]
        try:
            # Config errors are printed to stderr before -l takes effect, so append them to the
            # same log: one file explains every failed start. A session of its own keeps a
            # terminal's Ctrl+C from killing the server behind our back; stop() ends it.
            with cfg.log_path.open("ab") as log:
                proc = await asyncio.create_subprocess_exec(
                    str(exe),
                    *args,
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=log,
                    start_new_session=True,
                    preexec_fn=_die_with_parent(),
                    env=server_environment(
                        os.environ, usable_cpus(), shares_machine=is_loopback(cfg.host)
                    ),
                )
        except OSError as err:
            raise HubError(f"cannot run {exe}: {err}") from err
        try:
            url = await self._wait_ready(proc)
        except BaseException:
            await _terminate(proc, cfg.stop_timeout)
            raise
        self._proc, self._url = proc, url
        self._port = urlsplit(url).port or self._port
        _log.info("hub started (pid %d) on %s", proc.pid, url)

    def _prepare_tls(self) -> None:
        """The operator's certificate, or a self-signed one made on first start, and its pin."""
        cfg = self._config
        if not cfg.uses_tls or self._tls_files is not None:
            return
        if cfg.tls_cert is not None and cfg.tls_key is not None:
            files = (cfg.tls_cert, cfg.tls_key)
        else:
            files = ensure_self_signed(cfg.tls_dir, cfg.host)
        try:
            self._tls_fingerprint = cert_fingerprint(files[0])
        except (OSError, ValueError) as err:
            raise HubError(f"cannot read the TLS certificate {files[0]}: {err}") from err
        self._tls_files = files

    async def _wait_ready(self, proc: asyncio.subprocess.Process) -> str:
        """Poll for the ports file of ``proc`` until the startup deadline.

        A stale file from a crashed server carries another PID in its name, so only the file of
        the process we spawned counts.
        """
        cfg = self._config
        ports_file = cfg.data_dir / f"nats-server_{proc.pid}.ports"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + cfg.startup_timeout
        while True:
            if proc.returncode is not None:
                _log.debug("%s ends with:\n%s", cfg.log_path, _tail(cfg.log_path))
                raise HubError(startup_failure(_tail(cfg.log_path), cfg.host, cfg.port))
            urls = _read_ports_file(ports_file)
            if urls:
                return _pick_url(urls, cfg.host)
            if loop.time() > deadline:
                raise HubError(
                    f"nats-server not ready after {cfg.startup_timeout}s; "
                    f"{cfg.log_path} ends with:\n{_tail(cfg.log_path)}"
                )
            await asyncio.sleep(_POLL_STEP)

    async def _watch(self) -> None:
        """Restart the server whenever it exits without :meth:`stop` having been called, or
        once its disk has room again after a store write failed (`storage_health`)."""
        loop = asyncio.get_running_loop()
        failures = 0
        while (proc := self._proc) is not None:
            started = loop.time()
            failed_write = await self._until_exit_or_failed_write(proc)
            if failed_write is not None:
                await self._restart_with_room(proc, failed_write)
                failures = await self._restart(1)
                continue
            _log.warning("hub (pid %d) exited unexpectedly with %s", proc.pid, proc.returncode)
            self._proc = None
            failures = 1 if loop.time() - started >= _STABLE_AFTER else failures + 1
            failures = await self._restart(failures)

    async def _until_exit_or_failed_write(self, proc: asyncio.subprocess.Process) -> str | None:
        """Wait until `proc` exits (None) or its log says a store write failed (that line)."""
        log = LogFollower.from_end(self._config.log_path)
        exited = asyncio.ensure_future(proc.wait())
        try:
            while not exited.done():
                await asyncio.wait({exited}, timeout=_STORAGE_POLL)
                if (failed := storage_failure(log.news())) is not None:
                    return failed
            return None
        finally:
            await cancel_and_wait(exited)

    async def _restart_with_room(self, proc: asyncio.subprocess.Process, failed: str) -> None:
        """A store write failed: the server refuses writes until restarted, so wait for room
        on its disk (however long the operator takes to free it), then stop it."""
        store = self._config.store_dir
        _log.error("hub storage failed (%s); restarting once %s has room again", failed, store)
        self._store_failed = True  # the hub service tells the desks, who ask
        # Free space raises no event to wait for: look again every second.
        while not room_to_restart(store):  # noqa: ASYNC110
            await asyncio.sleep(_STORAGE_POLL)
        _log.warning("hub storage has room again: restarting the server (pid %d)", proc.pid)
        self._store_failed = False
        self._proc = None
        await _terminate(proc, self._config.stop_timeout)

    async def _restart(self, failures: int) -> int:
        """Spawn again after an exponential delay until it works; returns the failure count."""
        cfg = self._config
        while True:
            delay = min(cfg.restart_backoff_max, cfg.restart_backoff * 2 ** (failures - 1))
            await asyncio.sleep(delay)
            try:
                await self._spawn()
            except Exception:
                # Keep trying: the team's desks depend on this hub (e.g. the port is briefly busy).
                _log.exception("hub restart %d failed", failures)
                failures += 1
            else:
                self._restarts += 1
                return failures


def _service_for(
    config: HubConfig, reload: Callable[[], Awaitable[None]], store_failing: Callable[[], bool]
) -> HubService:
    """The hub service; a cluster's nodes draw the same setup code from their shared secret."""
    if config.cluster is None:
        return HubService(config, reload, store_failing=store_failing)
    secret = secret_rng(config.cluster.secret)
    return HubService(config, reload, rng=secret, store_failing=store_failing)


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, have the kernel send SIGTERM to the server if this process dies.

    stop() ends the server on every orderly path; this covers the disorderly ones (a crash, a
    SIGKILL, the display vanishing) so no orphan nats-server keeps the store locked. libc is
    loaded here, before fork, so the child only makes one system call before exec.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def set_pdeathsig() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM)

    return set_pdeathsig


async def _terminate(proc: asyncio.subprocess.Process, grace: float) -> None:
    """SIGTERM, wait up to ``grace`` seconds, SIGKILL, and always reap the child."""
    try:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.terminate()
            try:
                async with asyncio.timeout(grace):
                    await proc.wait()
            except TimeoutError:
                _log.warning("hub (pid %d) ignored SIGTERM for %.1fs; killing it", proc.pid, grace)
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
        await proc.wait()
    except BaseException:
        # Cancelled mid-way: never leave an orphan behind; the child watcher reaps it.
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        raise


def _clear_ports_files(data_dir: Path) -> None:
    """Delete ports files left by crashed servers; refuse to share the store with a live one.

    nats-server does not lock its store directory, and two servers on one store corrupt it (an
    orphan of a crashed app would still be running). Deleting stale files also means a recycled
    PID can never match an old file.
    """
    for ports in data_dir.glob("nats-server_*.ports"):
        pid = ports.stem.removeprefix("nats-server_")
        if pid.isdigit() and _alive(int(pid)):
            raise HubError(
                f"nats-server pid {pid} already uses {data_dir}; stop it or delete {ports}"
            )
        with contextlib.suppress(FileNotFoundError):
            ports.unlink()


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, but belongs to another user
        return True
    return True


def _read_ports_file(path: Path) -> list[str]:
    """Return the client URLs in a ports file, or [] if it is missing or half-written."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return []
    urls = content.get("nats") if isinstance(content, dict) else None
    if not isinstance(urls, list):
        return []
    return [url for url in urls if isinstance(url, str)]


def _pick_url(urls: list[str], host: str) -> str:
    """Prefer the URL on the configured host, then loopback, then whatever came first."""
    for wanted in (host, "127.0.0.1", "localhost"):
        for url in urls:
            if urlsplit(url).hostname == wanted:
                return url
    return urls[0]


def _read_from(path: Path, offset: int) -> str:
    """What a log file gained after ``offset`` ("" if it is unreadable)."""
    try:
        with path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def startup_failure(log_tail: str, host: str, port: int) -> str:
    """One sentence for a nats-server that exited while starting, from its log's last lines:
    what went wrong and what to do, not twenty lines of the server's own log (kept at DEBUG)."""
    fatal = [line for line in log_tail.splitlines() if "[FTL]" in line or "[ERR]" in line]
    text = fatal[-1].split("]", 2)[-1].strip() if fatal else ""
    lowered = text.lower()
    if "address already in use" in lowered:
        return (
            f"port {port} is in use on this computer: stop what uses it, or choose another --port"
        )
    if "assign requested address" in lowered or "no such host" in lowered:
        return f"cannot listen on {host}: it is not an address of this computer (--host)"
    if "permission denied" in lowered:
        return f"no permission to listen on port {port}: choose a port above 1023 (--port)"
    if not log_tail.strip():
        return "nats-server stopped while starting and wrote no log: is its disk full?"
    return f"nats-server stopped while starting: {text or log_tail.splitlines()[-1]}"


def _tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    """The last lines of a log file, for error messages."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        return f"(log unreadable: {err})"
    return "\n".join(text.splitlines()[-lines:])
