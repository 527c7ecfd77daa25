-- schema: 1.17
-- The phone's chat history, imported once (coexistence, issue 10 item 1, cloud-api.md §15.3).
-- Only additions: imported messages are ordinary message rows (from_phone for the business's
-- side) at negative positions, before everything live; an older build shows them as such.

-- Where the import stands: one row once the gateway or Meta said anything of it.
-- stage: app.domain.history.HistoryStage; progress: Meta's percent; messages: rows imported.
CREATE TABLE history_import (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    stage    INTEGER NOT NULL,
    phase    INTEGER NOT NULL,
    progress INTEGER NOT NULL,
    messages INTEGER NOT NULL,
    reason   TEXT NOT NULL,
    code     INTEGER NOT NULL,
    at       INTEGER NOT NULL
);
