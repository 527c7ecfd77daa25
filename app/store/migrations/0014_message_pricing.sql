-- schema: 1.13
-- What Meta charges for each message the business sent (issue 10, item 6; cloud-api.md §18): the
-- first status of a wamid that carried `pricing`, kept once (Meta charges once, for delivery).
-- Keyed by wamid like wamid_status, since a status can overtake the send outcome that tells the
-- desk which message has this wamid. Reserved as migration 0014 on main (issue 10's numbering):
-- renumber the file at the merge, the version line stays.
-- Only additions: a build reading an earlier schema ignores the table.
CREATE TABLE message_pricing (
    wamid    TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    type     INTEGER NOT NULL,
    billable INTEGER NOT NULL,
    at       INTEGER NOT NULL
) WITHOUT ROWID;

-- The costs report reads a span of days.
CREATE INDEX message_pricing_by_time ON message_pricing (at);
