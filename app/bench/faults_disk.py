"""Small disks for `switchboard bench faults` to fill: a tmpfs of a few megabytes.

Mounting needs root (a CI machine, a development container). Elsewhere the disk faults are left
out of the run and the report says so: a size-capped folder does not fail the way a full disk
does (writes past it would not get ENOSPC). The fault tests use these too
(`tests/helpers/small_disk.py`, which skips where mounting is not allowed).
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

FILLER = "filler"
CHUNK = 64 * 1024


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def small_disk(folder: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of `megabytes` mounted at `folder` (made if missing), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={megabytes}m,mode=0700"
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Write zeros until `disk` is full; returns the file (delete it to free the disk)."""
    filler = disk / FILLER
    filler.touch()  # an inode costs no block: it is there to delete even if nothing fits
    # Unbuffered: a buffered file would try to write its rest again on close, and raise.
    with filler.open("wb", buffering=0) as out:
        chunk = bytes(CHUNK)
        while True:
            try:
                out.write(chunk)
            except OSError as err:
                if err.errno != errno.ENOSPC:
                    raise
                return filler
