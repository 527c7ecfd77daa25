"""The error tree. Services raise these with codes; `ui` turns codes into words.

SwitchboardError
├── EnvironmentFault      the machine's fault: disk, keychain, hub unreachable
│   ├── StoreUnavailable
│   │   └── StorePaused
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
│   ├── NumberSettingsRejected
│   ├── TemplateDraftInvalid
│   └── TemplateRefused
└── UserFault             the action cannot be done now
    ├── AlreadyClaimed
    ├── StaleView
    ├── WindowClosed
    ├── NewMessagesArrived
    ├── ConversationChanged
    ├── NotYours
    ├── HandoverRefused, StateRefused, NoteRefused
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

from app.domain.template_draft import DraftProblem


class SwitchboardError(Exception):
    """Base of every error Switchboard raises on purpose."""

    code = "error"


class EnvironmentFault(SwitchboardError):
    """Something outside our code failed; retrying or fixing the machine helps."""

    code = "environment"


class StoreUnavailable(EnvironmentFault):
    code = "store-unavailable"


class StoreDamaged(StoreUnavailable):
    """A page of the replica does not decrypt or is corrupt: the file, not the machine, failed.
    While a desk runs it pauses the sync as a failing disk does; found while the replica opens,
    it is the user's question (`ReplicaUnreadable`)."""

    code = "store-damaged"


class StoreClosed(StoreUnavailable):
    """The desk is closing: its replica takes no more reads or writes. A task that outlived its
    window meets this instead of a driver error, and ends quietly."""

    code = "store-closed"


class StorePaused(StoreUnavailable):
    """This desk's replica takes no writes (a full disk), so syncing waits and resumes by
    itself once it does: an action that must see its own result here cannot finish now."""

    code = "store-paused"


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


class ReplicaDamaged(DataFault):
    """An enrolled profile's replica is missing or empty: never replaced by an empty one."""

    code = "replica-damaged"


class ReplicaFailedCheck(ReplicaDamaged):
    """The replica failed its integrity check when it was last opened: it is not opened
    again until the user chooses a fresh copy from the hub or to open it anyway."""

    code = "replica-failed-check"


class ReplicaUnreadable(ReplicaDamaged):
    """An enrolled profile's replica is there but damaged: pages of it do not decrypt or are
    corrupt, found while it opens. The file is left as it is until the user chooses."""

    code = "replica-unreadable"


class ProfileSettingsDamaged(DataFault):
    """The profile's settings file (`profile.json`) is not readable JSON any more: it names
    the keychain item of this profile's key, so it is never replaced by a new one quietly."""

    code = "profile-settings-damaged"


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


class ConversationChanged(UserFault):
    """A colleague changed the conversation first (claimed, handed over, resolved …); the
    agent's action was decided on what they saw before, so it was not sent."""

    code = "conversation-changed"

    def __init__(self, by: str) -> None:
        super().__init__("a colleague changed the conversation first")
        self.by = by
        """The colleague's name, or "" if unknown."""


class NotYours(UserFault):
    """Only the conversation's assignee replies; claim it or take it over first."""

    code = "not-yours"

    def __init__(self, holder: str) -> None:
        super().__init__("the conversation is not assigned to you")
        self.holder = holder
        """Who holds it ("" for nobody)."""


class HandoverRefused(UserFault):
    """The hand-over breaks a rule of `app.domain.handling` (`reason` is its stable code)."""

    code = "handover-refused"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StateRefused(UserFault):
    """The state change breaks a rule of `app.domain.handling` (`reason` is its stable code)."""

    code = "state-refused"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NoteRefused(UserFault):
    """The note is empty, too long or mentions too many colleagues (`reason`)."""

    code = "note-refused"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


class LabelRefused(UserFault):
    """A label cannot be defined so, or put on that conversation (`reason`, a code of
    `app.domain.labels.label_refusal` or `label-unknown`)."""

    code = "label-refused"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AssignmentRefused(UserFault):
    """Auto-assignment settings cannot be saved so (`reason`, a code of
    `app.domain.assignment.settings_refusal`)."""

    code = "assignment-refused"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CannedRefused(UserFault):
    """A canned reply cannot be saved so (`reason`, a code of
    `app.domain.canned.canned_refusal`, or `canned-unknown`, `canned-not-yours`)."""

    code = "canned-refused"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


# The desk's own refusals: each has its code, so none reaches the agent as "something went wrong".


class ReplyInvalid(UserFault):
    """A reply is empty or longer than WhatsApp's 4,096 characters."""

    code = "reply-invalid"


class ConversationUnknown(UserFault):
    """This desk's replica holds no such conversation (not synced yet, or never existed)."""

    code = "conversation-unknown"


class TeamKeyMissing(UserFault):
    """This desk has not opened the current epoch's seed yet: it is still catching up."""

    code = "team-key-missing"


class TeamBusy(UserFault):
    """Other admins kept changing the team chain while this change was rebuilt on top."""

    code = "team-busy"


class TeamChangeOutdated(UserFault):
    """The team changed meanwhile, and the change asked for no longer applies to it."""

    code = "team-change-outdated"


class PassphraseTooShort(UserFault):
    """A new passphrase must have at least 10 characters."""

    code = "passphrase-too-short"


class TeamChainMissing(DataFault):
    """The hub holds no team chain, so it is not this team's hub (or lost its data)."""

    code = "team-chain-missing"


class MediaDamaged(DataFault):
    """A file's stored copy does not match its key or digest: altered or damaged."""

    code = "media-damaged"


class ReplyNotRetryable(UserFault):
    """Only a reply the outbox gave up on, or that met a conflict, can be sent again or
    discarded; this one was sent, is still on its way, or is in the log already."""

    code = "reply-not-retryable"


class TemplateUnavailable(UserFault):
    """The template is not in the gateway's catalogue, or not approved for sending (any more)."""

    code = "template-unavailable"


class TemplateIncomplete(UserFault):
    """A template parameter has no value yet; nothing was sent."""

    code = "template-incomplete"

    def __init__(self, missing: int) -> None:
        super().__init__(f"{missing} template parameters have no value")
        self.missing = missing


class TemplateDraftInvalid(DataFault):
    """A new template breaks one of Meta's rules; nothing was sent to the gateway."""

    code = "template-draft-invalid"

    def __init__(self, problems: tuple[DraftProblem, ...]) -> None:
        super().__init__(f"{len(problems)} template rules broken")
        self.problems = problems
        """What is wrong, in the form's order."""


class TemplateRefused(DataFault):
    """Meta (or the gateway, before reaching Meta) refused to create the template."""

    code = "template-refused"

    def __init__(self, title: str, message: str = "") -> None:
        super().__init__(title or "refused")
        self.title = title
        """Meta's short title, or the gateway's reason (`UNREACHABLE`, `NO_ACCOUNT`)."""
        self.message = message
        """Meta's explanation in its own words ("" when Meta gave none)."""


class PhoneNumberInvalid(UserFault):
    """Not a phone number WhatsApp can be reached at (international format, 8 to 15 digits)."""

    code = "phone-number-invalid"
