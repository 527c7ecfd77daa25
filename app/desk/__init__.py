"""The desk as a product: founding or joining a team, then running it (composition layer).

Beside `app.demo` in the layers: it builds profiles, keys, replicas, hub connections and the
services, and hands the UI what it needs. No Qt here; windows come from `app.ui`.
"""
