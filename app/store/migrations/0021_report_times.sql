-- schema: 1.20
-- The activity report (issue 12, item 6, app/store/report_rows.py) reads a range of time: the
-- messages of those days by their own time (Meta's prices have message_pricing_by_time, 0014).
-- Without it the report would read every message the team ever had to count one week.
-- Only additions: a build reading schema 1.0–1.19 ignores them and still opens the file.
CREATE INDEX messages_by_time ON messages (at);
