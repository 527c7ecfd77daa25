-- schema: 1.15
-- The audit trail (issue 12 item 8), read from the log this file already holds: beside each
-- stored record, the action a person took with it (app.domain.audit.AuditAction; NULL for the
-- rest: customers' messages, statuses, notes …), the conversation it concerned and the
-- colleague it named. Written in the record's own insert; no second copy of anything.
-- Only additions: a build reading an earlier schema ignores them and still opens the file.
-- (Reserved as migration 0021 for issue 12; the loader needs consecutive numbers, so the
-- merge gives it its place.)
ALTER TABLE events ADD COLUMN audit_action INTEGER;
ALTER TABLE events ADD COLUMN audit_conversation BLOB;
ALTER TABLE events ADD COLUMN audit_target BLOB;
ALTER TABLE events ADD COLUMN audit_detail INTEGER NOT NULL DEFAULT 0;

-- Records applied before this schema: what their thread lines still tell (replies, hand-overs
-- and state changes, through the message row each wrote under its event id). Claims wrote no
-- line, so a trail starts listing them from here on.
UPDATE events SET audit_action = 10, audit_conversation = (
    SELECT m.conversation_id FROM messages AS m WHERE m.event_id = events.event_id
)
WHERE outcome = 1 AND event_id IN (
    SELECT event_id FROM messages WHERE direction = 2 AND author IS NOT NULL AND from_phone = 0
);

UPDATE events SET
    audit_action = (
        SELECT CASE json_extract(CAST(m.content AS TEXT), '$.v.activity')
            WHEN 2 THEN 2 WHEN 3 THEN 3 WHEN 4 THEN 4 WHEN 5 THEN 5
            WHEN 6 THEN 6 WHEN 7 THEN 7 WHEN 8 THEN 8 WHEN 9 THEN 9 END
        FROM messages AS m WHERE m.event_id = events.event_id
    ),
    audit_conversation = (
        SELECT m.conversation_id FROM messages AS m WHERE m.event_id = events.event_id
    ),
    audit_target = (
        SELECT unhex(json_extract(CAST(m.content AS TEXT), '$.v.target')) FROM messages AS m
        WHERE m.event_id = events.event_id
        AND json_extract(CAST(m.content AS TEXT), '$.v.activity') IN (2, 3)
    )
WHERE outcome = 1 AND event_id IN (SELECT event_id FROM messages WHERE direction = 4);

-- Pages of the trail, newest first, overall and per person, action and conversation; only
-- audited records enter them, so every other record costs no index page.
CREATE INDEX events_audit ON events (stream_seq) WHERE audit_action IS NOT NULL;
CREATE INDEX events_audit_by_author ON events (author, stream_seq)
WHERE audit_action IS NOT NULL;
CREATE INDEX events_audit_by_action ON events (audit_action, stream_seq)
WHERE audit_action IS NOT NULL;
CREATE INDEX events_audit_by_conversation ON events (audit_conversation, stream_seq)
WHERE audit_action IS NOT NULL;
