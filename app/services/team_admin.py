"""`TeamAdminService`: one desk's `TeamAdmin` over its chain writer, invite host and replica.

- The roster is read from the desk's validated chain (`roster.build_roster`); names are opened
  with the epoch secrets the desk's reader holds, last-seen times come from one indexed replica
  query.
- Invites and the admin's side of the SAS handshake are `InviteHost`'s; this service only keeps
  which `OpenInvite` an `Invite` or `PendingJoin` the UI holds stands for.
- Removals and rotations are built on the head `ChainWriter.append` hands in: after a lost race
  the build runs again on the newer head, and the seed it wraps is opened again from this
  device's box *on that head*, because the other admin may have rotated meanwhile.
- Notifications follow the desk's change bus: a stored chain link (`Changes.chain_changed`)
  means ROSTER, a number status report means NUMBER.
- The WhatsApp number is connected through a `NumberLink` the composition injects (the gateway's
  side is built apart); without one, or without a gateway on the chain, there is nothing to
  connect to.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

from app.crypto.chain import (
    ChainState,
    DeviceEntry,
    RemoveReason,
    RevokeReason,
    display_name,
    invite_revoke,
    open_seed_box,
    remove_devices,
    rotate,
)
from app.crypto.enroll import InviteCode, InviteCodeError, invite_id
from app.domain.back_office import BackOfficeSystem, NewToken
from app.domain.business_hours import BusinessHours
from app.domain.errors import (
    EnvelopeRejected,
    GatewayMissing,
    JoinCancelled,
    LastAdmin,
    NotPermitted,
    UserFault,
)
from app.domain.history import HistoryImport
from app.domain.ids import DeviceId, short
from app.domain.menu import Menu
from app.domain.model import Role
from app.domain.template_draft import TemplateDraft
from app.domain.templates import TemplateDef
from app.services.admin_notices import AdminNoticeBoard
from app.services.api import ChangeListener, Changes
from app.services.back_office import BackOfficeTokens
from app.services.business_hours import BusinessHoursSettings
from app.services.chain_writer import ChainWriter
from app.services.enrollment import InviteHost, OpenInvite
from app.services.menu import MenuSettings
from app.services.phone_sync import PhoneSyncRequests
from app.services.roster import build_roster, leaves_an_admin, people_devices
from app.services.team_api import (
    CloudApiSettings,
    Invite,
    NumberConnection,
    PendingJoin,
    PersonId,
    Roster,
    Simulator,
    TeamAdmin,
    TeamChange,
    TemplateSubmission,
)
from app.services.template_admin import TemplateRequests
from app.store.replica import Replica
from app.sync.engine import SyncEngine

log = logging.getLogger(__name__)

TeamListener = Callable[[TeamChange], None]
Subscribe = Callable[[ChangeListener], Callable[[], None]]
"""The desk's change bus (`DeskSession.subscribe`)."""


class NumberLink(Protocol):
    """The gateway side of connecting the WhatsApp number, as the composition provides it."""

    async def connect_number(self, settings: CloudApiSettings | Simulator) -> None:
        """Send the settings to the gateway, sealed to it.

        Raises:
            NumberSettingsRejected: Meta refused the token or the ids.
        """
        ...

    async def number_connection(self) -> NumberConnection | None:
        """The gateway's last report; None before any settings were sent."""
        ...


@dataclass(frozen=True, slots=True)
class _Join:
    """A newcomer the admin is deciding on, and the invite they came by."""

    pending: PendingJoin
    invite: OpenInvite


