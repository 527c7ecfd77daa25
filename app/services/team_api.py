"""Setting up and running a team, as the UI sees it: Protocols and values, no I/O.

The windows for founding a team, joining one by invite code and short authentication string
(SAS), managing devices and connecting the WhatsApp number talk to the services only through
these Protocols (`docs/internals/team-setup.md` is the design behind them). Every call that does
I/O is awaited; none blocks the loop (Argon2id and key generation run in an executor).

Errors are the typed ones of `app.domain.errors`; each call's docstring names those it raises.
Besides them, any call that reaches the hub may raise `HubUnreachable`.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import NewType, Protocol

from app.crypto.enroll.sas import Sas as Sas  # re-exported: the SAS both sides compare
from app.domain.admin_notice import ListedNotice
from app.domain.back_office import BackOfficeSystem, NewToken
from app.domain.business_hours import BusinessHours
from app.domain.history import HistoryImport
from app.domain.ids import DeviceId
from app.domain.menu import Menu
from app.domain.model import Role, SyncProgress
from app.domain.template_draft import TemplateDraft
from app.domain.templates import TemplateDef
from app.log.events import NumberStatus
from app.services.api import DeskApi
from app.services.backup import BackupChoice, RestoreProgress

PersonId = NewType("PersonId", str)
"""Names one person of the team: the devices they enrolled under one display name."""

INVITE_CODE_LENGTH = 20
"""Characters of an invite code, shown as five groups of four (team-setup.md §3)."""


@dataclass(frozen=True, slots=True)
class HubOnServer:
    """The hub runs on a server the business already started with `switchboard hub`."""

    address: str
    """Where desks reach it, e.g. `tls://hub.example.com:4222`."""
    setup_code: str
    """The one-time setup code `switchboard hub` printed; it lets exactly one team found it."""


@dataclass(frozen=True, slots=True)
class HubOnThisComputer:
    """This computer runs the hub too; colleagues connect to it while it is switched on."""


HubChoice = HubOnServer | HubOnThisComputer


class FoundingStep(enum.Enum):
    """Where founding a team has got to, for a progress line."""

    MAKING_KEYS = "making-keys"
    STARTING_HUB = "starting-hub"
    CONTACTING_HUB = "contacting-hub"
    FOUNDING = "founding"
    DONE = "done"


class JoinAttempt(Protocol):
    """A newcomer's side of one enrollment, from the request to the first sync."""

    async def wait_sas(self) -> Sas:
        """Wait until an admin answers the join request, then return the SAS to compare.

        Raises:
            JoinCancelled: The admin cancelled before answering.
            InviteExpired: The invite expired while waiting.
        """
        ...

    async def confirm(self) -> None:
        """The newcomer says the SAS matches what the admin's screen shows."""
        ...

    async def cancel(self, mismatch: bool = False) -> None:
        """Give up; with `mismatch`, because the SAS differed (the admin's side then burns the
        invite). Safe to call at any point, also after a failure."""
        ...

    async def wait_added(self, restoring: RestoreProgress | None = None) -> None:
        """Wait until the admin's `add_device` link is on the chain and validated; then, if a
        backup was chosen, start the desk from it (every record checked again), telling
        `restoring` how far it read (first (0, n)): that part may take a while.

        Raises:
            SasMismatch: The admin said the SAS did not match; the invite is burnt.
            JoinCancelled: The admin cancelled.
        """
        ...

    @property
    def backup_not_used(self) -> bool:
        """After `wait_added`: a backup was chosen but did not check out against the team
        (another team's, or altered), so the desk syncs everything from the hub instead."""
        ...

    def first_sync(self) -> AsyncIterator[SyncProgress]:
        """After `wait_added`: the first sync of the team log, reported as it goes; ends when
        caught up. The desk may open before it ends (syncing then continues there)."""
        ...


