"""`switchboard bench`: measurements for humans, on real files, through the product's code.

Composition, at the level of the demo: it may import any layer below it (store, domain …), never
`ui`, and it reaches no network.
"""
