-- schema: 1.12
-- What Meta told the business about its account, number and templates (issue 10 item 7,
-- app/log/kinds/admin_notice.py): one row per notice, by the stream sequence it came at; a
-- redelivered notice (the same notice_key) is kept once. Admins' desks list them, newest first.
-- Only additions: a build reading an earlier schema ignores the tables.
CREATE TABLE admin_notices (
    stream_seq INTEGER PRIMARY KEY,
    notice_key TEXT NOT NULL UNIQUE,
    topic      INTEGER NOT NULL,
    event      TEXT NOT NULL,
    subject    TEXT NOT NULL,
    language   TEXT NOT NULL,
    previous   TEXT NOT NULL,
    current    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    advice     TEXT NOT NULL,
    code       INTEGER NOT NULL,
    until      INTEGER NOT NULL,
    at         INTEGER NOT NULL
);

-- How far this desk's admin has read the notices (local only, never in the log): notices
-- after this stream sequence count as unread.
CREATE TABLE admin_notices_read (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    stream_seq INTEGER NOT NULL
);
