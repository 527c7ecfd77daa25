"""An in-memory team behind the Protocols of `app/services/team_api.py`, for UI tests.

`FakeTeamWorld` is the hub and the chain everyone agrees on; `setup()` is a new computer's
`TeamSetup`, and `admin(name)` a desk's `TeamAdmin` as that person sees it. It behaves as the
real services do: every call yields to the loop, invites expire after 24 hours and are single
use, both sides see the same SAS (unless `man_in_the_middle` is set), either side's "they don't
match" burns the invite, a device is added only after both sides confirmed, and removals and
rotations bump the key epoch. Checksums and normalisation of codes are the real ones of
`crypto.enroll.code`.

`tests/contract/test_team_contract.py` runs the same behaviour tests on this fake and on the
real services; where they differed, the fake was made to follow. What that settled:

- A code that names no *open* invite raises `InviteCodeInvalid`: also a used, cancelled or
  burnt one, because the real hub lets an invite's login in only while the invite is open, so
  the newcomer cannot tell those apart from a code never issued.
- A device's label is the name it was enrolled with (the chain holds nothing else), a second
  device joining under the same name (case and spaces aside) belongs to the same person, and a
  device just founded or joined has no last-seen time (it is that of its last event);
  `add_person` still takes other labels and times for UI scenes.
- The join link carries the 32-byte team fingerprint in hex; codes may be typed with dashes or
  in lower case.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace

from app.crypto.enroll.code import InviteCode, InviteCodeError
from app.domain.admin_notice import AdminNotice, ListedNotice
from app.domain.back_office import BackOfficeSystem, NewToken
from app.domain.business_hours import BusinessHours, hours_refusal
from app.domain.errors import (
    GatewayMissing,
    HubSetupCodeWrong,
    HubTaken,
    HubUnreachable,
    InviteCodeInvalid,
    InviteExpired,
    InviteUsed,
    JoinCancelled,
    LastAdmin,
    NotPermitted,
    NumberSettingsRejected,
    PassphraseWrong,
    SasMismatch,
    TemplateDraftInvalid,
    TemplateRefused,
)
from app.domain.history import HistoryImport
from app.domain.ids import DeviceId
from app.domain.menu import Menu, menu_refusal
from app.domain.model import Role, SyncProgress
from app.domain.template_draft import TemplateDraft
from app.domain.template_draft import problems as template_problems
from app.domain.templates import ButtonKind, ParamFormat, TemplateButtonDef, TemplateDef
from app.log.events import NumberStatus
from app.services.backup import BackupChoice, RestoreProgress, check_backup
from app.services.business_hours import HoursRefused
from app.services.menu import MenuRefused
from app.services.roster import person_key
from app.services.team_api import (
    CloudApiSettings,
    FoundingStep,
    Handshake,
    HubChoice,
    HubOnServer,
    Invite,
    JoinAttempt,
    NumberConnection,
    PendingJoin,
    PersonId,
    ProfileLock,
    Roster,
    Sas,
    Simulator,
    Submission,
    TeamAdmin,
    TeamChange,
    TeamDevice,
    TeamPerson,
    TeamSetup,
    TemplateSubmission,
)

DAY = 24 * 3600
HUB = "tls://hub.nordlicht.example:4222"
BAD_TOKEN = "EAA-revoked"
"""An access token Meta refuses."""


def code_ok(code: str) -> bool:
    """The real checksum of invite and setup codes (`crypto.enroll.code`)."""
    try:
        InviteCode.parse(code)
    except InviteCodeError:
        return False
    return True


def make_code(seed: str) -> str:
    """A real-looking code, the same for the same seed; no dashes."""
    raw = hashlib.sha256(seed.encode()).digest()[:12]
    return str(InviteCode(raw)).replace("-", "")


SETUP_CODE = make_code("hub-setup")
"""The one-time code the fake hub printed."""


def sas_for(*parts: str) -> Sas:
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    emoji = tuple(b % 64 for b in digest[:7])
    a, b, c = (1000 + int.from_bytes(digest[7 + 2 * i : 9 + 2 * i], "big") % 8192 for i in range(3))
    return Sas(emoji, (a, b, c))


@dataclass
class FakeDevice:
    device_id: DeviceId
    label: str
    role: Role
    last_seen: int | None = None
    away: bool = False
    """Its agent said she is away (kind 40)."""


@dataclass
class FakePerson:
    person_id: PersonId
    name: str
    role: Role
    devices: list[FakeDevice] = field(default_factory=list)


@dataclass
class _Join:
    """One newcomer's enrollment, seen from both sides."""

    name: str
    joiner_sas: Sas
    admin_sas: Sas
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    joiner_said: bool | None = None
    joiner_spoke: asyncio.Event = field(default_factory=asyncio.Event)
    outcome: str = ""
    """"added", "mismatch" or "cancelled" once decided."""
    decided: asyncio.Event = field(default_factory=asyncio.Event)

    def decide(self, outcome: str) -> None:
        if not self.outcome:
            self.outcome = outcome
            self.decided.set()


