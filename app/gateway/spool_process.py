"""The spool's writer: a process of its own that commits the gateway's webhook bodies.

Why a process and not a thread: the gateway's event loop holds Python's lock (the GIL) most
of the time at full rate, and a writer thread took it back at every SQLite statement, every
seal and every wake-up. Measured on `bench gateway` (2 cores, 20,000 webhooks): the thread
made 2.4 context switches per webhook and cost the gateway's process about 40 µs of CPU per
webhook, most of it in the kernel switching threads; in a process of its own the same work
runs beside the loop on the other core and takes none of its time.

The gateway (`spool_writer.SpoolWriter`) starts it with pipes for its standard input and
output and says everything there (`spool_frames`): first the spool's key, the disk space to
keep free and the file, then bodies to append and ids to remove. Whatever requests wait are
committed in one transaction, flushed to disk when it holds bodies, and answered in order on
standard output. It ends when the gateway closes its end, which also happens when the gateway
is killed, so it never outlives it. It ignores SIGINT and SIGTERM: a Ctrl-C in a terminal and
systemd's stop reach the whole process group, and the gateway lets the flush under way finish
(its POSTs are answered) before it closes the pipe.

It imports little (SQLite, the AEAD) so that it is ready in a few tens of milliseconds.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import sqlite3
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from app.gateway import spool_frames as frames

__all__ = ["NONCE_LEN", "ROWS_AT_ONCE", "SCHEMA", "SpoolFile", "main"]

NONCE_LEN = 12
ROWS_AT_ONCE = 100
"""Bodies one INSERT statement takes (a group holds about as many as POSTs were in flight)."""
SCHEMA = """
CREATE TABLE IF NOT EXISTS body (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    raw BLOB NOT NULL
) STRICT;
"""
_READ_SIZE = 1 << 20
_IN, _OUT = 0, 1
_READV: Callable[[int, Sequence[memoryview]], int] | None = getattr(os, "readv", None)


class SpoolFile:
    """The spool's file as its one writer sees it."""

    def __init__(self, path: Path, key: bytes, keep_free: int) -> None:
        self._path = path
        self._aead = ChaCha20Poly1305(key)
        self._keep_free = keep_free
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._synchronous = ""

    def close(self) -> None:
        self._db.close()

    def commit(self, requests: list[frames.Request]) -> bytes:
        """Carry out `requests` in one transaction; their answers, in order.

        Raises:
            FrameError: A request's payload does not parse.
        """
        appends = [frames.bodies(r.payload) for r in requests if r.kind == frames.APPEND]
        ids = [run for r in requests if r.kind == frames.REMOVE for run in frames.runs(r.payload)]
        every_body = [raw for group in appends for raw in group]
        try:
            room = self._has_room(every_body)
            last = self._write(every_body if room == 0 else [], ids)
        except Exception as exc:  # noqa: BLE001 - answered, never a crash: the POSTs get 503
            code = _errno_of(exc)
            return b"".join(frames.answer(frames.BROKEN, code) for _ in requests)
        return self._answers(requests, appends, last, room)

    def _answers(
        self, requests: list[frames.Request], appends: list[list[bytes]], last: int, refused: int
    ) -> bytes:
        later = sum(len(group) for group in appends)
        groups = iter(appends)
        answers: list[bytes] = []
        for request in requests:
            if request.kind == frames.REMOVE:
                answers.append(frames.answer(frames.REMOVED))
                continue
            later -= len(next(groups))
            if refused:
                answers.append(frames.answer(frames.REFUSED, refused))
            else:
                answers.append(frames.answer(frames.APPENDED, last - later))
        return b"".join(answers)

    def _has_room(self, bodies: list[bytes]) -> int:
        """0 when the bodies fit beside the space kept free, else why not (an errno)."""
        if not bodies:
            return 0
        size = sum(len(raw) for raw in bodies)
        try:
            free = shutil.disk_usage(self._path.parent).free  # statvfs is not on Windows
        except OSError as exc:
            return exc.errno or errno.EIO
        return 0 if free >= size + self._keep_free else errno.ENOSPC

    def _write(self, bodies: list[bytes], runs: list[tuple[int, int]]) -> int:
        """One transaction; flushed to disk when it holds bodies (Meta's 200 waits for it),
        not for removals alone (one lost in a crash only publishes a body again).

        Returns:
            The id of the last body inserted (0 if none).
        """
        self._set_synchronous("FULL" if bodies else "NORMAL")
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for first, last in runs:
                db.execute("DELETE FROM body WHERE id BETWEEN ? AND ?", (first, last))
            inserted = 0
            sealed = [self._seal(raw) for raw in bodies]
            for start in range(0, len(sealed), ROWS_AT_ONCE):
                rows = sealed[start : start + ROWS_AT_ONCE]
                values = ",".join(["(?)"] * len(rows))
                cursor = db.execute(f"INSERT INTO body (raw) VALUES {values}", rows)
                inserted = int(cursor.lastrowid or 0)
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        return inserted

    def _seal(self, raw: bytes) -> bytes:
        nonce = os.urandom(NONCE_LEN)
        return nonce + self._aead.encrypt(nonce, raw, b"")

    def _set_synchronous(self, mode: str) -> None:
        if mode != self._synchronous:
            self._db.execute(f"PRAGMA synchronous={mode}")
            self._synchronous = mode


