"""packaging/linux/check_tree.py refuses a onedir tree that lacks a part or carries GTK."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

CHECK = Path(__file__).resolve().parents[3] / "packaging" / "linux" / "check_tree.py"


@pytest.fixture(scope="module")
def check_tree() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_tree", CHECK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def complete_tree(root: Path, check_tree: ModuleType) -> Path:
    contents = root / "_internal"
    for pattern in check_tree.REQUIRED.values():
        path = contents / pattern.replace("*", "x")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    (contents / "nats-server").chmod(0o755)
    return root


def test_a_complete_tree_passes(tmp_path: Path, check_tree: ModuleType) -> None:
    assert check_tree.problems(complete_tree(tmp_path, check_tree)) == []


def test_a_missing_hub_is_named(tmp_path: Path, check_tree: ModuleType) -> None:
    tree = complete_tree(tmp_path, check_tree)
    (tree / "_internal" / "nats-server").unlink()
    assert check_tree.problems(tree) == [
        "missing nats-server (the on-this-computer hub): _internal/nats-server"
    ]


def test_gtk_is_refused(tmp_path: Path, check_tree: ModuleType) -> None:
    tree = complete_tree(tmp_path, check_tree)
    (tree / "_internal" / "libgtk-3.so.0").write_bytes(b"")
    assert check_tree.problems(tree) == ["should not be bundled: _internal/libgtk-3.so.0"]
