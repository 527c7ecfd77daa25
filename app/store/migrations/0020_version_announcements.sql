-- schema: 1.19
-- Newer versions of Switchboard the team's admins announced (issue 11 item 3,
-- app/log/kinds/version_announced.py), one row per announcement; the desk shows the latest
-- if it is newer than the version it runs. Only additions: an older build ignores them.
CREATE TABLE version_announcements (
    stream_seq  INTEGER PRIMARY KEY,
    announce_id BLOB NOT NULL UNIQUE,
    version     TEXT NOT NULL,
    url         TEXT NOT NULL,
    note        TEXT NOT NULL,
    at          INTEGER NOT NULL
);

-- The announced version this desk's user closed (local only, never in the log): it is not
-- shown again, a later announcement is.
CREATE TABLE version_dismissed (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version TEXT NOT NULL
);
