"""What a command prints when the machine stopped it: one sentence saying what to do."""

from __future__ import annotations

import errno
import sqlite3

from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.errors import StoreUnavailable
from app.stop_reason import stop_reason


def test_switchboards_own_environment_errors_say_their_own_sentence() -> None:
    err = StoreUnavailable("The disk holding replica.db is full. Free some space.")
    assert stop_reason(err) == "The disk holding replica.db is full. Free some space."


def test_a_full_disk_a_forbidden_and_a_missing_folder() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/srv/gw/spool")
    assert stop_reason(full) == (
        "the disk is full at /srv/gw/spool; free some space, then start it again"
    )
    denied = PermissionError(errno.EACCES, "Permission denied", "/proc/x")
    assert stop_reason(denied) == (
        "no permission to write at /proc/x; choose a folder you may write to"
    )
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/proc/nope/js")
    assert stop_reason(missing) == (
        "no such file or folder at /proc/nope/js; check the path, or choose another"
    )


def test_sqlite_and_sqlcipher_failures_in_words() -> None:
    assert stop_reason(sqlite3.OperationalError("database or disk is full")) == (
        "the disk is full; free some space, then start it again"
    )
    damaged = stop_reason(sqlcipher.DatabaseError("file is not a database"))
    assert damaged is not None
    assert damaged.startswith("one of its data files is damaged")


def test_a_file_in_another_encoding_and_a_bug() -> None:
    latin1 = UnicodeDecodeError("utf-8", b"M\xfcller", 1, 2, "invalid start byte")
    assert stop_reason(latin1) == (
        "a file is not UTF-8 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8)"
    )
    assert stop_reason(KeyError("bug")) is None
    assert stop_reason(ValueError("bug")) is None