def main() -> int:
    """The process's entry; its exit status (2: not started by a gateway)."""
    if not _stdin_is_a_pipe():
        print(
            "switchboard: the spool's writer is started by `switchboard gateway` itself, "
            "not by hand",
            file=sys.stderr,
        )
        return 2
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)
    try:
        serve(_IN, _OUT)
    except (frames.FrameError, OSError):
        return 1  # the gateway sees the pipe close and starts another writer
    return 0


def serve(source: int, sink: int) -> None:
    """Open the spool as the first request from `source` says, then commit until the gateway
    hangs up; answers go to `sink` (file descriptors).

    Raises:
        FrameError: The gateway's bytes are not requests.
        OSError: A pipe broke.
    """
    buffer = bytearray()
    chunk = memoryview(bytearray(_READ_SIZE))
    first = _next_requests(source, buffer, chunk)
    if not first:
        return
    if first[0].kind != frames.OPEN:
        raise frames.FrameError("the first request opens the spool")
    key, keep_free, path = frames.open_fields(first[0].payload)
    try:
        spool = SpoolFile(Path(path), key, keep_free)
    except (OSError, sqlite3.Error, ValueError) as exc:  # ValueError: a NUL in the path
        _write_all(sink, frames.answer(frames.BROKEN, _errno_of(exc)))
        return
    try:
        _write_all(sink, frames.answer(frames.READY))
        pending = first[1:]
        while pending or (pending := _next_requests(source, buffer, chunk)):
            if any(r.kind == frames.OPEN for r in pending):
                raise frames.FrameError("the spool is open already")
            _write_all(sink, spool.commit(pending))
            pending = []
    finally:
        spool.close()


def _next_requests(source: int, buffer: bytearray, chunk: memoryview) -> list[frames.Request]:
    """Wait for at least one whole request; every one that waits comes with it (one read
    takes all a pipe holds, up to `_READ_SIZE`, into `chunk`). [] once the gateway hung up."""
    requests = frames.read_requests(buffer)
    while not requests:
        got = _read_into(source, chunk)
        if not got:
            return []
        buffer += chunk[:got]
        requests = frames.read_requests(buffer)
    return requests


def _read_into(source: int, chunk: memoryview) -> int:
    """Read into the one buffer the writer keeps: `os.read` made a new bytes object of
    `_READ_SIZE` per read, which glibc maps and unmaps (mmap, mremap, munmap: three system
    calls and page faults per round). Windows has no `readv`, and reads as before."""
    if _READV is None:
        data = os.read(source, len(chunk))
        chunk[: len(data)] = data
        return len(data)
    return _READV(source, [chunk])


def _write_all(sink: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(sink, view) :]


def _stdin_is_a_pipe() -> bool:
    """A pipe, or the socket that stands for one (uvloop's, libuv's, are sockets)."""
    try:
        mode = os.fstat(_IN).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _errno_of(exc: BaseException) -> int:
    if isinstance(exc, OSError) and exc.errno:
        return exc.errno
    if isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", None) == 13:
        return errno.ENOSPC  # SQLITE_FULL
    return errno.EIO


if __name__ == "__main__":
    sys.exit(main())
