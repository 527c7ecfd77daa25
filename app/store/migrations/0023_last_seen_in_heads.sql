-- schema: 1.22
-- One page less in every applied batch (issue 8): a device's "last seen" (the team panel) was
-- max(author_time) over its events, kept answerable by events_by_author_time, whose tip page
-- every batch rewrote (1 of about 16 pages a one-record batch writes). The time now rides on
-- the author's head row, which every batch updates anyway: seen_at is the newest author_time
-- of the author's stored records (NULL while none could be read), moving forward only.
-- Written here by this build only: a build reading schema 1.0-1.21 ignores the column and still
-- opens the file, answers "last seen" by reading the events (slower, without the index) and
-- leaves seen_at behind; this build's next batch from that device moves it on again.
-- (Migration 0025 / schema 1.24 was reserved for this; 0023 is the lowest number free on main
-- at the time of writing, and the loader needs consecutive numbers.)
ALTER TABLE author_heads ADD COLUMN seen_at INTEGER;

UPDATE author_heads SET seen_at = (
    SELECT max(e.author_time) FROM events AS e WHERE e.author = author_heads.author
);

DROP INDEX events_by_author_time;
