"""Helpers of `batch`: loading and writing the rows around conversations (customers and their
ids, reactions, preferences, the number's status).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.domain.ids import ConversationId, CustomerId
from app.log.state import BatchState, Keys
from app.store import connection_rows, notice_rows, template_rows
from app.store.customer_rows import (
    CUSTOMER_COLUMNS,
    NUMBER_STATUS_COLUMNS,
    PREFERENCE_COLUMNS,
    REACTION_COLUMNS,
    customer_from_row,
    customer_params,
    number_status_from_row,
    number_status_params,
    preference_from_row,
    preference_params,
    reaction_from_row,
    reaction_params,
)
from app.store.db import Row, Tx

_CHUNK = 512
"""Bound parameters per IN list at most; below SQLite's historical limit of 999, and a power of
two, so that a full chunk is one of the IN-list lengths `_padded` gives."""

# A customer's first id (customers) and the ids it took on later (customer_ids), in one
# statement: 0 marks the first, 1 a later one, which wins (`load_ids`; the fold never gives
# one id to both tables, so this only keeps the old statements' order).
_SQL_IDS = (
    "SELECT 0, customer_id, conversation_id FROM customers WHERE customer_id IN ({0}) "
    "UNION ALL "
    "SELECT 1, customer_id, conversation_id FROM customer_ids WHERE customer_id IN ({0})"
)
# The '' test lets SQLite use the partial index customers_by_wa_id.
_SQL_BY_WA_ID = "SELECT wa_id, conversation_id FROM customers WHERE wa_id IN ({}) AND wa_id <> ''"
_SQL_CUSTOMERS = f"SELECT {CUSTOMER_COLUMNS} FROM customers WHERE conversation_id IN ({{}})"
_SQL_REACTIONS = f"SELECT {REACTION_COLUMNS} FROM reactions WHERE target_wamid IN ({{}})"
_SQL_PREFERENCES = (
    f"SELECT {PREFERENCE_COLUMNS} FROM marketing_preferences WHERE customer_id IN ({{}})"
)
_SQL_NUMBER_STATUS = f"SELECT {NUMBER_STATUS_COLUMNS}, stream_seq FROM number_status WHERE id = 1"

_SQL_UPSERT_CUSTOMER = (
    f"INSERT INTO customers ({CUSTOMER_COLUMNS}) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (customer_id) DO UPDATE SET wa_id = excluded.wa_id, "
    "profile_name = excluded.profile_name, current_id = excluded.current_id"
)
_SQL_INSERT_CUSTOMER_ID = (
    "INSERT INTO customer_ids (customer_id, conversation_id, since) VALUES (?, ?, ?)"
)
_SQL_UPSERT_REACTION = (
    f"INSERT INTO reactions ({REACTION_COLUMNS}) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (target_wamid) DO UPDATE SET conversation_id = excluded.conversation_id, "
    "emoji = excluded.emoji, at = excluded.at, stream_seq = excluded.stream_seq"
)
_SQL_UPSERT_PREFERENCE = (
    f"INSERT INTO marketing_preferences ({PREFERENCE_COLUMNS}) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (customer_id) DO UPDATE SET preference = excluded.preference, "
    "at = excluded.at, stream_seq = excluded.stream_seq"
)
_SQL_UPSERT_NUMBER_STATUS = (
    f"INSERT OR REPLACE INTO number_status (id, {NUMBER_STATUS_COLUMNS}, stream_seq) "
    "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


async def select_in(tx: Tx, sql: str, keys: Iterable[Any], lists: int = 1) -> list[Row]:
    """`sql` with its `{}` (or each `{0}`) filled by one IN list per chunk of `keys`; `lists`
    says how many times `{0}` appears, each bound to the same keys (`lists` must divide
    `_CHUNK`: 1, 2 or 4)."""
    unique = list(dict.fromkeys(keys))
    rows: list[Row] = []
    step = _CHUNK // lists  # a power of two again: the parameters stay within _CHUNK
    for start in range(0, len(unique), step):
        chunk = _padded(unique[start : start + step])
        rows += await tx.fetchall(sql.format(PLACES[len(chunk)]), chunk * lists)
    return rows


def _padded(chunk: list[Any]) -> list[Any]:
    """`chunk` lengthened to the next power of two by repeating its last key (which changes
    nothing an IN list matches).

    Every IN-list length is a statement of its own to SQLite. A live batch of 5 to 25 records
    gave about 240 distinct statements, more than the connection's statement cache holds
    (`db.STATEMENT_CACHE`), so each apply prepared most of its statements again; with lengths
    1, 2, 4 … 512 a statement has ten forms at most.
    """
    size = 1 << (len(chunk) - 1).bit_length()
    return chunk + chunk[-1:] * (size - len(chunk))


PLACES = {1 << n: ", ".join("?" * (1 << n)) for n in range(_CHUNK.bit_length())}
"""The `?, ?, …` of each padded length."""


async def load_ids(tx: Tx, state: BatchState, keys: Keys) -> None:
    """Which conversation each named customer id (or phone number) belongs to."""
    rows = await select_in(tx, _SQL_IDS, keys.customer_ids, lists=2)
    # First ids before later ones, as when they were two statements: a later id wins.
    for row in sorted(rows, key=_later):
        state.customer_map[CustomerId(str(row[1]))] = ConversationId(bytes(row[2]))
    for row in await select_in(tx, _SQL_BY_WA_ID, keys.preference_ids | keys.wa_ids):
        state.by_wa_id[str(row[0])] = ConversationId(bytes(row[1]))


def _later(row: Row) -> int:
    return int(row[0])


async def load_rows(
    tx: Tx, state: BatchState, keys: Keys, conversations: set[ConversationId]
) -> None:
    """Customers of the loaded conversations, and the reactions, preferences and number
    status the records may replace."""
    for customer in map(customer_from_row, await select_in(tx, _SQL_CUSTOMERS, conversations)):
        state.customers[customer.conversation_id] = customer
    for reaction in map(
        reaction_from_row, await select_in(tx, _SQL_REACTIONS, keys.reaction_targets)
    ):
        state.reactions[reaction.target] = reaction
    for preference in map(
        preference_from_row, await select_in(tx, _SQL_PREFERENCES, keys.preference_ids)
    ):
        state.preferences[preference.customer_id] = preference
    if keys.number_status:
        row = await tx.fetchone(_SQL_NUMBER_STATUS)
        if row is not None:
            state.number_status = (number_status_from_row(row), int(row["stream_seq"]))
    if keys.gateway_status:
        await connection_rows.load(tx, state)
    if keys.templates:
        await template_rows.load(tx, state)


async def flush_customers(tx: Tx, state: BatchState) -> None:
    """Customers first: conversations refer to them."""
    await tx.executemany(
        _SQL_UPSERT_CUSTOMER, (customer_params(state.customers[c]) for c in state.changed_customers)
    )


async def flush_rest(tx: Tx, state: BatchState) -> None:
    """Later ids (they refer to conversations), reactions, preferences, the number's status."""
    await tx.executemany(_SQL_INSERT_CUSTOMER_ID, state.new_customer_ids)
    await tx.executemany(
        _SQL_UPSERT_REACTION, (reaction_params(state.reactions[w]) for w in state.changed_reactions)
    )
    await tx.executemany(
        _SQL_UPSERT_PREFERENCE,
        (preference_params(state.preferences[c]) for c in state.changed_preferences),
    )
    if state.number_status_changed and state.number_status is not None:
        status, seq = state.number_status
        await tx.execute(_SQL_UPSERT_NUMBER_STATUS, (*number_status_params(status), seq))
    await connection_rows.flush(tx, state)
    await template_rows.flush(tx, state)
    await notice_rows.flush(tx, state)
