"""Compiled translation catalogs: find the `.qm` for a language, or compile one from its `.ts`.

An install (`pip install`, wheel, editable) builds the `.qm` beside the `.ts` (`setup.py`), with
a stamp naming the `.ts` it came from. Running from a source tree without that step, or after
the `.ts` changed, compiles it into the user cache with PySide6's `lrelease`, so a checkout
always speaks its current translations.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QStandardPaths

log = logging.getLogger(__name__)

CATALOG_DIR = Path(__file__).resolve().parent
"""Where the `.ts` sources live (and the installed `.qm` beside them)."""
CATALOG_NAME = "switchboard"
LRELEASE_TIMEOUT_S = 60


def source_file(language: str, folder: Path = CATALOG_DIR) -> Path:
    """The `.ts` translation source of `language` ("de")."""
    return folder / f"{CATALOG_NAME}_{language}.ts"


def lrelease() -> Path | None:
    """PySide6's `lrelease`, or None if this installation lacks it."""
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    bundled = Path(PySide6.__file__).resolve().parent / name
    if bundled.is_file():
        return bundled
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compile_catalog(source: Path, target: Path) -> bool:
    """Compile `source` (.ts) into `target` (.qm) with lrelease; False if that failed."""
    tool = lrelease()
    if tool is None:
        log.warning("lrelease is missing: the translation %s cannot be compiled", source.name)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a reader never sees half a catalog.
    partial = target.with_suffix(f".{os.getpid()}.part")
    try:
        result = subprocess.run(
            [str(tool), "-silent", str(source), "-qm", str(partial)],
            capture_output=True,
            text=True,
            timeout=LRELEASE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        log.warning("lrelease could not run on %s: %s", source.name, err)
        return False
    if result.returncode != 0 or not partial.is_file():
        log.warning("lrelease failed on %s: %s", source.name, result.stderr.strip()[-500:])
        partial.unlink(missing_ok=True)
        return False
    partial.replace(target)
    return True


def user_cache_dir() -> Path:
    """The per-user cache folder for catalogs compiled at run time."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)
    return Path(base or Path.home() / ".cache") / "switchboard" / "i18n"


def source_digest(source: Path) -> str:
    """What a `.qm` records of the `.ts` it was built from (its SHA-256, in hex).

    Content, not modification times: installing a wheel gives its files new times in archive
    order, which would make every installed catalog look older than its source.
    """
    return hashlib.sha256(source.read_bytes()).hexdigest()


def stamp_file(compiled: Path) -> Path:
    """Beside a `.qm`: the digest of the `.ts` it was compiled from."""
    return compiled.with_name(compiled.name + ".stamp")


def _fresh(compiled: Path, digest: str) -> bool:
    stamp = stamp_file(compiled)
    return compiled.is_file() and stamp.is_file() and stamp.read_text().strip() == digest


def compiled_catalog(
    language: str, *, folder: Path = CATALOG_DIR, cache_dir: Path | None = None
) -> Path | None:
    """The `.qm` of `language`, compiled now into the cache if the installed one is missing or
    was built from another `.ts`; None when there is no translation (English) or it cannot be
    built."""
    source = source_file(language, folder)
    if not source.is_file():
        return None
    digest = source_digest(source)
    installed = source.with_suffix(".qm")
    if _fresh(installed, digest):
        return installed
    cached = (cache_dir or user_cache_dir()) / installed.name
    if _fresh(cached, digest):
        return cached
    log.info("compiling the %s translation into %s", language, cached.parent)
    if not compile_catalog(source, cached):
        return None
    stamp_file(cached).write_text(digest + "\n")
    return cached
