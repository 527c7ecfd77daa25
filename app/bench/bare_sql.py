"""Bare sqlcipher3, as the floor of the replica benches: nothing imported beyond the driver.

``python -m app.bench.bare_sql FILE`` reads ``{"key": hex, "statements": [...]}`` on stdin, opens
FILE with the replica's key pragmas, runs the statements (fetching every row) and prints
``{"ms": …, "rss_mb": …}``. It imports nothing of the product, so its memory is the floor too.
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

__all__ = ["keyed", "peak_rss_mb"]


PAGE_HMAC, LEGACY_PAGE_HMAC = "HMAC_SHA256", "HMAC_SHA512"
"""As `app.store.db` (not imported: this module imports nothing of the product): a replica's
page HMAC, and the one of replicas created before it."""


def keyed(path: Path, key: bytes) -> sqlcipher.Connection:
    """A connection with the replica's key and pragmas (as `app.store.db` opens one)."""
    try:
        return _keyed(path, key, PAGE_HMAC)
    except sqlcipher.DatabaseError as exc:
        if "not a database" not in str(exc):  # a locked or full file says so: not ours to hide
            raise
        return _keyed(path, key, LEGACY_PAGE_HMAC)  # the first page did not authenticate


def _keyed(path: Path, key: bytes, page_hmac: str) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {page_hmac}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def peak_rss_mb() -> float:
    """The process's peak resident memory in MB.

    Linux: VmHWM, which starts afresh at exec (ru_maxrss would keep the forking parent's peak).
    Elsewhere ru_maxrss (bytes on macOS).
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(path: Path) -> None:
    given = json.load(sys.stdin)
    key, statements = bytes.fromhex(given["key"]), given["statements"]
    started = time.perf_counter()
    conn = keyed(path, key)
    try:
        for statement in statements:
            conn.execute(statement).fetchall()
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    print(json.dumps({"ms": seconds * 1000, "rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
