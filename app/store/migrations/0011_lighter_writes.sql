-- schema: 1.10
-- Fewer pages written per applied batch (issue 8): every page a transaction touches is encrypted,
-- authenticated and written to the WAL again (about 15-20 µs each), and one live message touched
-- about 22 of them.
-- Only drops and additions: a build reading an earlier schema still opens the file and reads it
-- right (its queue pages sort instead of walking a dropped index; its search misses what it
-- applied itself until a newer build indexes it).

-- The queue's first two indexes: every query filters by state since schema 1.5 and walks
-- conversations_queue_by_state(_assignee); these two were only rewritten with each message.
DROP INDEX conversations_queue;
DROP INDEX conversations_queue_by_assignee;

-- Never read: re-checking an author's chain uses author_heads, last-seen events_by_author_time.
DROP INDEX events_by_author;

-- Full-text indexing leaves the apply transaction (app/store/fts.py): messages are indexed in
-- id order by a later transaction of their own, many at a time, and `indexed_to` is the largest
-- message id indexed so far; what lies above it waits. The triggers keep what is already
-- indexed in step; an insert at or below the mark (SQLite reuses the top id after a delete) is
-- indexed at once, since the indexer never looks below the mark again.
CREATE TABLE fts_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_to INTEGER NOT NULL
);

INSERT INTO fts_state (id, indexed_to) SELECT 1, coalesce(max(id), 0) FROM messages;

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
WHEN new.id <= (SELECT indexed_to FROM fts_state) BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.id <= (SELECT indexed_to FROM fts_state) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
WHEN old.text IS NOT new.text AND old.id <= (SELECT indexed_to FROM fts_state) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;
