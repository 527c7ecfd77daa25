-- schema: 1.11
-- Customers' edits and deletions (cloud-api.md §16, app/log/customer_changes.py). Every version
-- of an edited message, the original first, so an agent can read what was written before; a
-- deletion replaces them all with one row whose content is NULL (the words are dropped, as the
-- customer asked). Kept by the target's wamid whether or not the message is here yet, since an
-- edit may overtake its original: the message takes them on when it arrives.
-- Only additions: a build reading an earlier schema ignores the table (and shows a deleted
-- message, content kind 17, as an unsupported one: its words are gone either way).
CREATE TABLE customer_edits (
    target_wamid TEXT NOT NULL,
    stream_seq   INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    content      BLOB,
    PRIMARY KEY (target_wamid, stream_seq)
) WITHOUT ROWID;

-- Webhook items the gateway ignored because they named another phone number id (issue 10): per
-- number (a short hash of its id, never the id) and report; a second copy of a report (the
-- same number and Meta time) counts once. Admins see the sums beside the number's connection.
CREATE TABLE foreign_webhooks (
    number_tag TEXT NOT NULL,
    at         INTEGER NOT NULL,
    items      INTEGER NOT NULL,
    PRIMARY KEY (number_tag, at)
) WITHOUT ROWID;
