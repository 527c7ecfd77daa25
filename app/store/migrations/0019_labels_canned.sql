-- schema: 1.18
-- Labels and canned replies (issue 12 items 1-2; app/log/kinds/label_defined.py,
-- conversation_labelled.py, canned_reply.py). Only additions: an older build ignores them.

-- Each label as last defined; a deleted one stays as a tombstone (deleted = 1) so a late copy
-- of its definition cannot bring it back.
CREATE TABLE labels (
    label_id   BLOB PRIMARY KEY,
    name       TEXT NOT NULL,
    colour     INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    stream_seq INTEGER NOT NULL
) WITHOUT ROWID;

-- Which conversation carries which label. The queue's label filter starts from the label's
-- rows (the second index), the rows' chips from the conversation's (the primary key).
CREATE TABLE conversation_labels (
    conversation_id BLOB NOT NULL,
    label_id        BLOB NOT NULL,
    PRIMARY KEY (conversation_id, label_id)
) WITHOUT ROWID;
CREATE INDEX conversation_labels_by_label ON conversation_labels (label_id, conversation_id);

-- Canned replies: shared (scope 1, admins') and personal (scope 2, owned by the device that
-- first defined them); tombstones as for labels.
CREATE TABLE canned_replies (
    canned_id  BLOB PRIMARY KEY,
    scope      INTEGER NOT NULL,
    owner      BLOB NOT NULL,
    shortcut   TEXT NOT NULL,
    body       TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    stream_seq INTEGER NOT NULL
) WITHOUT ROWID;
