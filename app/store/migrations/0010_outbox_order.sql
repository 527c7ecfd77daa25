-- schema: 1.9
-- Pending replies in the order they were written (rowid), not by (created_at, event_id): three
-- replies typed within one second went out in the random order of their event ids. Each index
-- holds only pending jobs and ends in the rowid, so both scans stay as small as the outbox.
-- Only additions: a build reading an earlier schema ignores them and still opens the file.
CREATE INDEX outbox_pending_in_order ON outbox (state) WHERE state = 0;
CREATE INDEX outbox_pending_by_conversation_in_order ON outbox (conversation_id) WHERE state = 0;
