"""The domain: conversations, messages, delivery, assignment and the event kinds.

PURE: imports nothing but the standard library's typing and dataclass helpers. No Qt, asyncio,
I/O, clock or randomness: `now` and new ids are always passed in.
"""
