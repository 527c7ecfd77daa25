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


def test_bugs_stay_bugs_even_when_sqlite_or_a_codec_raised_them() -> None:
    """Only what the file or the disk did is the machine's; a mistake in our SQL or an
    undecodable byte somewhere is a bug, to be reported (and logged with its traceback)."""
    assert stop_reason(KeyError("bug")) is None
    assert stop_reason(ValueError("bug")) is None
    assert stop_reason(sqlite3.IntegrityError("UNIQUE constraint failed: x.y")) is None
    assert stop_reason(sqlite3.OperationalError("no such column: z")) is None
    assert stop_reason(UnicodeDecodeError("utf-8", b"M\xfcller", 1, 2, "invalid")) is None


def test_an_os_error_without_a_number_keeps_its_words() -> None:
    assert stop_reason(TimeoutError("no hub answered within 10 s")) == (
        "no hub answered within 10 s"
    )
    assert stop_reason(OSError("the socket went away")) == "the socket went away"
