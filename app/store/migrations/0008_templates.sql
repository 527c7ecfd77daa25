-- schema: 1.7
-- The message templates desks may send (app.log.kinds.template_catalogue): the gateway's newest
-- catalogue, one row, the newest `at` wins (as number_status). The templates are kept in the
-- log's canonical encoding (app.log.template_codec).
-- Only additions: a build reading schema 1.0–1.6 ignores them and still opens the file.
CREATE TABLE template_catalogue (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    templates  BLOB NOT NULL,
    at         INTEGER NOT NULL,
    stream_seq INTEGER NOT NULL
);
