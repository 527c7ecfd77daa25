"""Qt models of the desk: thin adapters over plain data owners that page through `DeskApi`."""
