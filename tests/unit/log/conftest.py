"""The kinds' tests fold through a real SQLCipher replica, like the store's."""

from tests.unit.store.conftest import db_path, log, replica

__all__ = ["db_path", "log", "replica"]
