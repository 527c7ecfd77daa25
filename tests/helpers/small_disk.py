"""A small disk to fill: a tmpfs of a few megabytes, for the fault tests.

Mounting needs root, which the CI machine and the development machines have; elsewhere the
test that asks for one is skipped with the reason (a size-capped folder does not fill the way
a disk does: writes past it would not fail with ENOSPC).
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(folder: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of `megabytes` mounted at `folder`, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("filling a disk needs a small tmpfs, and mounting one needs root")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0700", "tmpfs", str(folder)],
        check=True,
    )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Write a file of zeros until the disk is full; returns it (delete it to free the disk)."""
    filler = disk / "filler"
    filler.touch()  # an inode costs no block: it is there to delete even if nothing fits
    # Unbuffered: a buffered file would try to write its rest again on close, and raise.
    with filler.open("wb", buffering=0) as out:
        chunk = bytes(64 * 1024)
        while True:
            try:
                out.write(chunk)
            except OSError as err:
                if err.errno != errno.ENOSPC:
                    raise
                return filler
