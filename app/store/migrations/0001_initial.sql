-- schema: 1.0
-- The first replica schema. IMMUTABLE once released: change the schema with a new numbered file.
-- Ids are BLOBs (16 raw bytes), times are Unix seconds, statuses and enums are the IntEnum values
-- of app.domain.model / app.store.records.

-- Small named values: the replica marker, and whatever the desk keeps by name (`set_meta`).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

INSERT INTO meta (key, value) VALUES ('replica.app', CAST('switchboard-replica' AS BLOB));

-- One row per migration applied; an older build compares the majors and refuses a newer file.
CREATE TABLE schema_version (
    migration INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    major     INTEGER NOT NULL,
    minor     INTEGER NOT NULL
);

-- This device's wrapped private keys: an opaque blob the caller seals.
CREATE TABLE identity (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    blob BLOB NOT NULL
);

-- The stream sequence applied last; replay resumes after it. One row, always present.
CREATE TABLE sync_state (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    cursor INTEGER NOT NULL CHECK (cursor >= 0)
);

INSERT INTO sync_state (id, cursor) VALUES (1, 0);

-- Validated team-chain links in stream order (seqno is the local ordinal, 1, 2, 3 ...).
CREATE TABLE chain_links (
    seqno      INTEGER PRIMARY KEY,
    stream_seq INTEGER NOT NULL UNIQUE,
    link       BLOB NOT NULL
);

-- Team seeds per epoch (secret; this whole file is encrypted).
CREATE TABLE seeds (
    epoch INTEGER PRIMARY KEY,
    seed  BLOB NOT NULL
);

-- Every record received, as the ciphertext envelope, for re-verification. The stream sequence is
-- the rowid, so stream order costs nothing; event_id makes apply idempotent.
-- outcome: 1 applied, 2 stored only, 3 duplicate wamid, 4 skipped (refers to unknown data).
CREATE TABLE events (
    stream_seq    INTEGER PRIMARY KEY,
    event_id      BLOB NOT NULL UNIQUE,
    subject       TEXT NOT NULL,
    author        BLOB NOT NULL,
    author_seq    INTEGER NOT NULL,
    envelope      BLOB NOT NULL,
    envelope_hash BLOB NOT NULL,
    outcome       INTEGER NOT NULL
);

-- Re-checking one author's hash chain walks its events in author order.
CREATE INDEX events_by_author ON events (author, author_seq);

-- The newest (seq, envelope hash) per author: detects gaps, replays and rollback.
CREATE TABLE author_heads (
    author BLOB PRIMARY KEY,
    seq    INTEGER NOT NULL,
    hash   BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE customers (
    customer_id     TEXT PRIMARY KEY,
    conversation_id BLOB NOT NULL UNIQUE,
    wa_id           TEXT NOT NULL,
    profile_name    TEXT NOT NULL
);

-- The queue's rows, maintained by apply (never recomputed from messages on read).
-- last_subject_seq guards the next claim or reply (Nats-Expected-Last-Subject-Sequence).
-- waiting_since: the oldest unanswered inbound time, NULL once answered.
CREATE TABLE conversations (
    conversation_id  BLOB PRIMARY KEY,
    customer_id      TEXT NOT NULL REFERENCES customers (customer_id),
    assignee         BLOB,
    last_subject_seq INTEGER NOT NULL DEFAULT 0,
    last_inbound_at  INTEGER,
    waiting_since    INTEGER,
    last_text        TEXT NOT NULL DEFAULT '',
    last_at          INTEGER NOT NULL DEFAULT 0,
    unread           INTEGER NOT NULL DEFAULT 0,
    message_count    INTEGER NOT NULL DEFAULT 0
);

-- Queue order, exactly app.domain.rules.queue_order_key: waiting first by waiting_since asc, then
-- answered by last_at desc, then id. Pages walk these indexes with no sort step; the second one
-- serves "unassigned" (assignee IS NULL) and "mine" (assignee = ?).
CREATE INDEX conversations_queue ON conversations (
    waiting_since IS NULL, coalesce(waiting_since, -last_at), conversation_id
);

CREATE INDEX conversations_queue_by_assignee ON conversations (
    assignee, waiting_since IS NULL, coalesce(waiting_since, -last_at), conversation_id
);

-- Bubbles. `id` is an INTEGER PRIMARY KEY (not the implicit rowid) because the FTS index refers
-- to it and VACUUM may renumber implicit rowids. position = the stream sequence the message was
-- applied at; our own not-yet-applied replies sit above 2^62 so they sort last. wamid is UNIQUE
-- (inbound de-dup) and NULL for replies Meta has not accepted yet (NULLs are distinct).
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    event_id        BLOB NOT NULL UNIQUE,
    conversation_id BLOB NOT NULL REFERENCES conversations (conversation_id),
    position        INTEGER NOT NULL,
    direction       INTEGER NOT NULL,
    text            TEXT NOT NULL,
    at              INTEGER NOT NULL,
    author          BLOB,
    wamid           TEXT UNIQUE,
    status          INTEGER NOT NULL,
    error_code      INTEGER NOT NULL DEFAULT 0
);

-- Pages of one conversation, newest first, by keyset (position < ?).
CREATE UNIQUE INDEX messages_by_position ON messages (conversation_id, position);

-- Delivery statuses by wamid, kept even before any message is known to carry that wamid
-- (a status webhook can overtake the send outcome); merged into the message when it is.
CREATE TABLE wamid_status (
    wamid      TEXT PRIMARY KEY,
    status     INTEGER NOT NULL,
    error_code INTEGER NOT NULL,
    at         INTEGER NOT NULL
) WITHOUT ROWID;

-- Transactional outbox (Signal's job queue): written in the same transaction as the pending
-- message; state 0 pending, 1 sent, 2 failed, 3 conflict (app.store.records.OutboxState).
CREATE TABLE outbox (
    event_id             BLOB PRIMARY KEY,
    conversation_id      BLOB NOT NULL REFERENCES conversations (conversation_id),
    kind                 INTEGER NOT NULL,
    payload              BLOB NOT NULL,
    expected_subject_seq INTEGER NOT NULL,
    state                INTEGER NOT NULL DEFAULT 0,
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_attempt_at      INTEGER NOT NULL,
    last_error           TEXT NOT NULL DEFAULT '',
    created_at           INTEGER NOT NULL
);

-- Only pending jobs are ever scanned, oldest first; a job waits while an older one of the same
-- conversation is pending, so replies reach the log in the order they were written.
CREATE INDEX outbox_pending ON outbox (created_at, event_id) WHERE state = 0;

CREATE INDEX outbox_pending_by_conversation ON outbox (conversation_id, created_at, event_id)
WHERE state = 0;

-- Full-text search over message text, inside the encrypted file (Signal Desktop does the same).
-- External content: the text is stored once, in messages; the triggers keep the index in step.
-- Status updates are the common UPDATE, so the update trigger re-indexes only changed text.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    text,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
WHEN old.text IS NOT new.text BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;