class TeamSetup(Protocol):
    """First run on a computer with no team yet: found a team or join one."""

    @property
    def needs_passphrase(self) -> bool:
        """True when there is no usable OS keychain, so the device keys go into a key file
        protected by a passphrase the user chooses (pass it to `create_team`/`start_join`)."""
        ...

    def check_invite_code(self, code: str) -> bool:
        """Whether 20 code characters (already normalised: upper case, no dashes, `0/1/8`
        read as `O/I/B`) pass the code's built-in checksum (`crypto.enroll.code`); hub setup
        codes have the same form. Cheap, no I/O: for live feedback while typing."""
        ...

    async def create_team(
        self,
        business_name: str,
        owner_name: str,
        hub: HubChoice,
        *,
        passphrase: str | None = None,
        on_step: Callable[[FoundingStep], None] | None = None,
    ) -> None:
        """Make this device's keys, found the team on the hub and become its first admin.

        Raises:
            HubSetupCodeWrong: The server hub did not accept the setup code.
            HubTaken: The server hub already belongs to a team.
            HubUnreachable: No hub answers at the address.
            StoreUnavailable: The local replica could not be created.
        """
        ...

    async def check_backup(self, choice: BackupChoice) -> None:
        """Whether the file opens as a Switchboard backup with its passphrase, before a join
        relies on it (whose team it holds is checked once the device is in).

        Raises:
            BackupUnreadable: Not a backup, or another passphrase.
        """
        ...

    async def start_join(
        self,
        hub_address: str,
        invite_code: str,
        your_name: str,
        *,
        passphrase: str | None = None,
        backup: BackupChoice | None = None,
    ) -> JoinAttempt:
        """Make this device's keys and send a join request for the invite; once admitted the
        desk starts from `backup` when one is given (`JoinAttempt.wait_added`).

        Raises:
            InviteCodeInvalid: No open invite has this code (mistyped, or never issued).
            InviteExpired: The invite's time ran out.
            InviteUsed: The invite was used, or burnt after a mismatch or cancel.
            HubUnreachable: No hub answers at the address.
        """
        ...


class ProfileLock(Protocol):
    """A profile whose keys are in a passphrase-protected key file (no OS keychain)."""

    async def unlock(self, passphrase: str) -> None:
        """Open the key file (Argon2id in an executor).

        Raises:
            PassphraseWrong: The passphrase does not open the key file.
        """
        ...


@dataclass(frozen=True, slots=True)
class TeamDevice:
    """One device on the team chain, as the team panel lists it."""

    device_id: DeviceId
    label: str
    """What the device calls itself ("Anna's laptop"), or the gateway's name."""
    role: Role
    last_seen: int | None
    """Unix seconds of the device's last event seen on the hub; None if never."""
    is_me: bool
    """This is the device the viewer sits at."""
    away: bool = False
    """Its agent said she is away (auto-assignment gives her nothing meanwhile)."""


@dataclass(frozen=True, slots=True)
class TeamPerson:
    """A person and the devices they enrolled."""

    person_id: PersonId
    name: str
    role: Role
    devices: tuple[TeamDevice, ...]
    is_me: bool


@dataclass(frozen=True, slots=True)
class Roster:
    """Everyone and everything on the team chain right now."""

    people: tuple[TeamPerson, ...]
    gateways: tuple[TeamDevice, ...]
    my_role: Role
    key_epoch: int
    """How often the team key was replaced (removals rotate it)."""


@dataclass(frozen=True, slots=True)
class Invite:
    """An open, single-use invite (an `invite_create` link)."""

    code: str
    """20 characters without dashes; shown in groups of four."""
    qr_payload: str
    """`switchboard:join?hub=…&code=…&fp=…`, for the QR code."""
    role: Role
    expires_at: int
    """Unix seconds."""


@dataclass(frozen=True, slots=True)
class PendingJoin:
    """A newcomer waiting for the admin's decision."""

    newcomer_name: str
    sas: Sas


@dataclass(frozen=True, slots=True)
class CloudApiSettings:
    """What Meta's developer console shows for the business number."""

    phone_number_id: str
    business_account_id: str
    access_token: str
    app_secret: str


@dataclass(frozen=True, slots=True)
class Simulator:
    """The local Cloud API simulator instead of Meta, to try Switchboard out."""


class Handshake(enum.Enum):
    """Meta's webhook verification (the `hub.challenge` GET) as the gateway saw it."""

    WAITING = "waiting"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class NumberConnection:
    """How the gateway connects the team to WhatsApp, as it last reported."""

    simulated: bool
    webhook_url: str
    """Paste into Meta's console as the callback URL."""
    verify_token: str
    """Paste into Meta's console as the verify token."""
    handshake: Handshake
    last_webhook_at: int | None
    """Unix seconds of the last webhook Meta delivered; None if none yet."""
    number: NumberStatus | None
    """The number's name, badge and quality; None until the gateway's first poll."""
    ignored_webhooks: int = 0
    """Webhook items Meta sent for another phone number id, which the gateway ignored: a
    second number subscribed to the same app by mistake."""
    ignored_last_at: int | None = None
    """Unix seconds of the newest of them; None if none."""


