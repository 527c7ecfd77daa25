"""The team's lists in the replica: labels, conversations' labels and canned replies.

The batch side loads what a batch's label and canned-reply records need into
`BatchState.lists` and writes back what they changed; the read side answers the views.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.canned import CannedId, CannedReply, CannedScope
from app.domain.ids import ConversationId, DeviceId
from app.domain.labels import Label, LabelId
from app.log.state import BatchState, Keys
from app.log.team_lists import StoredCanned, StoredLabel
from app.store.batch_customers import select_in
from app.store.db import Row, Tx

_LABEL_COLUMNS = "label_id, name, colour, deleted, stream_seq"
_CANNED_COLUMNS = "canned_id, scope, owner, shortcut, body, deleted, stream_seq"
_SQL_ALL_LABELS = f"SELECT {_LABEL_COLUMNS} FROM labels"
_SQL_SAVE_LABEL = (
    f"INSERT INTO labels ({_LABEL_COLUMNS}) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (label_id) DO UPDATE SET name = excluded.name, colour = excluded.colour, "
    "deleted = excluded.deleted, stream_seq = excluded.stream_seq"
)
_SQL_MARK = "INSERT OR IGNORE INTO conversation_labels (conversation_id, label_id) VALUES (?, ?)"
_SQL_UNMARK = "DELETE FROM conversation_labels WHERE conversation_id = ? AND label_id = ?"
_SQL_DROP_LABEL = "DELETE FROM conversation_labels WHERE label_id = ?"
_SQL_CANNED = f"SELECT {_CANNED_COLUMNS} FROM canned_replies WHERE canned_id IN ({{}})"
_SQL_SAVE_CANNED = (
    f"INSERT INTO canned_replies ({_CANNED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (canned_id) DO UPDATE SET shortcut = excluded.shortcut, body = excluded.body, "
    "deleted = excluded.deleted, stream_seq = excluded.stream_seq"
)

_SQL_LIVE_LABELS = "SELECT label_id, name, colour FROM labels WHERE deleted = 0"
_SQL_LABELS_OF = (
    "SELECT cl.conversation_id, cl.label_id FROM conversation_labels AS cl "
    "JOIN labels AS l ON l.label_id = cl.label_id "
    "WHERE cl.conversation_id IN ({}) ORDER BY l.name COLLATE NOCASE, cl.label_id"
)
_SQL_LIVE_CANNED = (
    f"SELECT {_CANNED_COLUMNS} FROM canned_replies WHERE deleted = 0 AND (scope = "
    f"{int(CannedScope.SHARED)} OR owner IN ({{}}))"
)


# -- the batch ----------------------------------------------------------------------------


async def load(tx: Tx, state: BatchState, keys: Keys) -> None:
    """Every label when the batch names one (a team has at most a few hundred), and the
    canned replies it names."""
    if keys.labels:
        for row in await tx.fetchall(_SQL_ALL_LABELS):
            label = _stored_label(row)
            state.lists.labels[label.label_id] = label
    for row in await select_in(tx, _SQL_CANNED, keys.canned):
        canned = _stored_canned(row)
        state.lists.canned[canned.canned_id] = canned


async def flush(tx: Tx, state: BatchState) -> None:
    """Labels first, then the conversations' marks, then the rows of deleted labels: a mark
    folded before its label's deletion goes with the label."""
    lists = state.lists
    if not (lists.changed_labels or lists.marks or lists.changed_canned):
        return  # nearly every batch: spare the statements
    labels = [lists.labels[i] for i in lists.changed_labels]
    await tx.executemany(
        _SQL_SAVE_LABEL, ((s.label_id, s.name, s.colour, int(s.deleted), s.seq) for s in labels)
    )
    await tx.executemany(_SQL_MARK, (pair for pair, on in lists.marks.items() if on))
    await tx.executemany(_SQL_UNMARK, (pair for pair, on in lists.marks.items() if not on))
    await tx.executemany(_SQL_DROP_LABEL, ((s.label_id,) for s in labels if s.deleted))
    await tx.executemany(
        _SQL_SAVE_CANNED,
        (
            (c.canned_id, int(c.scope), c.owner, c.shortcut, c.body, int(c.deleted), c.seq)
            for c in map(lists.canned.__getitem__, lists.changed_canned)
        ),
    )


def _stored_label(row: Row) -> StoredLabel:
    return StoredLabel(
        LabelId(bytes(row["label_id"])),
        str(row["name"]),
        int(row["colour"]),
        bool(row["deleted"]),
        int(row["stream_seq"]),
    )


def _stored_canned(row: Row) -> StoredCanned:
    return StoredCanned(
        CannedId(bytes(row["canned_id"])),
        CannedScope(int(row["scope"])),
        DeviceId(bytes(row["owner"])),
        str(row["shortcut"]),
        str(row["body"]),
        bool(row["deleted"]),
        int(row["stream_seq"]),
    )


# -- the views ----------------------------------------------------------------------------


async def labels(tx: Tx) -> list[Label]:
    """The team's labels (not deleted), in no particular order."""
    rows = await tx.fetchall(_SQL_LIVE_LABELS)
    return [Label(LabelId(bytes(r[0])), str(r[1]), int(r[2])) for r in rows]


async def labels_of(
    tx: Tx, conversations: Iterable[ConversationId]
) -> dict[ConversationId, tuple[LabelId, ...]]:
    """The labels each conversation carries, by label name; conversations with none are left
    out."""
    found: dict[ConversationId, list[LabelId]] = {}
    for row in await select_in(tx, _SQL_LABELS_OF, conversations):
        found.setdefault(ConversationId(bytes(row[0])), []).append(LabelId(bytes(row[1])))
    return {cid: tuple(ids) for cid, ids in found.items()}


async def canned_replies(tx: Tx, owners: Iterable[DeviceId]) -> list[CannedReply]:
    """The shared canned replies and the personal ones of `owners` (not deleted)."""
    wanted = list(dict.fromkeys(owners))  # one person's devices: a short list
    rows = await tx.fetchall(_SQL_LIVE_CANNED.format(", ".join("?" * len(wanted))), wanted)
    return [_canned(_stored_canned(row)) for row in rows]


def _canned(s: StoredCanned) -> CannedReply:
    return CannedReply(s.canned_id, s.shortcut, s.body, s.scope, s.owner)
