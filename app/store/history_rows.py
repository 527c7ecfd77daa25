"""The phone's history import in the replica (`history_import`, one row).

Loaded when a batch holds a history chunk or the gateway's report on the request, written
back when one of them changed it; the admin's number panel reads it through `read`.
"""

from __future__ import annotations

from app.domain.history import HistoryImport, HistoryStage
from app.log.state import BatchState, Keys
from app.store.db import Tx

_COLUMNS = "stage, phase, progress, messages, reason, code, at"
_SQL_LOAD = f"SELECT {_COLUMNS} FROM history_import WHERE id = 1"
_SQL_SAVE = (
    f"INSERT OR REPLACE INTO history_import (id, {_COLUMNS}) VALUES (1, ?, ?, ?, ?, ?, ?, ?)"
)


async def read(tx: Tx) -> HistoryImport | None:
    """The import as kept; None before the gateway or Meta said anything of it."""
    row = await tx.fetchone(_SQL_LOAD)
    if row is None:
        return None
    return HistoryImport(
        stage=HistoryStage(int(row["stage"])),
        phase=int(row["phase"]),
        progress=int(row["progress"]),
        messages=int(row["messages"]),
        reason=str(row["reason"]),
        code=int(row["code"]),
        at=int(row["at"]),
    )


async def load(tx: Tx, state: BatchState, keys: Keys) -> None:
    if keys.history:
        state.history = await read(tx)


async def flush(tx: Tx, state: BatchState) -> None:
    h = state.history
    if not state.history_changed or h is None:
        return
    await tx.execute(
        _SQL_SAVE, (int(h.stage), h.phase, h.progress, h.messages, h.reason, h.code, h.at)
    )
