"""Use-cases of the desk: claim, reply, read the queue. asyncio yes, Qt no.

May import `app.sync` (protocol, engine, transport Protocol), `app.store`, `app.crypto` and
`app.domain`; never the NATS adapter, `app.system` or `app.hub` (main injects those).
"""
