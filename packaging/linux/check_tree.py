"""Check a PyInstaller onedir tree before it is packed: what must be in it, what must not.

    python packaging/linux/check_tree.py DIST/switchboard

Fails (exit 1, one line per problem) when the bundled nats-server, the compiled German
catalog, the migrations, the emoji font or the xcb and offscreen platform plugins are missing,
or when GTK crept in through Qt's GTK theme plugin (stack.md §11).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REQUIRED = {
    "nats-server (the on-this-computer hub)": "nats-server",
    "German catalog": "app/ui/i18n/switchboard_de.qm",
    "schema migrations": "app/store/migrations/0001_*.sql",
    "colour emoji font": "resources/fonts/*.ttf",
    "app icon": "resources/icons/switchboard.svg",
    "xcb platform plugin": "PySide6/Qt/plugins/platforms/libqxcb.so",
    "offscreen platform plugin": "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "version metadata": "switchboard-*.dist-info/METADATA",
}
FORBIDDEN = ("libgtk-3", "libQt6WebEngine", "libQt6Qml", "libQt6Quick")


def problems(tree: Path) -> list[str]:
    """What is wrong with the tree; empty when it can be packed."""
    contents = tree / "_internal"
    found: list[str] = []
    for what, pattern in REQUIRED.items():
        if not any(contents.glob(pattern)):
            found.append(f"missing {what}: _internal/{pattern}")
    server = contents / "nats-server"
    if server.is_file() and not os.access(server, os.X_OK):
        found.append("nats-server is not executable")
    for path in contents.rglob("*"):
        if path.name.startswith(FORBIDDEN):
            found.append(f"should not be bundled: {path.relative_to(tree)}")
    return found


def main() -> int:
    tree = Path(sys.argv[1])
    found = problems(tree)
    for problem in found:
        print(f"check_tree: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
