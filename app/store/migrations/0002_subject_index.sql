-- schema: 1.1
-- The newest stored record per subject answers "what is the hub's last sequence on this
-- conversation's subject?" for the expected-sequence guard, including records this desk
-- stored but could not read (so one unreadable event cannot wedge a conversation).
CREATE INDEX events_by_subject ON events (subject, stream_seq);
