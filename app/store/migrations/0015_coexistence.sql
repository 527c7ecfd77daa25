-- schema: 1.14
-- Coexistence with the WhatsApp Business app (issue 10 item 1, cloud-api.md §15).
-- Only additions: a build reading an earlier schema shows an echo as an outbound message of no
-- agent and ignores the phone book.

-- A message sent from the business's phone (a `smb_message_echoes` echo), not by an agent.
ALTER TABLE messages ADD COLUMN from_phone INTEGER NOT NULL DEFAULT 0;

-- The business's phone book (`smb_app_state_sync`), by phone digits: its own labels, kept apart
-- from customers' profile names and shown only where a customer gave none. A removal keeps the
-- row with full_name '' so a late copy of an older addition cannot bring the name back.
CREATE TABLE phone_contacts (
    wa_id      TEXT PRIMARY KEY,
    full_name  TEXT NOT NULL,
    at         INTEGER NOT NULL,
    stream_seq INTEGER NOT NULL
) WITHOUT ROWID;
