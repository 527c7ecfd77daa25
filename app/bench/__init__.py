"""`switchboard bench`: measurements for humans, on made-up data, through the product's code.

Composition, at the level of the demo: it may import any layer below it (desk, gateway,
simulator, store, hub …), never `ui` or `demo`. Each bench starts what it needs on loopback (a
hub, a team, the simulator, a gateway, desks) and measures a figure beside its physical floor
in the same run (docs/bench.md).
"""
