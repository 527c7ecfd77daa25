"""The desk's widgets, views and delegates; they talk to `DeskApi` only through `bridge.spawn`."""
