-- schema: 1.23
-- Cheaper message inserts (issue 8). messages_fts_insert (0011) indexed a message inserted at or
-- below the search mark at once, which happened only when SQLite reused the top id after a delete.
-- Any trigger makes an INSERT a statement that may write several tables, so SQLite copied every
-- page each inserted message touched into a statement journal first: a third of the cost of
-- inserting a message (7.6 against 5.2 µs a row, 4,096-row batches, foreign keys on).
-- Instead the mark never stays above the largest id: every delete lowers it to the largest id
-- left when it stood above that, so the next id is always above it and the indexer finds that
-- message (app/store/fts.py). Every delete, not only one of an indexed message: after deleting
-- the indexed top row while an unindexed row stands above it, the mark cannot fall yet, and
-- when that row goes too the mark must fall then. One trigger, so the index entry is removed
-- while the mark still covers it, before the mark falls (deletes are rare: discarded replies).
-- Triggers live in the file: a build reading schema 1.0-1.22 gets these too and stays right.

UPDATE fts_state SET indexed_to = (SELECT coalesce(max(id), 0) FROM messages)
WHERE indexed_to > (SELECT coalesce(max(id), 0) FROM messages);

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text)
    SELECT 'delete', old.id, old.text WHERE old.id <= (SELECT indexed_to FROM fts_state);
    UPDATE fts_state SET indexed_to = (SELECT coalesce(max(id), 0) FROM messages)
    WHERE indexed_to > (SELECT coalesce(max(id), 0) FROM messages);
END;