class Submission(enum.Enum):
    """Where a new template stands once `create_template` returns."""

    SUBMITTED = "submitted"
    """Meta took it for review: PENDING until approved or rejected."""
    WAITING = "waiting"
    """The gateway has not answered yet (it is away); it creates the template when back."""


@dataclass(frozen=True, slots=True)
class TemplateSubmission:
    """The answer to a new template."""

    state: Submission
    template_id: str = ""
    """Meta's id of the new template ("" while waiting)."""


class TeamChange(enum.Flag):
    """What a team notification says changed."""

    ROSTER = enum.auto()
    NUMBER = enum.auto()
    NOTICES = enum.auto()
    """Meta told the admins something new (`TeamAdmin.admin_notices`)."""
    TEMPLATES = enum.auto()
    """The number's template list changed (`TeamAdmin.number_templates`)."""


class TeamAdmin(Protocol):
    """Managing an existing team from a desk. Admin-only calls raise `NotPermitted` for
    members, which the UI avoids by offering only what `Roster.my_role` allows."""

    async def roster(self) -> Roster:
        """People, their devices and the gateways, from the validated chain."""
        ...

    async def create_invite(self, role: Role) -> Invite:
        """Publish an `invite_create` link (24 h, single use). Raises NotPermitted."""
        ...

    async def next_join_request(self, invite: Invite) -> PendingJoin:
        """Wait for a newcomer to use `invite`; answers their request so both sides see the SAS.

        Raises:
            InviteExpired: Nobody came before the invite expired.
        """
        ...

    async def confirm_join(self, pending: PendingJoin) -> None:
        """The admin says the SAS matches: once the newcomer confirmed too, publish
        `add_device`.

        Raises:
            SasMismatch: The newcomer said it did not match; the invite is burnt.
            JoinCancelled: The newcomer gave up.
        """
        ...

    async def reject_join(self, pending: PendingJoin) -> None:
        """The SAS did not match: burn the invite (`invite_revoke`, reason mismatch)."""
        ...

    async def cancel_invite(self, invite: Invite) -> None:
        """Burn an invite nobody used yet (`invite_revoke`, reason cancelled)."""
        ...

    async def remove_device(self, device_id: DeviceId) -> None:
        """Remove one device and rotate the team key in the same link.

        Raises:
            NotPermitted: The viewer is not an admin.
            LastAdmin: It is the last active admin device.
        """
        ...

    async def remove_person(self, person_id: PersonId) -> None:
        """Remove all of a person's devices and rotate the team key. Raises like
        `remove_device`."""
        ...

    async def rotate_keys(self) -> None:
        """Replace the team key now, without removing anyone. Raises NotPermitted."""
        ...

    async def connect_number(self, settings: CloudApiSettings | Simulator) -> None:
        """Send the settings to the gateway, sealed to it.

        Raises:
            NotPermitted: The viewer is not an admin.
            GatewayMissing: No gateway device is on the team yet.
            NumberSettingsRejected: Meta refused the token or the ids.
        """
        ...

    async def number_connection(self) -> NumberConnection | None:
        """The gateway's last report; None before any settings were sent."""
        ...

    async def admin_notices(self, limit: int = 200) -> list[ListedNotice]:
        """What Meta told the business about its account, number and templates, newest first,
        each marked unread or not on this desk. Raises NotPermitted."""
        ...

    async def unread_admin_notices(self) -> int:
        """How many notices this desk's admin has not seen yet. Raises NotPermitted."""
        ...

    async def mark_admin_notices_read(self, up_to_seq: int) -> None:
        """The admin saw every notice up to this stream sequence. Raises NotPermitted."""
        ...

    async def number_templates(self) -> tuple[TemplateDef, ...]:
        """Every template of the number with its status and quality, by name then language.
        Raises NotPermitted."""
        ...

    async def create_template(self, draft: TemplateDraft) -> TemplateSubmission:
        """Check a new template, send it to Meta through the gateway and wait briefly for the
        answer (then PENDING until Meta's review, told as a notice).

        Raises:
            NotPermitted: The viewer is not an admin.
            TemplateDraftInvalid: It breaks a rule Meta checks; nothing was sent.
            GatewayMissing: No gateway device is on the team yet.
            TemplateRefused: Meta refused it, in its own words.
        """
        ...

    async def back_office_systems(self) -> list[BackOfficeSystem]:
        """The back-office systems this desk's admin gave a token, live ones first, with when
        each last sent a notification (admins only). Raises NotPermitted."""
        ...

    async def create_api_token(self, name: str) -> NewToken:
        """Make a token for the back-office system `name` and grant it at the gateway; the
        secret is in the answer only, never kept.

        Raises:
            NotPermitted: The viewer is not an admin.
            GatewayMissing: No gateway is on the team.
        """
        ...

    async def revoke_api_token(self, system: BackOfficeSystem) -> None:
        """Revoke the system's token: the gateway refuses it from then on.

        Raises:
            NotPermitted: The viewer is not an admin.
            GatewayMissing: No gateway is on the team.
        """

    async def request_phone_sync(self) -> None:
        """Ask Meta, through the gateway, for the phone's contacts and its chat history of up
        to 180 days (coexistence; once per number). The answer and the import's progress come
        through the log: `phone_history`.

        Raises:
            NotPermitted: The viewer is not an admin.
            GatewayMissing: No gateway device is on the team yet.
        """
        ...

    async def phone_history(self) -> HistoryImport | None:
        """How the import of the phone's chat history stands (stage, phase, percent, messages,
        Meta's reason for a refusal); None before the gateway or Meta said anything."""
        ...

    async def business_hours(self) -> BusinessHours | None:
        """The business hours this desk last sent to the gateway; None when never set here.

        Raises:
            NotPermitted: The viewer is not an admin.
        """
        ...

    async def set_business_hours(self, hours: BusinessHours) -> None:
        """Send the opening hours, holidays, greeting and away texts to the gateway, which
        answers customers automatically from then on.

        Raises:
            NotPermitted: The viewer is not an admin.
            HoursRefused: The settings cannot be saved (its `code` says why).
            GatewayMissing: No gateway is on the team.
        """
        ...

    async def menu(self) -> Menu | None:
        """The menu this desk last sent to the gateway; None when never set here.

        Raises:
            NotPermitted: The viewer is not an admin.
        """
        ...

    async def set_menu(self, menu: Menu) -> None:
        """Send the menu to the gateway, which sends it as each new conversation's first
        reply from then on (when enabled).

        Raises:
            NotPermitted: The viewer is not an admin.
            MenuRefused: The menu cannot be saved (its `code` says why).
            GatewayMissing: No gateway is on the team.
        """
        ...

    def subscribe(self, listener: Callable[[TeamChange], None]) -> Callable[[], None]:
        """Call `listener` whenever the roster, the number connection or the admins' notices
        changed; returns an unsubscribe function. Called on the loop's thread."""
        ...


