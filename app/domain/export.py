"""Exporting conversations to a readable file (issue 12 item 7): what an export covers. PURE.

The file itself is written by `app.services.export`; the log records only that an export
happened (`app.log.kinds.exported`): what, by whom and when, never any content.
"""

from __future__ import annotations

import enum


class ExportScope(enum.IntEnum):
    """What was exported. On the wire: never renumber."""

    CONVERSATION = 1
    HISTORY = 2
    """Every conversation this desk holds."""
    BACKUP = 3
    """An encrypted backup of the desk's replica (`app.services.backup`): the whole log it
    holds, readable only with the passphrase, for starting a new device of the team."""


class ExportFormat(enum.IntEnum):
    """The file's format. On the wire: never renumber."""

    JSON = 1
    HTML = 2
    """One self-contained page: pictures this desk has are inlined, other files named."""
    ENCRYPTED_REPLICA = 3
    """A SQLCipher copy of the replica under a passphrase: the format of a backup."""


EXPORT_VERSION = 1
"""The `version` field of an exported JSON file; raised when its shape changes."""
