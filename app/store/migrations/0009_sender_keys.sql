-- schema: 1.8
-- Gateways' sender keys (security.md 2.12): secret like the seeds (this whole file is
-- encrypted), kept so that a restarted desk opens the events sealed under a key it took before.
-- Only additions: a build reading schema 1.0–1.7 ignores the table and still opens the file.
CREATE TABLE sender_keys (
    author BLOB NOT NULL,
    key_id BLOB NOT NULL,
    epoch  INTEGER NOT NULL,
    key    BLOB NOT NULL,
    PRIMARY KEY (author, key_id)
) WITHOUT ROWID;