@dataclass(frozen=True, slots=True)
class OpenTeamDesk:
    """A running desk, as the window needs it."""

    desk: DeskApi
    team: TeamAdmin | None
    """The team and number windows' services; None where the desk has none (the demo)."""
    business_name: str


class DeskStart(TeamSetup, ProfileLock, Protocol):
    """One profile's way to a running desk: first run, unlocking, opening, closing."""

    @property
    def enrolled(self) -> bool:
        """The profile belongs to a team already (else the first-run window opens)."""
        ...

    async def probe(self) -> None:
        """Find out, off the UI thread, whether a passphrase will be needed."""
        ...

    async def open_desk(self, *, accept_damage: bool = False) -> OpenTeamDesk:
        """The running desk: the one just founded or joined, or the enrolled one reopened.

        Args:
            accept_damage: Open a replica that failed its last integrity check anyway.

        Raises:
            ReplicaDamaged: The replica is missing or empty; `fresh_copy` is the way on.
            ReplicaFailedCheck: It failed its last integrity check; the user chooses between
                `fresh_copy` and opening it anyway.
            PassphraseCancelled, KeychainUnavailable, WrongKey, HubUnreachable …: one sentence
            each through `wording`.
        """
        ...

    async def fresh_copy(self) -> OpenTeamDesk | None:
        """Keep the damaged replica aside and sync a new one from the hub as this device.

        Returns:
            The running desk, or None when the damaged file no longer holds this device's
            identity: the profile is then new and joins the team again (first-run window).
        """
        ...

    async def close(self) -> None:
        """Stop the desk and any hub this computer runs for it."""
        ...
