"""The one sentence a command prints when the machine, not the command line, stopped it.

A full disk, a damaged data file, a folder that cannot be made: each says what happened and
what to do, instead of the "unexpected error … report it" that bugs get (`app.main.run`).
Never the file's contents; a path only when the error names one.
"""

from __future__ import annotations

import errno

from app.domain.errors import EnvironmentFault

__all__ = ["stop_reason"]

_DISK_FULL = "the disk is full{at}; free some space{then}"
_THEN_START = ", then start it again"


def stop_reason(err: BaseException, *, stopped: bool = True) -> str | None:
    """The sentence for a failure of the environment, or None for anything else (a bug).

    `stopped`: the command ended (so "start it again"); False for a service that lives through
    the failure and goes on by itself once it is fixed (`app.gateway.trouble`)."""
    if isinstance(err, EnvironmentFault):
        return str(err)  # Switchboard's own: its message already says what to do
    then = _THEN_START if stopped else ""
    if isinstance(err, OSError):
        return _os_reason(err, then)
    if _is_database_error(err):
        return _database_reason(str(err).lower(), then)
    return None


def _os_reason(err: OSError, then: str) -> str:
    at = f" at {err.filename}" if err.filename else ""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return _DISK_FULL.format(at=at, then=then)
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write{at}; choose a folder you may write to"
    if err.errno == errno.ENOENT:
        return f"no such file or folder{at}; check the path, or choose another"
    if isinstance(err, TimeoutError):
        return str(err) or "no answer in time"
    return f"{err.strerror or str(err) or 'an operating-system call failed'}{at}"


def _is_database_error(err: BaseException) -> bool:
    """SQLite's (stdlib) or SQLCipher's word for the file or the disk failing, told by name so
    neither need be imported; `IntegrityError`, `ProgrammingError` and the like are bugs."""
    kind = type(err)
    return kind.__name__ in ("OperationalError", "DatabaseError") and kind.__module__.split(".")[
        0
    ] in ("sqlite3", "sqlcipher3")


def _database_reason(text: str, then: str) -> str | None:
    """The sentence for what the file or the disk did, or None (a mistake in our SQL)."""
    if "full" in text:
        return _DISK_FULL.format(at="", then=then)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            "one of its data files is damaged or is not its own; move the data folder aside "
            "and start again, or restore it from a backup"
        )
    if "readonly" in text or "read-only" in text:
        return "its data folder is read-only; choose a folder it may write to"
    if "disk i/o" in text or "unable to open" in text:
        return f"one of its data files could not be read or written ({text})"
    if "locked" in text or "busy" in text:
        return "one of its data files is in use by another program; stop that one first"
    return None
