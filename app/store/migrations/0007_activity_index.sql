-- schema: 1.6
-- Activity lines (messages with direction 4: hand-overs and state changes) by conversation, so
-- the customer panel finds where earlier conversations ended without walking the thread.
-- Only additions: a build reading schema 1.0–1.5 ignores them and still opens the file.
CREATE INDEX messages_activity ON messages (conversation_id, position) WHERE direction = 4;
