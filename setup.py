"""Build step of the package: compile the translations (`.ts` → `.qm`) with PySide6's lrelease.

Everything else is declared in pyproject.toml. The `.qm` files are build products, never
committed: a wheel carries them beside their `.ts`, and an editable install (`pip install -e .`)
writes them into the source tree, where `app.ui.i18n.catalog` looks first. If lrelease cannot
run here, the build goes on and the desk compiles the catalog into the user cache at start.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGS = Path("app") / "ui" / "i18n"


def _lrelease() -> Path | None:
    try:
        import PySide6  # in the build environment through [build-system] requires
    except ImportError:
        return None
    tool = Path(PySide6.__file__).resolve().parent / (
        "lrelease.exe" if sys.platform == "win32" else "lrelease"
    )
    return tool if tool.is_file() else None


class BuildWithTranslations(build_py):
    """`build_py` that also compiles each `app/ui/i18n/*.ts` into a `.qm` beside it."""

    def run(self) -> None:
        super().run()
        tool = _lrelease()
        target = CATALOGS if self.editable_mode else Path(self.build_lib) / CATALOGS
        for source in sorted(CATALOGS.glob("*.ts")):
            if tool is None:
                self.warn(f"lrelease not found: {source.name} is compiled at first start instead")
                continue
            target.mkdir(parents=True, exist_ok=True)
            compiled = target / source.with_suffix(".qm").name
            subprocess.run([str(tool), "-silent", str(source), "-qm", str(compiled)], check=True)
            # The digest of the .ts it came from (app.ui.i18n.catalog.source_digest): at run
            # time a different .ts means this .qm is stale.
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
            compiled.with_name(compiled.name + ".stamp").write_text(digest + "\n")
            self.announce(f"compiled {compiled}", level=2)


setup(cmdclass={"build_py": BuildWithTranslations})
