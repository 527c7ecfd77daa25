-- schema: 1.16
-- Notifications from back-office systems (issue 10 item 5, docs/notifications.md).
-- Only additions: an older build shows a system's notification as an outbound message of no
-- agent.

-- The back-office system that sent a message through the gateway's API, '' for any other.
ALTER TABLE messages ADD COLUMN sent_by_system TEXT NOT NULL DEFAULT '';
CREATE INDEX messages_by_system ON messages (sent_by_system, at) WHERE sent_by_system <> '';

-- The tokens this desk's admin created (local only: the grant itself is sealed to the gateway,
-- which alone can open it). Never the secret, not even its hash.
CREATE TABLE api_tokens (
    token_id   BLOB PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) WITHOUT ROWID;
