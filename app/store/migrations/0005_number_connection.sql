-- schema: 1.4
-- The WhatsApp number's connection (team-setup.md §5): the gateway's last report on its webhook,
-- and the settings this desk sent (the verify token it made, to paste into Meta's dashboard; the
-- access token and app secret are never kept here, they went sealed to the gateway).
-- Only additions: a build reading schema 1.0–1.3 ignores them and still opens the file.

-- One row, the newest `at` wins (as number_status).
CREATE TABLE gateway_status (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    webhook_url     TEXT NOT NULL,
    handshake       INTEGER NOT NULL,
    handshake_at    INTEGER NOT NULL,
    last_webhook_at INTEGER NOT NULL,
    settings        INTEGER NOT NULL,
    settings_id     BLOB NOT NULL,
    problem         TEXT NOT NULL,
    error_code      INTEGER NOT NULL,
    simulated       INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    stream_seq      INTEGER NOT NULL
);

-- Local only, never in the log: what this desk last sent. One row.
CREATE TABLE number_settings_sent (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    event_id     BLOB NOT NULL,
    verify_token TEXT NOT NULL,
    webhook_url  TEXT NOT NULL,
    simulated    INTEGER NOT NULL,
    sent_at      INTEGER NOT NULL
);
