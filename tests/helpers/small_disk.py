"""A small disk to fill: a tmpfs of a few megabytes, for the fault tests.

The bench's own (`app.bench.faults_disk`), with a skip where it cannot be mounted: mounting
needs root, which the CI machine and the development machines have; elsewhere the test that
asks for one is skipped with the reason (a size-capped folder does not fill the way a disk
does: writes past it would not fail with ENOSPC).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bench import faults_disk
from app.bench.faults_disk import fill

__all__ = ["fill", "small_disk"]


@contextlib.contextmanager
def small_disk(folder: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of `megabytes` mounted at `folder`, unmounted afterwards."""
    if not faults_disk.can_mount():
        pytest.skip("filling a disk needs a small tmpfs, and mounting one needs root")
    with faults_disk.small_disk(folder, megabytes) as disk:
        yield disk
