-- schema: 1.5
-- Where a conversation stands (app.domain.handling.ConversationState: 1 open, 2 pending,
-- 3 snoozed, 4 resolved) and until when a snooze lasts; notes that do not guard the conversation.
-- Only additions: a build reading schema 1.0–1.4 ignores them and still opens the file.
ALTER TABLE conversations ADD COLUMN state INTEGER NOT NULL DEFAULT 1;
ALTER TABLE conversations ADD COLUMN snooze_until INTEGER NOT NULL DEFAULT 0;

-- Records on a conversation's subject that do not make an agent's view stale (private notes):
-- the guard a claim or reply is decided on skips them (app.log.kind.KindSpec.guard_neutral).
ALTER TABLE events ADD COLUMN guard_neutral INTEGER NOT NULL DEFAULT 0;

-- The queue's tabs by state (the conversations_queue order within each), and "mine" by
-- assignee within a state; the older indexes stay for builds of schema 1.0–1.4.
CREATE INDEX conversations_queue_by_state ON conversations (
    state, waiting_since IS NULL, coalesce(waiting_since, -last_at), conversation_id
);

CREATE INDEX conversations_queue_by_state_assignee ON conversations (
    state, assignee, waiting_since IS NULL, coalesce(waiting_since, -last_at), conversation_id
);

-- The next snooze to end, for the desk's wake-up timer.
CREATE INDEX conversations_snoozed ON conversations (snooze_until) WHERE state = 3;

-- Tab counts kept by the fold, never recounted: conversations per (state, assignee), with
-- x'' standing for nobody. The batch that changes a conversation moves it between buckets.
-- (No CHECK on n: SQLite checks the candidate row of an upsert, a -1 delta, before its UPDATE.)
CREATE TABLE queue_counts (
    state    INTEGER NOT NULL,
    assignee BLOB NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (state, assignee)
) WITHOUT ROWID;

INSERT INTO queue_counts (state, assignee, n)
SELECT state, coalesce(assignee, x''), count(*) FROM conversations GROUP BY 1, 2;