class TeamAdminService(AdminNoticeBoard):
    """Implements `TeamAdmin` for one desk. Built by the composition once the desk runs."""

    def __init__(
        self,
        *,
        writer: ChainWriter,
        invites: InviteHost,
        engine: SyncEngine,
        replica: Replica,
        subscribe: Subscribe,
        hub_url: str,
        clock: Callable[[], float],
        number: NumberLink | None = None,
        templates: TemplateRequests | None = None,
        back_office: BackOfficeTokens | None = None,
        phone: PhoneSyncRequests | None = None,
        hours: BusinessHoursSettings | None = None,
        menu: MenuSettings | None = None,
    ) -> None:
        self._writer = writer
        self._invites = invites
        self._engine = engine
        self._replica = replica
        self._hub_url = hub_url
        self._clock = clock
        self._number = number
        self._templates = templates
        self._back_office = back_office
        self._phone = phone
        self._hours = hours
        self._menu = menu
        self._open: dict[str, OpenInvite] = {}
        """Invites made here by their code (no dashes)."""
        self._joins: list[_Join] = []
        self._names: dict[DeviceId, str] = {}
        self._listeners: list[TeamListener] = []
        self._unsubscribe: Callable[[], None] | None = subscribe(self._on_changes)

    # -- the roster ---------------------------------------------------------------------------

    async def roster(self) -> Roster:
        """People, their devices and the gateways, from the validated chain.

        Raises:
            NotPermitted: This device was removed from the team.
        """
        if self._me not in self._engine.reader.chain.devices:
            # A desk opened moments ago may not have read the chain yet: catch up with it.
            with contextlib.suppress(NotPermitted):
                await self._writer.ready()
        chain = self._engine.reader.chain
        active = [e.device_id for e in chain.active_devices()]
        seen = await self._replica.last_seen(active)
        away = await self._replica.away_agents()
        return build_roster(chain, self._me, self._name, seen, away)

    def _name(self, entry: DeviceEntry) -> str:
        """The device's display name; its short id while the epoch's secrets are not held."""
        cached = self._names.get(entry.device_id)
        if cached is not None:
            return cached
        secrets = self._engine.reader.keyring.epochs.get(entry.name.epoch)
        if secrets is None:
            return short(entry.device_id)
        try:
            name = display_name(entry, secrets)
        except EnvelopeRejected as err:
            log.warning("device %s has an unreadable name: %s", short(entry.device_id), err)
            return short(entry.device_id)
        self._names[entry.device_id] = name
        return name

    # -- invites ------------------------------------------------------------------------------

    async def create_invite(self, role: Role) -> Invite:
        """Publish an `invite_create` link (24 h, single use). Raises NotPermitted."""
        made = await self._invites.create(role)
        code = str(made.code).replace("-", "")
        self._open[code] = made
        return Invite(code, self._qr_payload(code), role, made.expires_at)

    def _qr_payload(self, code: str) -> str:
        hub = quote(self._hub_url, safe=":/[]@")
        fingerprint = self._writer.chain.pinned_fingerprint.hex()
        return f"switchboard:join?hub={hub}&code={code}&fp={fingerprint}"

    async def next_join_request(self, invite: Invite) -> PendingJoin:
        """Wait for a newcomer, answer, check the reveal; both screens then show the SAS.

        Raises:
            InviteExpired: Nobody came before the invite expired.
            JoinCancelled: The newcomer gave up (or the invite was not made on this desk).
            SasMismatch: The newcomer's keys changed mid-way; the invite is burnt.
        """
        made = self._made(invite)
        newcomer = await self._invites.next_request(made)
        pending = PendingJoin(newcomer.name, self._invites.sas(made))
        self._joins.append(_Join(pending, made))
        return pending

    async def confirm_join(self, pending: PendingJoin) -> None:
        """The SAS matches: once the newcomer confirmed too, publish `add_device`.

        Raises:
            SasMismatch: The newcomer said it did not match; the invite is burnt.
            JoinCancelled: The newcomer gave up.
        """
        join = self._join(pending)
        try:
            await self._invites.confirm(join.invite)
        finally:
            self._forget(join.invite)

    async def reject_join(self, pending: PendingJoin) -> None:
        """The SAS did not match: burn the invite (`invite_revoke`, reason mismatch)."""
        join = self._join(pending)
        try:
            await self._invites.reject(join.invite, mismatch=True)
            await self._revoke_if_open(join.invite.invite_id, RevokeReason.SAS_MISMATCH)
        finally:
            self._forget(join.invite)

    async def cancel_invite(self, invite: Invite) -> None:
        """Burn an invite nobody used yet (`invite_revoke`, reason cancelled); an invite made
        on another desk or before a restart is found on the chain by its code."""
        made = self._open.get(invite.code)
        try:
            if made is not None:
                await self._invites.reject(made, mismatch=False)
                iid = made.invite_id
            else:
                try:
                    iid = invite_id(InviteCode.parse(invite.code))
                except InviteCodeError:
                    return  # no such invite can be on the chain
            await self._revoke_if_open(iid, RevokeReason.CANCELLED)
        finally:
            if made is not None:
                self._forget(made)

    def _made(self, invite: Invite) -> OpenInvite:
        made = self._open.get(invite.code)
        if made is None:
            raise JoinCancelled("this invite is not waited on at this desk")
        return made

    def _join(self, pending: PendingJoin) -> _Join:
        for join in self._joins:
            if join.pending is pending:
                return join
        for join in self._joins:
            if join.pending == pending:
                return join
        raise JoinCancelled("this newcomer is no longer waiting")

    def _forget(self, made: OpenInvite) -> None:
        self._open = {c: m for c, m in self._open.items() if m.invite_id != made.invite_id}
        self._joins = [j for j in self._joins if j.invite.invite_id != made.invite_id]

    async def _revoke_if_open(self, iid: bytes, reason: RevokeReason) -> None:
        """Publish `invite_revoke` unless the chain already closed the invite."""
        entry = self._writer.chain.invites.get(iid)
        if entry is None or entry.closed_at_seqno is not None:
            return
        keys = self._engine.reader.me

        def build(chain: ChainState) -> tuple[bytes, None]:
            current = chain.invites.get(iid)
            if current is None or current.closed_at_seqno is not None:
                raise ValueError("the invite was closed meanwhile")
            link = invite_revoke(
                chain, keys, invite_id=iid, reason=reason, created_at=int(self._clock())
            )
            return link, None

        with contextlib.suppress(UserFault):  # closed meanwhile: what was asked is done
            await self._writer.append(build)

    # -- removal and rotation -----------------------------------------------------------------

    async def remove_device(self, device_id: DeviceId) -> None:
        """Remove one device and rotate the team key in the same link.

        Raises:
            NotPermitted: The viewer is not an admin.
            LastAdmin: It is the last active admin device.
            UserFault: The device is not on the team (any more).
        """
        gone = frozenset({device_id})
        await self._writer.append(lambda chain: self._removal(chain, gone, RemoveReason.DEVICE))
        log.info("removed device %s and rotated the team key", short(device_id))

    async def remove_person(self, person_id: PersonId) -> None:
        """Remove all of a person's devices and rotate the team key, in one link.

        The person's devices are looked up again on the head each attempt builds on, so a
        device enrolled meanwhile under the same name goes too.

        Raises:
            NotPermitted: The viewer is not an admin.
            LastAdmin: The person holds the last active admin devices.
            UserFault: Nobody by that id is on the team (any more).
        """

        def build(chain: ChainState) -> tuple[bytes, None]:
            entries = people_devices(chain, self._name).get(person_id, [])
            gone = frozenset(e.device_id for e in entries)
            return self._removal(chain, gone, RemoveReason.MEMBER)

        await self._writer.append(build)
        log.info("removed a person's devices and rotated the team key")

    async def rotate_keys(self) -> None:
        """Replace the team key now, without removing anyone. Raises NotPermitted."""
        keys = self._engine.reader.me

        def build(chain: ChainState) -> tuple[bytes, None]:
            seed = open_seed_box(chain, keys)
            link, _new_seed = rotate(chain, keys, seed=seed, created_at=int(self._clock()))
            return link, None  # this desk opens its box of the new seed when it applies the link

        await self._writer.append(build)
        log.info("rotated the team key")

    def _removal(
        self, chain: ChainState, gone: frozenset[DeviceId], reason: RemoveReason
    ) -> tuple[bytes, None]:
        """`remove_device`+`rotate` on `chain`; the seed is the one this head commits to."""
        if not gone or any(not chain.is_active(d, chain.head_seqno) for d in gone):
            raise ValueError("that is no longer on the team")
        if not leaves_an_admin(chain, gone):
            raise LastAdmin("the team's last admin device cannot be removed")
        keys = self._engine.reader.me
        seed = open_seed_box(chain, keys)
        link, _new_seed = remove_devices(
            chain, keys, removed=gone, reason=reason, seed=seed, created_at=int(self._clock())
        )
        return link, None

    # -- the WhatsApp number ------------------------------------------------------------------

    async def connect_number(self, settings: CloudApiSettings | Simulator) -> None:
        """Send the settings to the gateway, sealed to it.

        Raises:
            NotPermitted: The viewer is not an admin.
            GatewayMissing: No gateway device is on the team, or this desk cannot reach one.
            NumberSettingsRejected: Meta refused the token or the ids.
        """
        await self._writer.ready()
        if self._number is None or not self._has_gateway():
            raise GatewayMissing("no gateway has joined the team yet")
        await self._number.connect_number(settings)
        self._notify(TeamChange.NUMBER)

    async def number_connection(self) -> NumberConnection | None:
        """The gateway's last report; None before any settings were sent (and so also while
        there is no gateway to send them to)."""
        if self._number is None or not self._has_gateway():
            return None
        return await self._number.number_connection()

    # -- the number's templates ---------------------------------------------------------------

    async def number_templates(self) -> tuple[TemplateDef, ...]:
        """Every template of the number with its status and quality, by name then language
        (agents' pickers offer the approved ones only). Raises NotPermitted."""
        self._require_admin()
        listed = await self._replica.templates()
        return tuple(sorted(listed, key=lambda t: (t.name, t.language)))

    async def create_template(self, draft: TemplateDraft) -> TemplateSubmission:
        """Send a new template to Meta through the gateway (`TemplateRequests`).

        Raises:
            NotPermitted, TemplateDraftInvalid, TemplateRefused: See `TemplateRequests`.
            GatewayMissing: No gateway device is on the team, or this desk cannot reach one.
        """
        await self._writer.ready()
        self._require_admin()
        if self._templates is None or not self._has_gateway():
            raise GatewayMissing("no gateway has joined the team yet")
        return await self._templates.create_template(draft)

    # -- back-office systems -------------------------------------------------------------------

    async def back_office_systems(self) -> list[BackOfficeSystem]:
        """The systems this desk's admin gave a token (`BackOfficeTokens.systems`)."""
        self._require_admin()
        return [] if self._back_office is None else await self._back_office.systems()

    async def create_api_token(self, name: str) -> NewToken:
        """Make and grant a token for a back-office system (`BackOfficeTokens.create`).

        Raises:
            NotPermitted, GatewayMissing: See `BackOfficeTokens.create`.
        """
        await self._writer.ready()
        self._require_admin()
        if self._back_office is None or not self._has_gateway():
            raise GatewayMissing("no gateway has joined the team yet")
        return await self._back_office.create(name)

    async def revoke_api_token(self, system: BackOfficeSystem) -> None:
        """Revoke a system's token at the gateway (`BackOfficeTokens.revoke`)."""
        await self._writer.ready()
        self._require_admin()
        if self._back_office is None or not self._has_gateway():
            raise GatewayMissing("no gateway has joined the team yet")
        await self._back_office.revoke(system)

    # -- the phone's contacts and history (coexistence) ----------------------------------------

    async def request_phone_sync(self) -> None:
        """Ask Meta, through the gateway, for the phone's contacts and chat history.

        Raises:
            NotPermitted: See `PhoneSyncRequests`.
            GatewayMissing: No gateway device is on the team, or this desk cannot reach one.
        """
        await self._writer.ready()
        self._require_admin()
        if self._phone is None or not self._has_gateway():
            raise GatewayMissing("no gateway has joined the team yet")
        await self._phone.request()

    async def phone_history(self) -> HistoryImport | None:
        """How the import of the phone's chat history stands; None before any report."""
        return await self._replica.history_import()

    # -- business hours, greeting and away messages --------------------------------------------

    async def business_hours(self) -> BusinessHours | None:
        """The hours this desk last sent to the gateway, or None."""
        self._require_admin()
        return None if self._hours is None else await self._hours.current()

    async def set_business_hours(self, hours: BusinessHours) -> None:
        """Send the hours, greeting and away texts to the gateway (`BusinessHoursSettings`).

        Raises:
            NotPermitted, HoursRefused, GatewayMissing: See `BusinessHoursSettings.save`.
        """
        await self._writer.ready()
        self._require_admin()
        if self._hours is None or not self._has_gateway():
            raise GatewayMissing("no gateway has joined the team yet")
        await self._hours.save(hours)

    # -- the menu ----------------------------------------------------------------------------

    async def menu(self) -> Menu | None:
        """The menu this desk last sent to the gateway, or None."""
        self._require_admin()
        return None if self._menu is None else await self._menu.current()

    async def set_menu(self, menu: Menu) -> None:
        """Send the menu to the gateway (`MenuSettings`).

        Raises:
            NotPermitted, MenuRefused, GatewayMissing: See `MenuSettings.save`.
        """
        await self._writer.ready()
        self._require_admin()
        if self._menu is None or not self._has_gateway():
            raise GatewayMissing("no gateway has joined the team yet")
        await self._menu.save(menu)

    def _has_gateway(self) -> bool:
        return any(e.role is Role.GATEWAY for e in self._engine.reader.chain.active_devices())

    # -- notifications ------------------------------------------------------------------------

    def subscribe(self, listener: TeamListener) -> Callable[[], None]:
        """Call `listener` when a chain link was applied here (ROSTER) or the number's status
        changed (NUMBER); returns an unsubscribe function."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def close(self) -> None:
        """Stop listening to the desk's changes."""
        if self._unsubscribe is not None:
            with contextlib.suppress(ValueError):
                self._unsubscribe()
            self._unsubscribe = None
        self._listeners.clear()

    def _on_changes(self, changes: Changes) -> None:
        change = TeamChange(0)
        if changes.chain_changed:
            change |= TeamChange.ROSTER
        if changes.number_status_changed:
            change |= TeamChange.NUMBER
        if changes.admin_notices_changed:
            change |= TeamChange.NOTICES
        if changes.templates_changed:
            change |= TeamChange.TEMPLATES
        if change:
            self._notify(change)

    def _notify(self, change: TeamChange) -> None:
        for listener in list(self._listeners):
            listener(change)


def _conforms(service: TeamAdminService) -> TeamAdmin:
    """For mypy: the service satisfies the Protocol the UI uses."""
    return service
