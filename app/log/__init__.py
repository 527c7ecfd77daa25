"""The team log's event kinds and how they fold into the replica. PURE: no I/O, no Qt.

One kind is one module in `app.log.kinds` (its dataclass, its encoding, the rows it needs, how
it folds), registered once in `app.log.registry`. See docs/internals/event-kinds.md.
"""