@dataclass
class _InviteRecord:
    invite: Invite
    state: str = "open"
    """"open", "used" or "burnt"."""
    join: _Join | None = None
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


class FakeTeamWorld:
    """The hub and the team chain, plus knobs for tests.

    Attributes:
        now: Unix seconds; move it to expire invites.
        latency: Seconds every call sleeps (screenshots show the waiting states with it).
        keychain: False makes `TeamSetup.needs_passphrase` true.
        man_in_the_middle: The joiner and the admin see different SAS.
        sync_total: Events the first sync of a joiner applies.
        backup: The backup the last joiner chose to start from.
        backup_of_another_team: A chosen backup fails the team's check after the join.
    """

    def __init__(self, now: int) -> None:
        self.now = now
        self.latency = 0.0
        self.keychain = True
        self.man_in_the_middle = False
        self.sync_total = 100_000
        self.backup: BackupChoice | None = None
        self.backup_of_another_team = False
        self.founded = False
        self.business_name = ""
        self.passphrase: str | None = None
        self.people: list[FakePerson] = []
        self.gateways: list[FakeDevice] = []
        self.epoch = 1
        """The team key epoch: 1 from founding, as on the real chain; removals and rotations
        bump it."""
        self.invites: dict[str, _InviteRecord] = {}
        self.fingerprint = hashlib.sha256(b"fake team fingerprint").digest()
        """The team fingerprint (32 bytes) the join links carry."""
        self.connection: NumberConnection | None = None
        self.number = NumberStatus(
            "+49 30 555000", "Nordlicht Furniture", "APPROVED", "GREEN", True, "", "", now
        )
        self._ids = itertools.count(1)
        self._listeners: list[Callable[[TeamChange], None]] = []
        self.notices: list[tuple[AdminNotice, int]] = []
        """What Meta told the admins, oldest first, with the sequence each came at."""
        self.notices_read: dict[DeviceId, int] = {}
        """How far each desk's admin has read the notices."""
        self.templates: list[TemplateDef] = []
        """The number's templates, every status, as the gateway's catalogue carries them."""
        self.back_office: list[BackOfficeSystem] = []
        self.business_hours: BusinessHours | None = None
        self.menu: Menu | None = None
        """What an admin last sent to the gateway (`set_menu`)."""
        """What an admin last sent to the gateway (`set_business_hours`)."""
        """Back-office systems with a token, as the admin's desk lists them."""
        self.history: HistoryImport | None = None
        """The import of the phone's chat history, as the log left it (tests set it)."""
        self.phone_sync_requests = 0

    # Building a team directly (what founding and joins would have made)

    def add_person(
        self, name: str, role: Role, devices: tuple[str, ...] = ("Laptop",), seen: int | None = None
    ) -> FakePerson:
        person = FakePerson(PersonId(f"p{next(self._ids)}"), name, role)
        for label in devices:
            person.devices.append(FakeDevice(self._device_id(), label, role, seen))
        self.people.append(person)
        self.founded = True
        return person

    def enroll(self, name: str, role: Role) -> FakeDevice:
        """What an `add_device` for a newcomer called `name` makes: as on the real roster, a
        person is the devices enrolled under one name (case and runs of spaces do not count),
        each device labelled with the name it gave, never seen before its first event."""
        key = person_key(name)
        person = next((p for p in self.people if person_key(p.name) == key), None)
        if person is None:
            return self.add_person(name, role, (name,)).devices[0]
        device = FakeDevice(self._device_id(), name, role)
        person.devices.append(device)
        if role is Role.ADMIN:
            person.role = Role.ADMIN
        return device

    def add_gateway(self, seen: int | None = None) -> FakeDevice:
        gateway = FakeDevice(self._device_id(), "Gateway", Role.GATEWAY, seen)
        self.gateways.append(gateway)
        return gateway

    def person(self, name: str) -> FakePerson:
        return next(p for p in self.people if p.name == name)

    def setup(self) -> FakeTeamSetup:
        return FakeTeamSetup(self)

    def admin(self, name: str) -> FakeTeamAdmin:
        """`TeamAdmin` as seen from the device enrolled as `name` (the one a join under that
        name made), else from the first device of the person called `name`."""
        for person in self.people:
            for device in person.devices:
                if device.label == name:
                    return FakeTeamAdmin(self, device.device_id)
        return FakeTeamAdmin(self, self.person(name).devices[0].device_id)

    def meta_calls_webhook(self, succeeded: bool = True) -> None:
        """Meta's verification GET arrived (and, if it succeeded, a first webhook)."""
        assert self.connection is not None
        self.connection = NumberConnection(
            simulated=self.connection.simulated,
            webhook_url=self.connection.webhook_url,
            verify_token=self.connection.verify_token,
            handshake=Handshake.SUCCEEDED if succeeded else Handshake.FAILED,
            last_webhook_at=self.now if succeeded else None,
            number=self.number if succeeded else None,
        )
        self.notify(TeamChange.NUMBER)

    def meta_tells_admins(self, *notices: AdminNotice) -> None:
        """Meta's account, number or template webhooks reached the team's log."""
        for notice in notices:
            self.notices.append((notice, 1000 + len(self.notices)))
        self.notify_notices()

    def meta_reviews(self, name: str, language: str, status: str, quality: str = "") -> None:
        """Meta decided on a template (or re-rated it): the next catalogue carries it."""
        self.templates = [
            replace(t, status=status, quality=quality or t.quality)
            if (t.name, t.language) == (name, language)
            else t
            for t in self.templates
        ]
        self.notify(TeamChange.TEMPLATES)

    def notify_notices(self) -> None:
        self.notify(TeamChange.NOTICES)

    def subscribe(self, listener: Callable[[TeamChange], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def notify(self, change: TeamChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    async def io(self) -> None:
        await asyncio.sleep(self.latency)

    def _device_id(self) -> DeviceId:
        return DeviceId(next(self._ids).to_bytes(16, "big"))

    def active_admin_devices(self) -> list[FakeDevice]:
        return [d for p in self.people if p.role is Role.ADMIN for d in p.devices]

    def record(self, code: str) -> _InviteRecord:
        """The open invite a newcomer's code names, typed with or without dashes.

        As on the real hub, a used, cancelled or burnt invite no longer lets the newcomer in,
        so it is `InviteCodeInvalid` like a code never issued; `InviteUsed` is left for a code
        whose invite another newcomer is enrolling with right now.
        """
        try:
            code = str(InviteCode.parse(code)).replace("-", "")
        except InviteCodeError:
            raise InviteCodeInvalid("the invite code is mistyped") from None
        record = self.invites.get(code)
        if record is None or record.state != "open":
            raise InviteCodeInvalid()
        if self.now > record.invite.expires_at:
            raise InviteExpired()
        if record.join is not None:
            raise InviteUsed()
        return record


class FakeProfileLock:
    """`ProfileLock` for a key file locked with `passphrase`."""

    def __init__(self, passphrase: str) -> None:
        self._passphrase = passphrase
        self.unlocked = False

    async def unlock(self, passphrase: str) -> None:
        await asyncio.sleep(0)
        if passphrase != self._passphrase:
            raise PassphraseWrong()
        self.unlocked = True


class FakeTeamSetup:
    """A new computer's `TeamSetup`."""

    def __init__(self, world: FakeTeamWorld) -> None:
        self.world = world
        self.steps: list[FoundingStep] = []

    @property
    def needs_passphrase(self) -> bool:
        return not self.world.keychain

    def check_invite_code(self, code: str) -> bool:
        return code_ok(code)

    async def create_team(
        self,
        business_name: str,
        owner_name: str,
        hub: HubChoice,
        *,
        passphrase: str | None = None,
        on_step: Callable[[FoundingStep], None] | None = None,
    ) -> None:
        world = self.world

        async def step(name: FoundingStep) -> None:
            self.steps.append(name)
            if on_step is not None:
                on_step(name)
            await world.io()

        await step(FoundingStep.MAKING_KEYS)
        if isinstance(hub, HubOnServer):
            await step(FoundingStep.CONTACTING_HUB)
            if "unreachable" in hub.address:
                raise HubUnreachable()
            if world.founded:
                raise HubTaken()
            if hub.setup_code != SETUP_CODE:
                raise HubSetupCodeWrong()
        else:
            await step(FoundingStep.STARTING_HUB)
        await step(FoundingStep.FOUNDING)
        world.business_name = business_name
        world.passphrase = passphrase
        world.enroll(owner_name, Role.ADMIN)
        await step(FoundingStep.DONE)

    async def check_backup(self, choice: BackupChoice) -> None:
        """The real check: a real SQLCipher file opened with its passphrase."""
        await check_backup(choice)

    async def start_join(
        self,
        hub_address: str,
        invite_code: str,
        your_name: str,
        *,
        passphrase: str | None = None,
        backup: BackupChoice | None = None,
    ) -> FakeJoinAttempt:
        world = self.world
        await world.io()
        world.backup = backup
        if "unreachable" in hub_address:
            raise HubUnreachable()
        record = world.record(invite_code)
        joiner = sas_for(record.invite.code, your_name)
        admin = (
            sas_for(record.invite.code, your_name, "mitm") if world.man_in_the_middle else joiner
        )
        record.join = _Join(your_name, joiner, admin)
        record.arrived.set()
        return FakeJoinAttempt(world, record, record.join)


class FakeJoinAttempt:
    def __init__(self, world: FakeTeamWorld, record: _InviteRecord, join: _Join) -> None:
        self.world = world
        self.record = record
        self.join = join
        self.cancelled = False

    async def wait_sas(self) -> Sas:
        answered = asyncio.ensure_future(self.join.answered.wait())
        decided = asyncio.ensure_future(self.join.decided.wait())
        await asyncio.wait({answered, decided}, return_when=asyncio.FIRST_COMPLETED)
        answered.cancel()
        decided.cancel()
        if self.join.outcome == "cancelled":
            raise JoinCancelled()
        return self.join.joiner_sas

    async def confirm(self) -> None:
        await self.world.io()
        self._say(True)

    async def cancel(self, mismatch: bool = False) -> None:
        self.cancelled = True
        if self.join.outcome:
            return
        self._say(False)
        if mismatch:
            self.record.state = "burnt"
        self.join.decide("mismatch" if mismatch else "cancelled")

    def _say(self, match: bool) -> None:
        if self.join.joiner_said is None:
            self.join.joiner_said = match
            self.join.joiner_spoke.set()

    async def wait_added(self, restoring: RestoreProgress | None = None) -> None:
        await self.join.decided.wait()
        if self.join.outcome == "mismatch":
            raise SasMismatch()
        if self.join.outcome == "cancelled":
            raise JoinCancelled()
        if self.world.backup is not None and restoring is not None:
            for read in (0, 600, 1_200):  # the backup's records, page by page
                restoring(read, 1_200)
                await self.world.io()

    @property
    def backup_not_used(self) -> bool:
        """Set `world.backup_of_another_team` to have a chosen backup fail the team's check."""
        return self.world.backup is not None and self.world.backup_of_another_team

    async def first_sync(self) -> AsyncIterator[SyncProgress]:
        total = self.world.sync_total
        for applied in (0, total // 3, 34_000 if total == 100_000 else total // 2, total):
            await self.world.io()
            yield SyncProgress(applied, total)


class FakeTeamAdmin:
    """A desk's `TeamAdmin`."""

    def __init__(self, world: FakeTeamWorld, me: DeviceId) -> None:
        self.world = world
        self.me = me

    def _my_role(self) -> Role:
        for person in self.world.people:
            if any(d.device_id == self.me for d in person.devices):
                return person.role
        raise NotPermitted()  # removed: nothing is allowed any more

    def _require_admin(self) -> None:
        if self._my_role() is not Role.ADMIN:
            raise NotPermitted()

    def _device(self, device: FakeDevice) -> TeamDevice:
        is_me = device.device_id == self.me
        return TeamDevice(
            device.device_id, device.label, device.role, device.last_seen, is_me, device.away
        )

    async def roster(self) -> Roster:
        await self.world.io()
        people = tuple(
            TeamPerson(
                p.person_id,
                p.name,
                p.role,
                tuple(self._device(d) for d in p.devices),
                any(d.device_id == self.me for d in p.devices),
            )
            for p in self.world.people
        )
        gateways = tuple(self._device(g) for g in self.world.gateways)
        return Roster(people, gateways, self._my_role(), self.world.epoch)

    async def create_invite(self, role: Role) -> Invite:
        await self.world.io()
        self._require_admin()
        code = make_code(f"invite-{len(self.world.invites)}-{self.world.now}")
        payload = f"switchboard:join?hub={HUB}&code={code}&fp={self.world.fingerprint.hex()}"
        invite = Invite(code, payload, role, self.world.now + DAY)
        self.world.invites[code] = _InviteRecord(invite)
        return invite

    async def next_join_request(self, invite: Invite) -> PendingJoin:
        record = self.world.invites[invite.code]
        await record.arrived.wait()
        await self.world.io()
        if self.world.now > invite.expires_at:
            raise InviteExpired()
        join = record.join
        assert join is not None
        join.answered.set()
        return PendingJoin(join.name, join.admin_sas)

    def _join_of(self, pending: PendingJoin) -> tuple[_InviteRecord, _Join]:
        for record in self.world.invites.values():
            if record.join is not None and record.join.name == pending.newcomer_name:
                return record, record.join
        raise JoinCancelled()

    async def confirm_join(self, pending: PendingJoin) -> None:
        record, join = self._join_of(pending)
        await join.joiner_spoke.wait()
        await self.world.io()
        if join.outcome == "mismatch" or join.joiner_said is False:
            raise SasMismatch() if record.state == "burnt" else JoinCancelled()
        role = record.invite.role
        if role is Role.GATEWAY:
            self.world.add_gateway()
        else:
            self.world.enroll(join.name, role)
        record.state = "used"
        join.decide("added")
        self.world.notify(TeamChange.ROSTER)

    async def reject_join(self, pending: PendingJoin) -> None:
        record, join = self._join_of(pending)
        await self.world.io()
        record.state = "burnt"
        join.decide("mismatch")

    async def cancel_invite(self, invite: Invite) -> None:
        await self.world.io()
        record = self.world.invites[invite.code]
        if record.state == "open":
            record.state = "burnt"
        if record.join is not None:
            record.join.decide("cancelled")

    async def remove_device(self, device_id: DeviceId) -> None:
        await self.world.io()
        self._require_admin()
        self._remove({device_id})

    async def remove_person(self, person_id: PersonId) -> None:
        await self.world.io()
        self._require_admin()
        person = next(p for p in self.world.people if p.person_id == person_id)
        self._remove({d.device_id for d in person.devices})

    def _remove(self, devices: set[DeviceId]) -> None:
        admins = self.world.active_admin_devices()
        if admins and all(d.device_id in devices for d in admins):
            raise LastAdmin()
        for person in self.world.people:
            person.devices = [d for d in person.devices if d.device_id not in devices]
        self.world.people = [p for p in self.world.people if p.devices]
        self.world.gateways = [g for g in self.world.gateways if g.device_id not in devices]
        self.world.epoch += 1
        self.world.notify(TeamChange.ROSTER)

    async def rotate_keys(self) -> None:
        await self.world.io()
        self._require_admin()
        self.world.epoch += 1
        self.world.notify(TeamChange.ROSTER)

    async def connect_number(self, settings: CloudApiSettings | Simulator) -> None:
        await self.world.io()
        self._require_admin()
        if not self.world.gateways:
            raise GatewayMissing()
        if isinstance(settings, Simulator):
            self.world.connection = NumberConnection(
                True,
                "http://127.0.0.1:8443/webhook",
                "sim-verify-token",
                Handshake.SUCCEEDED,
                self.world.now,
                self.world.number,
            )
        else:
            if settings.access_token == BAD_TOKEN:
                raise NumberSettingsRejected()
            token = hashlib.sha256(settings.app_secret.encode()).hexdigest()[:24]
            self.world.connection = NumberConnection(
                False,
                "https://gateway.nordlicht.example/webhook",
                token,
                Handshake.WAITING,
                None,
                None,
            )
        self.world.notify(TeamChange.NUMBER)

    async def number_connection(self) -> NumberConnection | None:
        await self.world.io()
        return self.world.connection

    async def admin_notices(self, limit: int = 200) -> list[ListedNotice]:
        await self.world.io()
        self._require_admin()
        read = self.world.notices_read.get(self.me, 0)
        newest = list(reversed(self.world.notices))[:limit]
        return [ListedNotice(notice, seq, seq > read) for notice, seq in newest]

    async def unread_admin_notices(self) -> int:
        return sum(n.unread for n in await self.admin_notices(len(self.world.notices)))

    async def mark_admin_notices_read(self, up_to_seq: int) -> None:
        await self.world.io()
        self._require_admin()
        read = self.world.notices_read.get(self.me, 0)
        self.world.notices_read[self.me] = max(read, up_to_seq)

    async def number_templates(self) -> tuple[TemplateDef, ...]:
        await self.world.io()
        self._require_admin()
        return tuple(sorted(self.world.templates, key=lambda t: (t.name, t.language)))

    async def create_template(self, draft: TemplateDraft) -> TemplateSubmission:
        """As the real desk: the draft's rules first, then Meta's duplicate check, then
        PENDING in the list under a fresh id."""
        await self.world.io()
        self._require_admin()
        if not self.world.gateways:
            raise GatewayMissing()
        broken = template_problems(draft)
        if broken:
            raise TemplateDraftInvalid(broken)
        if any((t.name, t.language) == (draft.name, draft.language) for t in self.world.templates):
            raise TemplateRefused(
                "Message template language already exists",
                f"Content in this language already exists for {draft.name}.",
            )
        self.world.templates.append(pending_template(draft))
        self.world.notify(TeamChange.TEMPLATES)
        return TemplateSubmission(Submission.SUBMITTED, str(990_000 + len(self.world.templates)))

    async def back_office_systems(self) -> list[BackOfficeSystem]:
        await self.world.io()
        self._require_admin()
        return sorted(self.world.back_office, key=lambda s: (s.revoked, s.name.lower()))

    async def create_api_token(self, name: str) -> NewToken:
        await self.world.io()
        self._require_admin()
        if not self.world.gateways:
            raise GatewayMissing()
        token_id = hashlib.sha256(name.encode()).digest()[:16]
        system = BackOfficeSystem(token_id, name.strip(), self.world.now)
        self.world.back_office.append(system)
        return NewToken(system, "sbn_" + hashlib.sha256(token_id).hexdigest()[:43])

    async def revoke_api_token(self, system: BackOfficeSystem) -> None:
        await self.world.io()
        self._require_admin()
        self.world.back_office = [
            replace(s, revoked_at=self.world.now) if s.token_id == system.token_id else s
            for s in self.world.back_office
        ]

    async def request_phone_sync(self) -> None:
        """As the real desk: admins only, with a gateway; Meta's answer is the test's to set
        (`world.history`)."""
        await self.world.io()
        self._require_admin()
        if not self.world.gateways:
            raise GatewayMissing()
        self.world.phone_sync_requests += 1

    async def phone_history(self) -> HistoryImport | None:
        await self.world.io()
        return self.world.history

    async def business_hours(self) -> BusinessHours | None:
        await self.world.io()
        self._require_admin()
        return self.world.business_hours

    async def set_business_hours(self, hours: BusinessHours) -> None:
        """As the real desk: admins only, with a gateway, the domain's refusals."""
        await self.world.io()
        self._require_admin()
        if not self.world.gateways:
            raise GatewayMissing()
        refusal = hours_refusal(hours)
        if refusal is not None:
            raise HoursRefused(refusal)
        self.world.business_hours = hours

    async def menu(self) -> Menu | None:
        await self.world.io()
        self._require_admin()
        return self.world.menu

    async def set_menu(self, menu: Menu) -> None:
        """As the real desk: admins only, with a gateway, the domain's refusals (the labels
        live on the fake desk's lists, so an unknown one is not checked here)."""
        await self.world.io()
        self._require_admin()
        if not self.world.gateways:
            raise GatewayMissing()
        refusal = menu_refusal(menu)
        if refusal is not None:
            raise MenuRefused(refusal)
        self.world.menu = menu

    def subscribe(self, listener: Callable[[TeamChange], None]) -> Callable[[], None]:
        return self.world.subscribe(listener)


def pending_template(draft: TemplateDraft) -> TemplateDef:
    """A new template as Meta lists it before its review."""
    buttons = tuple(
        TemplateButtonDef(ButtonKind.QUICK_REPLY, label) for label in draft.quick_replies
    ) + tuple(TemplateButtonDef(ButtonKind.URL, link.text, link.url) for link in draft.links)
    if draft.call is not None:
        buttons += (TemplateButtonDef(ButtonKind.PHONE_NUMBER, draft.call.text),)
    return TemplateDef(
        draft.name,
        draft.language,
        draft.category,
        "PENDING",
        ParamFormat.POSITIONAL,
        "TEXT" if draft.header else "",
        draft.header,
        draft.body,
        draft.footer,
        buttons,
        quality="UNKNOWN",
    )


def _conforms(world: FakeTeamWorld, attempt: FakeJoinAttempt) -> None:
    """For mypy: the fakes satisfy the Protocols they stand in for."""
    setup: TeamSetup = world.setup()
    admin: TeamAdmin = world.admin(world.people[0].name)
    joining: JoinAttempt = attempt
    lock: ProfileLock = FakeProfileLock("")
    del setup, admin, joining, lock
