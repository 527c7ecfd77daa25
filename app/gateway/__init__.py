"""The webhook gateway: Meta's Cloud API on one side, the team's sealed log on the other.

Reads Meta's wire format with its own parser (never the simulator's), seals everything to the
team before it reaches the hub, and sends replies that member devices requested. May import
`app.sync` (transport, codec), `app.crypto` and `app.domain`; never `services`, `store` or `ui`.
Its own durable state (send log, author-chain head) is a small stdlib `sqlite3` file in its
state folder (`state`), since nothing the hub holds is trusted for either.
"""
