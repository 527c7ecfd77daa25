-- schema: 1.21
-- Auto-assignment (issue 12 item 3; app/log/kinds/assignment_settings.py, agent_availability.py
-- and automatic hand-overs). Only additions: an older build ignores them.

-- The team's settings as the admin set them last: newest `at` wins, then log order.
CREATE TABLE assignment_settings (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    enabled               INTEGER NOT NULL,
    default_capacity      INTEGER NOT NULL,
    wait_for_menu_seconds INTEGER NOT NULL,
    rules                 TEXT NOT NULL,
    at                    INTEGER NOT NULL,
    stream_seq            INTEGER NOT NULL
);

-- Who said they are away (or back), newest `at` per agent, then log order.
CREATE TABLE agent_availability (
    agent      BLOB PRIMARY KEY,
    away       INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    stream_seq INTEGER NOT NULL
) WITHOUT ROWID;

-- The last agent the system assigned a conversation to, in log order: the round robin's place.
CREATE TABLE auto_assign_last (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    agent      BLOB NOT NULL,
    stream_seq INTEGER NOT NULL
);

-- Open conversations nobody holds, oldest waiting first, for the assigner's one query.
CREATE INDEX conversations_unassigned_open ON conversations (
    waiting_since IS NULL, coalesce(waiting_since, -last_at), conversation_id
) WHERE state = 1 AND assignee IS NULL;
