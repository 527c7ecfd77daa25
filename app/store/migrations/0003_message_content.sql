-- schema: 1.2
-- Every message type reaches the screen (issue 3), customers keep their conversation when their
-- id changes, and the business number's status is kept for the header badge.
-- Only additions: a build reading schema 1.0/1.1 ignores them and still opens the file.

-- What a message is and carries. `text` stays the searchable words (preview and FTS index);
-- content is app.store.content_rows JSON (NULL: plain text, e.g. our replies); content_kind is
-- app.domain.content.ContentKind; context is JSON too (NULL: none). quoted_wamid repeats
-- context.quoted so reads can join the quoted message by index.
ALTER TABLE messages ADD COLUMN content_kind INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN content BLOB;
ALTER TABLE messages ADD COLUMN context BLOB;
ALTER TABLE messages ADD COLUMN quoted_wamid TEXT;

-- The kind of the newest message, so the queue can say "Photo" without reading messages.
ALTER TABLE conversations ADD COLUMN last_kind INTEGER NOT NULL DEFAULT 1;

-- A customer's id can change (new number or business-scoped user id, cloud-api.md §3.1); the
-- conversation stays. customers keeps one row per conversation under the first id (conversations
-- refer to it); current_id is the id to write to now ('' = customer_id still is).
ALTER TABLE customers ADD COLUMN current_id TEXT NOT NULL DEFAULT '';

-- The ids a customer took on later, each mapped to the conversation of the id it replaced. A
-- message from such an id goes to that conversation, whatever conversation id the sync layer
-- derived from it: every desk applies the same log, so every desk maps it the same way.
CREATE TABLE customer_ids (
    customer_id     TEXT PRIMARY KEY,
    conversation_id BLOB NOT NULL REFERENCES conversations (conversation_id),
    since           INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX customer_ids_by_conversation ON customer_ids (conversation_id);

-- Preferences may name a customer by phone digits (no BSUID): find them by number.
CREATE INDEX customers_by_wa_id ON customers (wa_id) WHERE wa_id <> '';

-- The customer's current reaction per reacted-to wamid. Kept whether or not the target message
-- is known yet (it may arrive later, or get its wamid only when Meta accepts our reply), so this
-- table is also the "pending" store: reads join it to messages by wamid. The newest reaction
-- (Meta's `at`, then log order) wins, so a late copy of an older one changes nothing.
-- emoji '' = the customer removed their reaction.
CREATE TABLE reactions (
    target_wamid    TEXT PRIMARY KEY,
    conversation_id BLOB NOT NULL,
    emoji           TEXT NOT NULL,
    at              INTEGER NOT NULL,
    stream_seq      INTEGER NOT NULL
) WITHOUT ROWID;

-- Marketing preferences (`user_preferences`) by the id Meta named: a BSUID or phone digits.
-- preference is app.domain.events.Preference; the newest (at, then log order) wins.
CREATE TABLE marketing_preferences (
    customer_id TEXT PRIMARY KEY,
    preference  INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    stream_seq  INTEGER NOT NULL
) WITHOUT ROWID;

-- The business number as customers see it (cloud-api.md §9): one row, the newest `at` wins.
CREATE TABLE number_status (
    id                           INTEGER PRIMARY KEY CHECK (id = 1),
    display_phone_number         TEXT NOT NULL,
    verified_name                TEXT NOT NULL,
    name_status                  TEXT NOT NULL,
    quality_rating               TEXT NOT NULL,
    is_official_business_account INTEGER NOT NULL,
    throughput_level             TEXT NOT NULL,
    messaging_limit              TEXT NOT NULL,
    at                           INTEGER NOT NULL,
    stream_seq                   INTEGER NOT NULL
);
