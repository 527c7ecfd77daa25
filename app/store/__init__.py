"""The desk's encrypted replica: SQLCipher through aiosqlite; the only package that speaks SQL.

May import `app.domain` and `app.crypto`, plus aiosqlite and sqlcipher3; never Qt, sync,
services or the network. Start at `replica.Replica`; `records` holds the values it exchanges.
"""
