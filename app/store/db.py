"""Opening the SQLCipher replica, and the one async connection everything else goes through.

The recipe is crypto.md §3.14 and stack.md §10: a `sqlcipher3` connection keyed with a raw
32-byte key as its first statement, run on aiosqlite's worker thread through its (semi-internal,
pinned) `Connection(connector, iter_chunk_size)` constructor. Transactions are explicit
(`isolation_level=None`), and one asyncio lock serialises every use of the connection, so a
reader never sees another coroutine's half-done transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import threading
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Iterable,
    Iterator,
    Sequence,
)
from pathlib import Path
from typing import Any, NoReturn, Protocol, TypeVar

import aiosqlite
from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.errors import (
    ForeignDatabase,
    StoreClosed,
    StoreDamaged,
    StoreUnavailable,
    SwitchboardError,
    WrongKey,
)

log = logging.getLogger(__name__)

# aiosqlite logs every statement *with its parameters* at DEBUG: message texts, names and phone
# numbers would reach the log whenever someone turns on debug logging. Never below INFO.
logging.getLogger("aiosqlite").setLevel(logging.INFO)

KEY_LEN = 32
_KEY_HEX = re.compile(r"[0-9a-f]{64}")
_PLAINTEXT_HEADER = b"SQLite format 3\x00"

CACHE_KIB = 32 * 1024
"""The page cache's ceiling, in KiB (SQLite's negative `cache_size`). SQLCipher keeps pages
decrypted in it, so every miss costs a read, an HMAC check and a decryption. Measured on a
replica of 100,000 messages in 3,000 conversations: 600 random message pages took 400-440 ms
warm with 32 MiB against 523-581 ms with the default 2 MiB; applying the 100,000 in catch-up
batches was the same with either (74-79 us/record), as writes touch only the tips of the
indexes. It is a ceiling, filled only as pages are read, so a desk that opens a large replica
and shows one page stays small. No `mmap_size`: SQLCipher never maps an encrypted file, pages
must pass through its codec."""

STATEMENT_CACHE = 512
"""Prepared statements the connection keeps (sqlcipher3's default is 128). The store has about
170 statements of its own, and each IN list of a batch's loads up to ten lengths
(`batch_customers.select_in`): with 128 a live apply prepared most of its statements again
each time (SQLite's parse and plan cost more than running these small statements). A
statement takes a few KiB."""

PAGE_HMAC = "HMAC_SHA256"
"""How SQLCipher authenticates every page of a replica created from now on (issue 8).

SQLCipher 4's default is HMAC-SHA512. HMAC-SHA256 keyed with the same 256 bits, with a 256-bit
tag, is as strong a MAC here, and CPUs with SHA extensions (x86 since 2016-2019, ARMv8) compute
SHA-256 in hardware but not SHA-512. A live commit encrypts and authenticates every page it
writes (about half of the SQLite thread's time): with SHA-256 the thread's CPU per live message
fell about a tenth (`scripts/apply_profile.py`, docs/bench.md). A file's HMAC is fixed when it
is created, so older replicas keep `LEGACY_PAGE_HMAC` (security.md, "The replica on disk")."""

LEGACY_PAGE_HMAC = "HMAC_SHA512"
"""SQLCipher 4's default: replicas created before `PAGE_HMAC`."""

_NONE_FOR_ANY: Callable[[Any], None] = {}.get
"""Returns None for any argument, in C (a lambda would cost a Python call per NULL bound)."""


def _bind_without_lookups() -> None:
    """Register adapters for `bytes`, None and `bool` that bind what was bound before.

    sqlcipher3 binds exact str, int and float directly, but sends every other value through
    its adapter protocol: a registry miss, then `__adapt__` and `__conform__` lookups, before
    binding it as it is. Our rows are mostly ids, envelopes and hashes (bytes), empty columns
    (None) and flags (bool), so a catch-up batch spent about a sixth of its SQLite thread
    there (py-spy). A registered adapter is one dictionary hit and a C call; what is bound is
    the same BLOB, NULL or 0/1 as before. Process-wide, like sqlcipher3's registry itself.
    Enums are not covered (the registry matches exact types): pass `int(member)`.
    """
    sqlcipher.register_adapter(bytes, bytes)  # bytes(b) is b itself for an exact bytes
    sqlcipher.register_adapter(type(None), _NONE_FOR_ANY)
    sqlcipher.register_adapter(bool, int)


_bind_without_lookups()


# Run after the key is proven. WAL: readers never block the writer; FULL: a commit survives
# power loss (applied batches opt out, `REFETCHABLE`: the log has them); MEMORY: temporary
# b-trees (sorts, big IN lists) never reach disk unencrypted; foreign keys are off by default.
_SESSION_PRAGMAS = (
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA cache_size = -{CACHE_KIB}",
)

REFETCHABLE = "synchronous = NORMAL"
"""How a transaction that holds only what the hub's log gives again (an applied batch with its
cursor, search indexing) commits: into the WAL without waiting for the disk (about 120 µs of CPU
and a disk flush per commit saved). After a power cut it may be lost, always whole and always
with its cursor (the WAL is recovered up to its last intact commit), and the desk fetches it
again; after a crash of the app alone nothing is lost. Everything written only here (identity,
seeds, sender keys, the outbox, read marks) stays FULL, and its flush also makes every
earlier commit durable (security.md, "The replica on disk")."""
_SQL_SYNC_NORMAL = f"PRAGMA {REFETCHABLE}"
_SQL_SYNC_FULL = "PRAGMA synchronous = FULL"

T = TypeVar("T")

# Primary SQLite result codes that mean "the machine", not "our code" (qutebrowser misc/sql.py).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY = 3, 5, 6, 7, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_PROTOCOL, SQLITE_AUTH, SQLITE_NOTADB = 15, 23, 26
_ENVIRONMENT_CODES = frozenset(
    {
        SQLITE_PERM,
        SQLITE_BUSY,
        SQLITE_LOCKED,
        SQLITE_NOMEM,
        SQLITE_READONLY,
        SQLITE_IOERR,
        SQLITE_CORRUPT,
        SQLITE_FULL,
        SQLITE_CANTOPEN,
        SQLITE_PROTOCOL,
        SQLITE_AUTH,
    }
)


class Row(Protocol):
    """A `sqlcipher3.dbapi2.Row`: index by position or column name."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def __len__(self) -> int: ...


def key_hex(db_key: bytes) -> str:
    """The raw key as the 64 lowercase hex digits spliced into `PRAGMA key`.

    Raises:
        ValueError: the key is not exactly 32 bytes.
    """
    if not isinstance(db_key, bytes) or len(db_key) != KEY_LEN:
        raise ValueError("the replica key must be exactly 32 bytes")
    text = db_key.hex()
    if not _KEY_HEX.fullmatch(text):  # defence in depth: this string becomes SQL
        raise ValueError("the replica key did not encode as 64 lowercase hex digits")
    return text


def translate(
    exc: BaseException, path: Path, *, key_proven: bool = False
) -> SwitchboardError | None:
    """Our error for a sqlcipher failure that is the environment's fault, else None (a bug).

    `sqlcipher3.dbapi2.Error` is not a `sqlite3.Error`, so callers catch it explicitly.
    With `key_proven` (the connection opened: its key read the file's first page), "not a
    database" means a page was damaged since, not a wrong key: a damaged store, which pauses
    the sync as a failing disk does, instead of ending it as a wrong key would.
    """
    if not isinstance(exc, sqlcipher.Error):
        return None
    code = _primary_code(exc)
    not_a_database = _not_a_database(exc)
    if code == SQLITE_CORRUPT or (not_a_database and key_proven):
        return StoreDamaged(
            f"The replica {path.name} is damaged (a page does not decrypt); nothing was written."
        )
    if not_a_database:
        return WrongKey(
            f"The replica {path.name} does not open with this device's key: the key is wrong, "
            "or the file is damaged or not a Switchboard replica."
        )
    if code == SQLITE_FULL:
        return StoreUnavailable(
            f"The disk holding {path.name} is full; nothing was written. Free some space."
        )
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreUnavailable(
            f"The replica {path.name} is busy: is another Switchboard using this profile?"
        )
    if code in _ENVIRONMENT_CODES:
        name = getattr(exc, "sqlite_errorname", "") or str(code)
        return StoreUnavailable(f"The replica {path.name} failed ({name}): {exc}")
    return None


def _primary_code(exc: BaseException) -> int:
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def _not_a_database(exc: BaseException) -> bool:
    """SQLCipher's answer when the first page does not authenticate: a wrong key, another
    page HMAC than the file's, a damaged page, or not a database at all."""
    return _primary_code(exc) == SQLITE_NOTADB or "file is not a database" in str(exc)


def _refuse_plaintext(path: Path) -> None:
    """Name the common mistake precisely: an unencrypted SQLite file is not a replica."""
    try:
        with path.open("rb") as file:
            header = file.read(len(_PLAINTEXT_HEADER))
    except FileNotFoundError:
        return
    if header == _PLAINTEXT_HEADER:
        raise ForeignDatabase(
            f"{path.name} is an unencrypted SQLite database, not a Switchboard replica."
        )


def _create_private(path: Path) -> None:
    """Create a missing file as 0600 first: SQLite gives -wal and -shm the same mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def connector(path: Path, db_key: bytes) -> Callable[[], Any]:
    """The function aiosqlite runs on its worker thread to open and key the connection."""
    hex_key = key_hex(db_key)

    def connect() -> Any:
        _refuse_plaintext(path)
        _create_private(path)
        try:
            # An empty (new) file opens with the first: it is created with PAGE_HMAC.
            return _keyed(path, hex_key, PAGE_HMAC, quiet=True)
        except sqlcipher.Error as exc:
            if not _not_a_database(exc):
                raise
        # A replica created before PAGE_HMAC, or a wrong key (which fails again: WrongKey).
        # The failed try changed no page. Closing it may fold a WAL left by a crash into the
        # file (as a wrong key's try always could): the frames are copied as they are, still
        # encrypted and authenticated under the file's own HMAC.
        return _keyed(path, hex_key, LEGACY_PAGE_HMAC)

    return connect


def _keyed(path: Path, hex_key: str, page_hmac: str, *, quiet: bool = False) -> Any:
    """A connection to `path` keyed with `hex_key`, its pages authenticated with `page_hmac`,
    the key proven and the session's pragmas set. `quiet`: SQLCipher logs nothing while the
    key is proven (a try that may fail: an older replica's first page does not authenticate
    with PAGE_HMAC, and SQLCipher would print three errors to stderr at every opening)."""
    conn = sqlcipher.connect(
        str(path),
        check_same_thread=False,
        isolation_level=None,
        cached_statements=STATEMENT_CACHE,
    )
    try:
        conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")  # must be the first statement
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {page_hmac}")  # before the first read
        with _sqlcipher_log_off(conn) if quiet else contextlib.nullcontext():
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # proves the key
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreUnavailable(f"{path.name} cannot use write-ahead logging ({mode})")
        for pragma in _SESSION_PRAGMAS:
            conn.execute(pragma)
    except BaseException:
        conn.close()
        raise
    return conn


_QUIET = threading.Lock()
"""Held while SQLCipher's log is off: the level is the process's, and replicas open on threads
of their own. Without it, two opens at once could each read the other's NONE and leave the log
off for good, hiding real authentication failures."""


@contextlib.contextmanager
def _sqlcipher_log_off(conn: Any) -> Iterator[None]:
    """SQLCipher's log (process-wide) off for a moment, then back at its level."""
    with _QUIET:
        level = str(conn.execute("PRAGMA cipher_log_level").fetchone()[0])
        conn.execute("PRAGMA cipher_log_level = NONE")
        try:
            yield
        finally:
            if level.isalpha():  # defence in depth: this string becomes SQL
                conn.execute(f"PRAGMA cipher_log_level = {level}")


async def _reap(conn: aiosqlite.Connection) -> None:
    """Wait for the worker thread of a connection whose connector failed.

    aiosqlite then queues its own stop without awaiting it; if the loop closed before the worker
    answered, the worker thread would die with "Event loop is closed". `_thread` is private, but
    aiosqlite is pinned exactly (stack.md §10) and the wrong-key tests cover this path.
    """
    thread = getattr(conn, "_thread", None)
    if thread is not None and thread.is_alive():
        await asyncio.to_thread(thread.join, 5.0)


class Tx:
    """Statements on the locked connection; errors come out as our error tree (or bugs)."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._errors():
            rows = await self._conn.execute_fetchall(sql, params)
        return list(rows)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchval(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        with self._errors():
            cursor = await self._conn.execute(sql, params)
        return int(cursor.rowcount)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement per row in a single thread hop; returns rows changed in total."""
        batch = list(rows)
        if not batch:
            return 0
        with self._errors():
            cursor = await self._conn.executemany(sql, batch)
        return int(cursor.rowcount)

    async def executescript(self, script: str) -> None:
        """Run a script. It must manage its own transaction: sqlcipher3 commits first."""
        with self._errors():
            await self._conn.executescript(script)

    @property
    def in_transaction(self) -> bool:
        return bool(self._conn.in_transaction)

    @contextlib.contextmanager
    def _errors(self) -> Any:
        try:
            yield
        except sqlcipher.Error as exc:
            mapped = translate(exc, self._path, key_proven=True)  # the connection is open
            if mapped is None:
                raise
            raise mapped from exc
        except MemoryError as exc:
            # SQLITE_NOMEM, which SQLCipher also returns for a page that fails its check.
            raise StoreUnavailable(
                f"The replica {self._path.name} is damaged or the machine is out of memory; "
                "nothing was written."
            ) from exc


class _InlineTx(Tx):
    """A `Tx` whose statements run at once on the calling thread: the SQLite thread, inside
    `Database.write_at_once`. Its coroutines never suspend, so the caller drives them there.

    Errors are mapped by `_errors` only when one is raised: entering a generator's context
    manager around every statement cost about a microsecond each, some 20 a live batch."""

    def __init__(self, raw: Any, path: Path) -> None:  # raw: the sqlcipher3 connection
        self._raw = raw
        self._path = path

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return list(self._raw.execute(sql, params).fetchall())
        except (sqlcipher.Error, MemoryError) as exc:
            self._reraise(exc)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return int(self._raw.execute(sql, params).rowcount)
        except (sqlcipher.Error, MemoryError) as exc:
            self._reraise(exc)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        batch = list(rows)
        if not batch:
            return 0
        try:
            return int(self._raw.executemany(sql, batch).rowcount)
        except (sqlcipher.Error, MemoryError) as exc:
            self._reraise(exc)

    def _reraise(self, exc: BaseException) -> NoReturn:
        """`exc` as `Tx._errors` maps it: our error tree, or the bug as it is."""
        with self._errors():
            raise exc
        raise AssertionError("unreachable: _errors re-raises")  # for mypy: with may swallow

    async def executescript(self, script: str) -> None:
        raise RuntimeError("scripts commit on their own: not inside write_at_once")

    @property
    def in_transaction(self) -> bool:
        return bool(self._raw.in_transaction)


def _run_inline(
    conn: aiosqlite.Connection, path: Path, work: Callable[[Tx], Any], durable: bool = True
) -> Any:
    """On the SQLite thread: `work` in one transaction, committed or rolled back here.

    `work` is written against the async `Tx`, so the same SQL serves both paths; with an
    `_InlineTx` none of its awaits suspends, and one `send` runs it to the end.
    """
    tx = _InlineTx(conn._conn, path)  # private, but aiosqlite is pinned (stack.md §10)
    if not durable:
        tx._raw.execute(_SQL_SYNC_NORMAL)
    try:
        _drive(tx.execute("BEGIN IMMEDIATE"))
        try:
            result = _drive(work(tx))
            _drive(tx.execute("COMMIT"))
        except BaseException:
            if tx.in_transaction:  # SQLite already rolled back after FULL, IOERR, BUSY, NOMEM
                tx._raw.execute("ROLLBACK")
            raise
    finally:
        if not durable:
            tx._raw.execute(_SQL_SYNC_FULL)
    return result


def _drive(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends to its end, on this thread, without a loop."""
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coro.close()
    raise RuntimeError("work given to write_at_once awaited something besides its Tx")


class Database:
    """The replica's one connection. Use `read()` or `write()`; nothing else touches SQL."""

    def __init__(
        self, conn: aiosqlite.Connection, path: Path, reconnect: Callable[[], Any] | None = None
    ) -> None:
        self._conn = conn
        self._tx = Tx(conn, path)
        self._lock = asyncio.Lock()
        self._closed = False
        self._reconnect = reconnect
        """Opens and keys another connection to the file (for the integrity check)."""
        self.path = path

    @classmethod
    async def connect(cls, path: Path, db_key: bytes) -> Database:
        """Open and key the file (creating it if missing), without touching the schema.

        Raises:
            WrongKey: the file does not decrypt with this key.
            ForeignDatabase: the file is an unencrypted SQLite database.
            StoreUnavailable: anything else the machine got wrong.
        """
        connect = connector(path, db_key)
        conn = aiosqlite.Connection(connect, iter_chunk_size=64)
        try:
            await conn
        except BaseException as exc:
            await _reap(conn)
            if isinstance(exc, sqlcipher.Error):
                mapped = translate(exc, path) or StoreUnavailable(f"cannot open {path.name}: {exc}")
                raise mapped from exc
            if isinstance(exc, OSError):
                raise StoreUnavailable(f"cannot open {path.name}: {exc}") from exc
            raise
        conn.row_factory = sqlcipher.Row  # not aiosqlite.Row: that is sqlite3.Row
        return cls(conn, path, connect)

    async def integrity_problems(self, limit: int = 10) -> list[str]:
        """What SQLite's `quick_check` finds wrong with the file ([] when it is sound), read
        on a connection of its own in a worker thread: it reads every page, about a second
        per 100 MB, while this connection goes on serving the views. A page whose
        authentication fails (a flipped byte) is found this way before anything reads it."""
        if self._reconnect is None:
            return []
        return await asyncio.to_thread(_quick_check, self._reconnect, limit)

    async def close(self) -> None:
        async with self._lock:
            self._closed = True
            await self._conn.close()

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """Exclusive use of the connection for queries (autocommit: each one is consistent)."""
        async with self._lock:
            self._refuse_if_closed()
            yield self._tx

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[Tx]:
        """One write transaction: all of it commits, or none of it (also on disk full)."""
        async with self._lock:
            self._refuse_if_closed()
            try:
                # Inside the try: a cancel while BEGIN is on its way still rolls it back, or
                # the connection stayed in a transaction no one would end.
                await self._tx.execute("BEGIN IMMEDIATE")
                yield self._tx
                await self._tx.execute("COMMIT")
            except BaseException:
                await self._rollback()
                raise

    async def write_at_once(
        self, work: Callable[[Tx], Coroutine[Any, Any, T]], *, durable: bool = True
    ) -> T:
        """Like `write()`, but `work` and its transaction run in ONE trip to the SQLite thread.

        Each statement through `write()` is a hop between the loop and the SQLite thread (40-50
        µs under qasync, stack.md §5, more while the loop is busy); applying one record took
        about 15 of them. `work` may await only the `Tx` it is given. It runs on the SQLite
        thread, off the UI thread, so plain computation between its statements is welcome.

        Args:
            durable: False for what the hub's log can give again (`REFETCHABLE`): the commit
                skips its own disk flush.

        Raises:
            StoreClosed: the replica is closed.
            StoreUnavailable: the machine failed; nothing of `work` was written.
        """
        async with self._lock:
            self._refuse_if_closed()
            # _execute is aiosqlite's own queue onto its thread (private; the version is pinned).
            queue: Callable[..., Awaitable[T]] = self._conn._execute
            return await queue(_run_inline, self._conn, self.path, work, durable)

    def _refuse_if_closed(self) -> None:
        """Reads and writes after `close` (a window's last refresh during shutdown) get our
        error, not aiosqlite's ValueError."""
        if self._closed:
            raise StoreClosed(f"{self.path.name} is closed")

    async def _rollback(self) -> None:
        """Roll back on the SQLite thread, after whatever was queued there before (a BEGIN
        whose await was cancelled runs first), so the check sees the transaction. Once queued
        it runs even if this await is cancelled too, before anything queued later."""
        queue: Callable[..., Awaitable[None]] = self._conn._execute
        await queue(_rollback_if_open, self._conn._conn, self.path)


def _rollback_if_open(raw: Any, path: Path) -> None:
    # SQLite already rolls back by itself after SQLITE_FULL, IOERR, BUSY or NOMEM.
    if not raw.in_transaction:
        return
    try:
        raw.execute("ROLLBACK")
    except sqlcipher.Error:
        log.exception(
            "rollback of %s failed; SQLite rolls the journal back on next open", path.name
        )


def _quick_check(connect: Callable[[], Any], limit: int) -> list[str]:
    try:
        conn = connect()
    except sqlcipher.Error as err:
        return [f"cannot open: {type(err).__name__}"]
    try:
        conn.execute("PRAGMA query_only = 1")
        rows = conn.execute(f"PRAGMA quick_check({int(limit)})").fetchall()
    except sqlcipher.Error as err:  # SQLITE_CORRUPT / NOTADB on a page that fails its HMAC
        return [f"{type(err).__name__}: {err}"]
    finally:
        conn.close()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found
