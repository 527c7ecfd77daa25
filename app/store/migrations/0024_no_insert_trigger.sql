-- schema: 1.23
-- Cheaper message inserts (issue 8). messages_fts_insert (0011) indexed a message inserted at or
-- below the search mark at once, which happened only when SQLite reused the top id after a delete.
-- Any trigger makes an INSERT a statement that may write several tables, so SQLite copied every
-- page each inserted message touched into a statement journal first: a third of the cost of
-- inserting a message (7.6 against 5.2 µs a row, 4,096-row batches, foreign keys on).
-- Instead the mark never stays above the largest id: a delete of an indexed message lowers it
-- to the largest id left (the rows below were all indexed), so the next id is always above it
-- and the indexer finds that message (app/store/fts.py).
-- Triggers live in the file: a build reading schema 1.0-1.22 gets these too and stays right.

UPDATE fts_state SET indexed_to = (SELECT coalesce(max(id), 0) FROM messages)
WHERE indexed_to > (SELECT coalesce(max(id), 0) FROM messages);

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.id <= (SELECT indexed_to FROM fts_state) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    UPDATE fts_state SET indexed_to = (SELECT coalesce(max(id), 0) FROM messages)
    WHERE indexed_to > (SELECT coalesce(max(id), 0) FROM messages);
END;
