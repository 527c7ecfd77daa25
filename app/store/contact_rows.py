"""The business's phone book in the replica (`phone_contacts`, `ContactSync`).

Loaded by number for the batch's `ContactSync` records and written back when one changed; the
views read it through `rows.CUSTOMER_NAME_SQL`.
"""

from __future__ import annotations

from app.log.state import BatchState, Keys
from app.log.values import StoredContact
from app.store.batch_customers import select_in
from app.store.db import Tx

_SQL_LOAD = "SELECT wa_id, full_name, at, stream_seq FROM phone_contacts WHERE wa_id IN ({})"
_SQL_SAVE = (
    "INSERT INTO phone_contacts (wa_id, full_name, at, stream_seq) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (wa_id) DO UPDATE SET full_name = excluded.full_name, at = excluded.at, "
    "stream_seq = excluded.stream_seq"
)


async def load(tx: Tx, state: BatchState, keys: Keys) -> None:
    """The kept names of the numbers the batch's phone-book changes name."""
    for row in await select_in(tx, _SQL_LOAD, keys.contacts):
        wa_id = str(row["wa_id"])
        state.contacts[wa_id] = StoredContact(
            wa_id, str(row["full_name"]), int(row["at"]), int(row["stream_seq"])
        )


async def flush(tx: Tx, state: BatchState) -> None:
    await tx.executemany(
        _SQL_SAVE,
        (
            (c.wa_id, c.full_name, c.at, c.seq)
            for c in map(state.contacts.__getitem__, state.changed_contacts)
        ),
    )
