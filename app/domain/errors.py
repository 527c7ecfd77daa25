"""The error tree. Services raise these with codes; `ui` turns codes into words.

SwitchboardError
├── EnvironmentFault      the machine's fault: disk, keychain, hub unreachable
│   ├── StoreUnavailable
│   ├── KeychainUnavailable
│   └── HubUnreachable
├── DataFault             bad input from outside: wrong key, corrupt file, forged event
│   ├── WrongKey
│   ├── ForeignDatabase
│   ├── NotEnrolled
│   └── EnvelopeRejected
└── UserFault             the action cannot be done now
    ├── AlreadyClaimed
    ├── StaleView
    └── WindowClosed
"""

from __future__ import annotations


class SwitchboardError(Exception):
    """Base of every error Switchboard raises on purpose."""

    code = "error"


class EnvironmentFault(SwitchboardError):
    """Something outside our code failed; retrying or fixing the machine helps."""

    code = "environment"


class StoreUnavailable(EnvironmentFault):
    code = "store-unavailable"


class KeychainUnavailable(EnvironmentFault):
    code = "keychain-unavailable"


class HubUnreachable(EnvironmentFault):
    code = "hub-unreachable"


class DataFault(SwitchboardError):
    """Input we were given is wrong; nothing was changed."""

    code = "data"


class WrongKey(DataFault):
    """The replica does not open with this device's key."""

    code = "wrong-key"


class ForeignDatabase(DataFault):
    """The file opens but is not a Switchboard replica, or is from a newer version."""

    code = "foreign-database"


class NotEnrolled(DataFault):
    """This profile holds no device identity: it has not joined a team."""

    code = "not-enrolled"


class EnvelopeRejected(DataFault):
    """An envelope failed parsing, policy, signature or decryption checks."""

    code = "envelope-rejected"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UserFault(SwitchboardError):
    """The action is not possible in the current state."""

    code = "user"


class AlreadyClaimed(UserFault):
    code = "already-claimed"


class StaleView(UserFault):
    """A colleague changed the conversation since the agent looked; nothing was sent."""

    code = "stale-view"


class WindowClosed(UserFault):
    """More than 24 h since the customer's last message: only templates may be sent."""

    code = "window-closed"
