"""One module per event kind: its dataclass, encoding, rows and fold (`KindSpec`)."""
