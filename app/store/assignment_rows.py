"""The SQL of auto-assignment: the newest settings and availability the fold saw (upserts that
keep the newest `at`, then the later record), the round robin's place, and the one query the
assigner makes: open conversations nobody holds, with their labels, and who holds how many."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from app.domain.assignment import AgentRule, AssignmentSettings, Waiting
from app.domain.handling import ConversationState
from app.domain.ids import ConversationId, DeviceId
from app.domain.labels import LabelId
from app.store.db import Tx
from app.store.list_rows import labels_of

if TYPE_CHECKING:
    from app.log.state import BatchState

# A copy that is not newer than the kept one changes nothing (replays, late copies).
_SQL_SETTINGS = (
    "INSERT INTO assignment_settings (id, enabled, default_capacity, wait_for_menu_seconds, "
    "rules, at, stream_seq) VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
    "enabled = excluded.enabled, default_capacity = excluded.default_capacity, "
    "wait_for_menu_seconds = excluded.wait_for_menu_seconds, rules = excluded.rules, "
    "at = excluded.at, stream_seq = excluded.stream_seq "
    "WHERE (excluded.at, excluded.stream_seq) > (assignment_settings.at, "
    "assignment_settings.stream_seq)"
)
_SQL_AVAILABILITY = (
    "INSERT INTO agent_availability (agent, away, at, stream_seq) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (agent) DO UPDATE SET away = excluded.away, at = excluded.at, "
    "stream_seq = excluded.stream_seq "
    "WHERE (excluded.at, excluded.stream_seq) > (agent_availability.at, "
    "agent_availability.stream_seq)"
)
_SQL_LAST = (
    "INSERT INTO auto_assign_last (id, agent, stream_seq) VALUES (1, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET agent = excluded.agent, stream_seq = excluded.stream_seq "
    "WHERE excluded.stream_seq > auto_assign_last.stream_seq"
)
_SQL_READ_SETTINGS = (
    "SELECT enabled, default_capacity, wait_for_menu_seconds, rules FROM assignment_settings"
)
_SQL_AWAY = "SELECT agent FROM agent_availability WHERE away = 1"
_SQL_READ_LAST = "SELECT agent FROM auto_assign_last"
_OPEN = int(ConversationState.OPEN)
_SQL_OPEN_COUNTS = f"SELECT assignee, n FROM queue_counts WHERE state = {_OPEN} AND n > 0"
# The partial index holds exactly these rows in this order: no other conversation is read.
_SQL_WAITING = (
    "SELECT conversation_id, waiting_since FROM conversations "
    "INDEXED BY conversations_unassigned_open "
    f"WHERE state = {_OPEN} AND assignee IS NULL "
    "ORDER BY waiting_since IS NULL, coalesce(waiting_since, -last_at), conversation_id LIMIT ?"
)


async def flush(tx: Tx, state: BatchState) -> None:
    """Keep the newest settings, availability and automatic assignee the batch saw."""
    batch = state.assignment
    if batch.settings:
        await tx.executemany(
            _SQL_SETTINGS,
            (
                (int(s.enabled), s.default_capacity, s.wait_for_menu_seconds, _rules(s), at, seq)
                for s, at, seq in batch.settings
            ),
        )
    if batch.availability:
        await tx.executemany(
            _SQL_AVAILABILITY,
            ((agent, int(away), at, seq) for agent, away, at, seq in batch.availability),
        )
    if batch.auto_assigned is not None:
        await tx.execute(_SQL_LAST, batch.auto_assigned)


def _rules(settings: AssignmentSettings) -> str:
    return json.dumps(
        [
            {"agent": r.agent.hex(), "capacity": r.capacity, "labels": [x.hex() for x in r.labels]}
            for r in settings.rules
        ]
    )


def _rule(raw: dict[str, object]) -> AgentRule:
    capacity = raw["capacity"]
    labels = raw["labels"]
    assert isinstance(labels, list)
    return AgentRule(
        DeviceId(bytes.fromhex(str(raw["agent"]))),
        capacity if isinstance(capacity, int) else None,
        tuple(LabelId(bytes.fromhex(str(x))) for x in labels),
    )


async def settings(tx: Tx) -> AssignmentSettings | None:
    """The settings an admin set last; None if nobody set any."""
    row = await tx.fetchone(_SQL_READ_SETTINGS)
    if row is None:
        return None
    rules = tuple(_rule(raw) for raw in json.loads(str(row["rules"])))
    return AssignmentSettings(
        bool(row["enabled"]),
        int(row["default_capacity"]),
        rules,
        int(row["wait_for_menu_seconds"]),
    )


async def away(tx: Tx) -> frozenset[DeviceId]:
    """Agents who said they are away (and have not said they are back)."""
    return frozenset(DeviceId(bytes(r[0])) for r in await tx.fetchall(_SQL_AWAY))


async def last_auto_assignee(tx: Tx) -> DeviceId | None:
    value = await tx.fetchval(_SQL_READ_LAST)
    return None if value is None else DeviceId(bytes(value))


async def open_counts(tx: Tx) -> dict[DeviceId, int]:
    """Open conversations per agent who holds any."""
    rows = await tx.fetchall(_SQL_OPEN_COUNTS)
    return {DeviceId(bytes(r[0])): int(r[1]) for r in rows if r[0]}


async def waiting(tx: Tx, limit: int) -> list[Waiting]:
    """Open conversations nobody holds, the longest waiting first, with their labels."""
    rows = await tx.fetchall(_SQL_WAITING, (limit,))
    ids = [ConversationId(bytes(r[0])) for r in rows]
    labels = await labels_of(tx, ids)
    return [
        Waiting(cid, frozenset(labels.get(cid, ())), None if r[1] is None else int(r[1]))
        for cid, r in zip(ids, rows, strict=True)
    ]
