"""KeyedListModel.set_rows: any reload becomes removes, moves, inserts and data changes, and
persistent indexes (selection, current item) follow their rows."""

from __future__ import annotations

import random
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from app.ui.models.keyed_model import Index, KeyedListModel

Row = tuple[bytes, int]


class _Model(KeyedListModel[Row]):
    def __init__(self) -> None:
        super().__init__(lambda row: row[0])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_value(index)
        if row is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        return f"{row[0].decode()}={row[1]}"


def _rows(keys: list[str], version: int = 0) -> list[Row]:
    return [(k.encode(), version) for k in keys]


def _shown(model: _Model) -> list[str]:
    return [model.index(i).data() for i in range(model.rowCount())]


def test_random_reloads_keep_identity(qtmodeltester: ModelTester) -> None:
    model = _Model()
    qtmodeltester.check(model)
    rng = random.Random(20260312)
    alphabet = [f"k{i}" for i in range(30)]
    for step in range(300):
        keys = rng.sample(alphabet, rng.randint(0, 20))
        tracked = {
            model.index(i).data().split("=")[0]: QPersistentModelIndex(model.index(i))
            for i in range(model.rowCount())
        }
        new_rows = [(k.encode(), rng.randint(0, 2)) for k in keys]
        model.set_rows(new_rows)
        assert _shown(model) == [f"{k}={v}" for k, v in ((r[0].decode(), r[1]) for r in new_rows)]
        for key, persistent in tracked.items():
            if key in keys:
                assert persistent.isValid(), (step, key)
                assert persistent.row() == keys.index(key), (step, key)
            else:
                assert not persistent.isValid(), (step, key)


def test_unchanged_reload_emits_nothing() -> None:
    model = _Model()
    model.set_rows(_rows(["a", "b", "c"]))
    signals: list[str] = []
    for name in ("dataChanged", "rowsInserted", "rowsRemoved", "layoutChanged", "modelReset"):
        getattr(model, name).connect(lambda *_, n=name: signals.append(n))
    model.set_rows(_rows(["a", "b", "c"]))
    assert signals == []


def test_changed_values_emit_data_changed_only_for_those_rows() -> None:
    model = _Model()
    model.set_rows(_rows(["a", "b", "c", "d"]))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last, *_: changed.append((first.row(), last.row())))
    model.set_rows([(b"a", 0), (b"b", 1), (b"c", 1), (b"d", 0)])
    assert changed == [(1, 2)]


def test_insert_rows_skips_rows_already_shown() -> None:
    model = _Model()
    model.set_rows(_rows(["b", "c"]))
    model.insert_rows(0, _rows(["a", "b"]))
    model.insert_rows(model.rowCount(), _rows(["c", "d", "d"]))
    assert _shown(model) == ["a=0", "b=0", "c=0", "d=0"]


@pytest.mark.parametrize("index", [QModelIndex(), None])
def test_row_value_of_invalid_or_foreign_index_is_none(index: QModelIndex | None) -> None:
    model = _Model()
    model.set_rows(_rows(["a"]))
    other = _Model()
    other.set_rows(_rows(["x"]))
    assert model.row_value(index if index is not None else other.index(0)) is None
    assert model.row_value(model.index(0)) == (b"a", 0)
