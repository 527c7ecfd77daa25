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
│   ├── EnvelopeRejected
│   ├── InviteCodeInvalid
│   ├── HubSetupCodeWrong
│   ├── PassphraseWrong
│   └── NumberSettingsRejected
└── UserFault             the action cannot be done now
    ├── AlreadyClaimed
    ├── StaleView
    ├── WindowClosed
    ├── NewMessagesArrived
    ├── InviteExpired
    ├── InviteUsed
    ├── SasMismatch
    ├── JoinCancelled
    ├── HubTaken
    ├── NotPermitted
    ├── LastAdmin
    └── GatewayMissing
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


class NewMessagesArrived(UserFault):
    """A customer's or colleague's message arrived after the agent last looked: nothing was
    sent, so the agent can read it before sending (the collision guard)."""

    code = "new-messages-arrived"

    def __init__(self, newest_position: int) -> None:
        super().__init__(f"newer message at position {newest_position}")
        self.newest_position = newest_position
        """The newest message's position: what the agent has seen once it is shown."""


# Team set-up (docs/internals/team-setup.md; the UI's calls are in app/services/team_api.py).


class InviteCodeInvalid(DataFault):
    """No open invite has this code: mistyped, or never issued."""

    code = "invite-code-invalid"


class HubSetupCodeWrong(DataFault):
    """The hub did not accept the one-time setup code it printed."""

    code = "hub-setup-code-wrong"


class PassphraseWrong(DataFault):
    """The passphrase does not open this profile's key file."""

    code = "passphrase-wrong"


class NumberSettingsRejected(DataFault):
    """Meta refused the Cloud API settings (access token, number or account id)."""

    code = "number-settings-rejected"


class InviteExpired(UserFault):
    """The invite's 24 hours ran out before it was used."""

    code = "invite-expired"


class InviteUsed(UserFault):
    """The invite was used already, or burnt after a mismatch or cancel: invites are single use."""

    code = "invite-used"


class SasMismatch(UserFault):
    """One side said the emoji did not match; nobody was added and the invite is burnt."""

    code = "sas-mismatch"


class JoinCancelled(UserFault):
    """The other side of an enrollment gave up."""

    code = "join-cancelled"


class HubTaken(UserFault):
    """The hub already belongs to a team; a hub serves exactly one."""

    code = "hub-taken"


class NotPermitted(UserFault):
    """The viewer's role does not allow this (only admins invite, remove and rotate)."""

    code = "not-permitted"


class LastAdmin(UserFault):
    """The team's last active admin device cannot be removed."""

    code = "last-admin"


class GatewayMissing(UserFault):
    """The number cannot be connected before a gateway has joined the team."""

    code = "gateway-missing"


class DeviceRemoved(UserFault):
    """An admin removed this device from the team: the hub no longer lets it in."""

    code = "device-removed"


class SimulatorUnavailable(UserFault):
    """The *Simulator* choice needs a Cloud API simulator beside the desk (the demo has one)."""

    code = "simulator-unavailable"


class TemplateUnavailable(UserFault):
    """The template is not in the gateway's catalogue, or not approved for sending (any more)."""

    code = "template-unavailable"


class TemplateIncomplete(UserFault):
    """A template parameter has no value yet; nothing was sent."""

    code = "template-incomplete"

    def __init__(self, missing: int) -> None:
        super().__init__(f"{missing} template parameters have no value")
        self.missing = missing


class PhoneNumberInvalid(UserFault):
    """Not a phone number WhatsApp can be reached at (international format, 8 to 15 digits)."""

    code = "phone-number-invalid"
