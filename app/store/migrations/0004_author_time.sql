-- schema: 1.3
-- When each device was last heard from: the team panel's "last seen". author_time is the
-- plaintext's `author_time` (Unix seconds, the author's clock) of records this desk could open;
-- NULL for records it stores unread (requests sealed to the gateway, a missing key) and for
-- records stored before this migration. The index answers max(author_time) per author with one
-- seek, so the panel never reads the log.
-- Only additions: a build reading schema 1.0–1.2 ignores them and still opens the file.
ALTER TABLE events ADD COLUMN author_time INTEGER;

CREATE INDEX events_by_author_time ON events (author, author_time);
