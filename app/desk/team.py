"""Found a team, join one by invite, and open the desks that result: real keys, real hub logins.

`TeamDeskFactory` is what *Create a team* and *Join a team* run underneath, and what the demo
and the integration tests use to put several desks on one hub exactly the way people do:

- **found**: this device's keys, link 1 (`create_team`), the hub's `sbhub.found` with the
  one-time set-up code's login, then the desk logs in with its own hub key;
- **join**: `app.sync.joining` with the invite code, and once the admin's `add_device` is on the
  chain, the seeds this device's box and the prev-chain reach are stored before the first sync,
  so history from before the join opens too (crypto.md §3.12);
- **open**: replica, identity, sync engine, outbox; and for admins the chain writer and the
  invite host.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.aio import cancel_and_wait
from app.crypto.chain import ChainState, create_team, seeds_for, team_name
from app.crypto.enroll import Stretch, argon2id_stretch
from app.crypto.fingerprint import team_fingerprint
from app.crypto.keys import DeviceKeys, DevicePublic, db_key, generate_device_keys
from app.desk.fresh_copy import resend_unsent, salvage, set_aside
from app.domain.errors import (
    DeviceRemoved,
    EnvelopeRejected,
    HubSetupCodeWrong,
    HubUnreachable,
    NotEnrolled,
    ReplicaUnreadable,
    SasMismatch,
    StoreDamaged,
)
from app.domain.ids import TeamId, short
from app.domain.model import Role
from app.hub.setup_code import SetupCodeInvalid, parse_setup_code, setup_seed
from app.services.back_office import BackOfficeTokens
from app.services.backup import BackupChoice, RestoreProgress, start_from_backup
from app.services.business_hours import BusinessHoursSettings
from app.services.chain_writer import ChainWriter
from app.services.enrollment import InviteHost
from app.services.identity import DeskIdentity
from app.services.menu import MenuSettings
from app.services.number_settings import NumberSettings, SimulatedAccount
from app.services.phone_sync import PhoneSyncRequests
from app.services.session import HubStateRelay, OpenDesk, open_desk
from app.services.snapshot import SnapshotPacker, SnapshotStart, start_from_snapshot
from app.services.team_admin import TeamAdminService
from app.services.template_admin import TemplateRequests
from app.store.replica import Replica
from app.sync.admission import once_admitted
from app.sync.hub_address import HubAddress
from app.sync.hub_client import found_team
from app.sync.joining import Joined, Joining
from app.sync.media_store import NatsMediaStore
from app.sync.nats_transport import NatsTransport
from app.sync.transport import HubAccessDenied, Transport
from app.system.keychain import MemorySecretStore, SecretStore
from app.system.profile import PassphraseRequest, Profile, device_master_key
from app.system.version import app_version

log = logging.getLogger(__name__)

MasterKey = Callable[[Profile], Awaitable[bytes]]
"""The device master key of a profile (keychain or passphrase; memory in the demo)."""


@dataclass(eq=False)
class TeamDesk:
    """A running desk of a team, with what its admin tools need."""

    keys: DeviceKeys
    desk: OpenDesk
    transport: NatsTransport
    writer: ChainWriter
    invites: InviteHost
    profile: Profile
    admin: TeamAdminService
    """The team window's `TeamAdmin` for this desk."""
    packer: SnapshotPacker | None = None
    """Packs this desk's log for the newcomers it approves (security.md 2.12 part 4)."""
    snapshot: SnapshotStart | None = None
    """How this new device's start from a snapshot went; None if none was offered."""
    resending: asyncio.Task[None] | None = None
    """A fresh copy queueing the damaged replica's unsent replies once caught up."""

    @property
    def role(self) -> Role | None:
        entry = self.writer.chain.devices.get(self.keys.device_id)
        return entry.role if entry is not None and entry.active else None

    async def close(self) -> None:
        await cancel_and_wait(self.resending)  # unfinished: the kept file still has them
        self.admin.close()
        await self.invites.close()
        await self.desk.close()
        await self.transport.close()


FoundedDesk = TeamDesk


@dataclass(eq=False)
class TeamDeskFactory:
    """Puts desks of one team on one hub."""

    hub_url: str
    tls_fingerprint: bytes | None
    root: Path
    """Profiles are made in `root/<name>`."""
    clock: Callable[[], float]
    stretch: Stretch = argon2id_stretch
    """Argon2id for invites; tests pass a cheap one."""
    master_key: MasterKey | None = None
    """None: keys in memory (the demo, tests)."""
    profile_for: Callable[[str], Profile] | None = None
    """Where a desk of this name keeps its files; None: `root/<name>`."""
    desks: list[TeamDesk] = field(default_factory=list)
    _pending: dict[int, DeviceKeys] = field(default_factory=dict)
    _memory: SecretStore = field(default_factory=MemorySecretStore)
    simulator: SimulatedAccount | None = None
    """The Cloud API simulator's account when one runs beside the desks (the demo): what the
    number panel's *Simulator* choice sends to the gateway."""
    invite_address: str | None = None
    """The hub address invites carry (with the certificate pin); None: `hub_url` and pin."""
    gateway_keys: DeviceKeys | None = None
    """The keys of the gateway `enroll_gateway` made."""
    start_from_snapshots: bool = False
    """True: a new device starts from the snapshot its admin offers (security.md 2.12 part 4)
    and opens once it is applied. The desk app turns it on (`DeskLauncher`); otherwise offers
    are ignored and a new desk opens at once and replays the log from sequence 1, usable
    while it syncs (the demo, and the tests of that path)."""

    async def found(self, business_name: str, owner_name: str, *, setup_code: str) -> TeamDesk:
        """Found the team on the hub with its set-up code; this device becomes its root admin.

        Raises:
            HubSetupCodeWrong: The code is mistyped or not this hub's.
            HubTaken: The hub already serves a team.
            HubUnreachable: No hub answers.
        """
        try:
            login = setup_seed(parse_setup_code(setup_code))
        except SetupCodeInvalid as err:
            raise HubSetupCodeWrong(f"the set-up code is mistyped ({err.reason})") from None
        keys = generate_device_keys()
        team_id = TeamId(os.urandom(16))
        link, _seed = create_team(
            team_id=team_id,
            root=keys,
            team_name=business_name,
            root_name=owner_name,
            created_at=int(self.clock()),
        )
        await found_team(self.hub_url, link, setup_seed=login, tls_fingerprint=self.tls_fingerprint)
        fingerprint = team_fingerprint(team_id, keys.public().sig)
        identity = DeskIdentity(team_id, fingerprint, keys)
        desk = await self._open(owner_name, identity, seeds={})
        await desk.desk.caught_up()  # one link: the founder's desk knows its team at once
        return desk

    async def start_join(
        self, code: str, name: str, *, fingerprint: bytes | None = None, role: Role | None = None
    ) -> Joining:
        """Send a join request for the invite `code`; see `Joining` for the rest."""
        keys = generate_device_keys()
        joining = await Joining.start(
            self.hub_url,
            code,
            keys,
            name,
            connect=self._connect_with,
            tls_fingerprint=self.tls_fingerprint,
            fingerprint=fingerprint,
            now=self.clock,
            stretch=self.stretch,
            expect_role=role,
        )
        self._pending[id(joining)] = keys
        return joining

    async def open_joined(
        self,
        joining: Joining,
        name: str,
        backup: BackupChoice | None = None,
        restoring: RestoreProgress | None = None,
    ) -> TeamDesk:
        """After the admin added this device: store its seeds and identity, open the desk,
        from `backup` (a team member's encrypted backup) when one is given, `restoring` told
        how far that got."""
        try:
            # With a backup no admin packs a snapshot nobody would apply.
            wanted = self.start_from_snapshots and backup is None
            joined = await joining.wait_added(offer_wanted=wanted)
        finally:
            await joining.close()
        keys = self._pending.pop(id(joining))
        identity = DeskIdentity(joined.team_id, joined.fingerprint, keys)
        seeds = seeds_for(joined.chain, keys)
        return await self._open(
            name, identity, seeds=seeds, joined=joined, backup=backup, restoring=restoring
        )

    async def enroll(
        self,
        admin: TeamDesk,
        name: str,
        role: Role = Role.MEMBER,
        backup: BackupChoice | None = None,
    ) -> TeamDesk:
        """Invite and admit a desk in this process, comparing the SAS as two people would.

        The demo's scripted team and tests use it; every step is the real protocol.

        Raises:
            SasMismatch: The two sides computed different SAS (someone in the middle).
        """
        joining, _keys = await self._scripted_handshake(admin, name, role)
        return await self.open_joined(joining, name, backup)

    async def enroll_gateway(self, admin: TeamDesk, name: str = "Gateway") -> Joined:
        """Enroll a gateway device in this process (scripted SAS); returns its keys' chain.

        The gateway's keys are in `gateway_keys` afterwards.
        """
        joining, keys = await self._scripted_handshake(admin, name, Role.GATEWAY)
        try:
            joined = await joining.wait_added(offer_wanted=False)  # no replica to start
        finally:
            await joining.close()
        self.gateway_keys = keys
        return joined

    async def _scripted_handshake(
        self, admin: TeamDesk, name: str, role: Role
    ) -> tuple[Joining, DeviceKeys]:
        invite = await admin.invites.create(role)
        joining = await self.start_join(str(invite.code), name, role=role)
        keys = self._pending[id(joining)]
        try:
            _newcomer, sas = await asyncio.gather(
                admin.invites.next_request(invite), joining.wait_sas()
            )
            if sas != admin.invites.sas(invite):
                await joining.cancel(mismatch=True)
                await admin.invites.reject(invite)
                raise SasMismatch("the two screens would show different emoji")
            await joining.confirm()
            await admin.invites.confirm(invite)
        except BaseException:
            await joining.close()
            self._pending.pop(id(joining), None)
            raise
        return joining, keys

    async def close(self) -> None:
        for desk in reversed(self.desks):
            with contextlib.suppress(Exception):
                await desk.close()
        self.desks.clear()

    async def reopen(
        self, profile: Profile, dmk: bytes, *, accept_damage: bool = False
    ) -> TeamDesk:
        """Open the desk of an enrolled profile again (the replica holds its identity).

        Args:
            accept_damage: Open a replica that failed its last integrity check anyway.

        Raises:
            ReplicaDamaged: The replica file is missing or empty (left as it is).
            ReplicaFailedCheck: It failed its last integrity check (and not `accept_damage`).
            ReplicaUnreadable: Pages of it do not decrypt or are corrupt (left as it is).
            WrongKey, ForeignDatabase: The replica does not open with this key.
            NotEnrolled: The replica holds no identity.
        """
        replica = await Replica.open(
            profile.replica, db_key(dmk), existing=True, accept_damage=accept_damage
        )
        try:
            blob = await replica.load_identity()
            if blob is None:
                raise NotEnrolled("this profile has not joined a team")
            identity = DeskIdentity.open(blob, dmk)
            await _refuse_if_removed(identity, replica)
            desk = await self._start(identity, replica, dmk, profile, new_device=False)
        except StoreDamaged as err:
            await replica.close()
            # A damaged page first read here, past the opening: the same start-up question
            # (keep it aside and sync a fresh copy), not an error that recurs at every start.
            raise ReplicaUnreadable(f"the replica {profile.replica.name} is damaged") from err
        except BaseException:
            await replica.close()
            raise
        self.desks.append(desk)
        return desk

    async def fresh_copy(self, profile: Profile, dmk: bytes) -> TeamDesk | None:
        """Set the profile's damaged replica aside and sync a new one from the hub as this
        same device (`app.desk.fresh_copy`).

        Returns:
            The running desk, or None when the damaged file no longer holds this device's
            identity: the profile then joins the team again. The file is kept aside either way.
        """
        salvaged = await salvage(profile.replica, db_key(dmk), dmk)
        kept = await asyncio.to_thread(set_aside, profile.replica, datetime.now())
        log.warning("damaged replica kept aside as %s", kept.name)
        if salvaged is None:
            return None
        replica = await _new_replica(profile, dmk, salvaged.identity, salvaged.seeds)
        try:
            desk = await self._start(salvaged.identity, replica, dmk, profile, new_device=False)
        except BaseException:
            await replica.close()
            raise
        self.desks.append(desk)
        author = salvaged.identity.keys.device_id
        desk.resending = asyncio.create_task(
            resend_unsent(desk.desk, salvaged.unsent, author), name="resend-unsent"
        )
        with contextlib.suppress(TimeoutError):  # a stalled hub: the title stays blank
            await desk.desk.engine.reached(1)  # link 1 names the business for the window
        return desk

    async def _open(
        self,
        name: str,
        identity: DeskIdentity,
        seeds: dict[int, bytes],
        joined: Joined | None = None,
        backup: BackupChoice | None = None,
        restoring: RestoreProgress | None = None,
    ) -> TeamDesk:
        profile = (self.profile_for or self._default_profile)(name).create()
        dmk = await self._master_key(profile)
        replica = await _new_replica(profile, dmk, identity, seeds)
        snapshot: SnapshotStart | None = None
        try:
            if backup is not None:
                snapshot = await start_from_backup(
                    replica, identity, backup.path, backup.passphrase, restoring
                )
            elif joined is not None and joined.snapshot_offer and self.start_from_snapshots:
                snapshot = await self._from_snapshot(identity, replica, joined)
            if snapshot is not None and not snapshot.used:  # the desk replays from 1
                await replica.close()
                _discard_replica(profile.replica)
                replica = await _new_replica(profile, dmk, identity, seeds)
            desk = await self._start(identity, replica, dmk, profile)
        except BaseException:
            await replica.close()
            raise
        desk.snapshot = snapshot
        self.desks.append(desk)
        return desk

    async def _from_snapshot(
        self, identity: DeskIdentity, replica: Replica, joined: Joined
    ) -> SnapshotStart:
        """Apply the offered snapshot with this device's own login (the invite's is gone)."""
        assert joined.snapshot_offer is not None
        transport = await self._admitted(identity, HubStateRelay(), new_device=True)
        try:
            return await start_from_snapshot(
                replica,
                identity,
                joined.snapshot_offer,
                joined.chain,
                await NatsMediaStore.open(transport),
            )
        finally:
            await transport.close()

    async def _start(
        self,
        identity: DeskIdentity,
        replica: Replica,
        dmk: bytes,
        profile: Profile,
        *,
        new_device: bool = True,
    ) -> TeamDesk:
        states = HubStateRelay()
        transport = await self._admitted(identity, states, new_device)
        try:
            media_store = await NatsMediaStore.open(transport)
            desk = await open_desk(
                replica,
                transport,
                dmk,
                self.clock,
                media_store=media_store,
                media_cache=profile.attachments,
                presence_channel=transport,
                running_version=app_version(),
            )
        except BaseException:
            await transport.close()
            raise
        states.attach(desk.session.set_hub_state)
        writer = ChainWriter(identity.keys, desk.engine, replica, transport)
        packer = SnapshotPacker(identity, replica, desk.engine, media_store)
        invites = InviteHost(
            identity.keys,
            writer,
            transport,
            lambda: desk.engine.reader.keyring.epochs,
            self.clock,
            self.stretch,
            snapshots=lambda newcomer: self._offer_snapshot(packer, newcomer),
        )
        admin = TeamAdminService(
            writer=writer,
            invites=invites,
            engine=desk.engine,
            replica=replica,
            subscribe=desk.session.subscribe,
            hub_url=self.invite_address or str(HubAddress(self.hub_url, self.tls_fingerprint)),
            clock=self.clock,
            number=NumberSettings(
                identity.keys.device_id,
                desk.publisher,
                replica,
                lambda: writer.chain,
                self.clock,
                simulator=self.simulator,
            ),
            templates=TemplateRequests(
                identity.keys.device_id, desk.publisher, replica, lambda: writer.chain
            ),
            back_office=BackOfficeTokens(
                identity.keys.device_id, desk.publisher, replica, lambda: writer.chain, self.clock
            ),
            phone=PhoneSyncRequests(identity.keys.device_id, desk.publisher, lambda: writer.chain),
            hours=BusinessHoursSettings(
                identity.keys.device_id, desk.publisher, replica, lambda: writer.chain, self.clock
            ),
            menu=MenuSettings(
                identity.keys.device_id, desk.publisher, replica, lambda: writer.chain, self.clock
            ),
        )
        return TeamDesk(identity.keys, desk, transport, writer, invites, profile, admin, packer)

    async def _offer_snapshot(self, packer: SnapshotPacker, newcomer: DevicePublic) -> bytes | None:
        """The offer for a newcomer, or None: only a team whose new desks start from snapshots
        packs one for each (a pack nobody applies would stay in the hub's object store)."""
        return await packer.offer_for(newcomer) if self.start_from_snapshots else None

    async def _admitted(
        self, identity: DeskIdentity, states: HubStateRelay, new_device: bool
    ) -> NatsTransport:
        """Log in with the device's own hub key; a new device may wait for the hub's reload.

        Raises:
            DeviceRemoved: A device the hub knew no longer gets in: an admin removed it.
            HubUnreachable: No hub answered, or a new device was not let in in time.
        """

        def connect() -> Awaitable[NatsTransport]:
            return NatsTransport.connect(
                self.hub_url,
                team_id_hex=identity.team_id.hex(),
                name=f"desk-{short(identity.keys.device_id)}",
                on_state=states,
                nkey_seed=identity.keys.hub_seed(),
                tls_fingerprint=self.tls_fingerprint,
            )

        try:
            return await (once_admitted(connect) if new_device else connect())
        except HubAccessDenied:
            if new_device:
                raise HubUnreachable("the hub has not let this device in yet") from None
            raise DeviceRemoved(
                "the hub no longer lets this device in: an admin has removed it from "
                "the team; what it holds stays on this computer"
            ) from None

    async def _connect_with(self, team_hex: str, seed: bytes) -> Transport:
        return await NatsTransport.connect(
            self.hub_url,
            team_id_hex=team_hex,
            name="joining",
            login_ends=True,  # the hub drops an invite's login once the invite is used
            nkey_seed=seed,
            tls_fingerprint=self.tls_fingerprint,
        )

    def _default_profile(self, name: str) -> Profile:
        return Profile(self.root / name.lower())

    async def _master_key(self, profile: Profile) -> bytes:
        if self.master_key is not None:
            return await self.master_key(profile)
        return await device_master_key(profile, _no_passphrase, keychain=self._memory)


async def _no_passphrase(request: PassphraseRequest) -> str | None:
    return None


def business_name(desk: TeamDesk) -> str:
    """The team's name as its founder gave it (sealed in link 1); "" until link 1 is read."""
    chain = desk.writer.chain
    secrets = desk.desk.engine.reader.keyring.epochs.get(1)
    if chain.team_name is None or secrets is None:
        return ""
    try:
        return team_name(chain, secrets)
    except EnvelopeRejected:
        return ""


__all__ = ["FoundedDesk", "Joined", "TeamDesk", "TeamDeskFactory", "business_name"]


async def _new_replica(
    profile: Profile, dmk: bytes, identity: DeskIdentity, seeds: dict[int, bytes]
) -> Replica:
    """A new device's replica: its sealed identity and the seeds its box reached."""
    replica = await Replica.open(profile.replica, db_key(dmk))
    try:
        await replica.save_identity(identity.seal(dmk))
        for n, seed in sorted(seeds.items()):
            await replica.save_seed(n, seed)
    except BaseException:
        await replica.close()
        raise
    return replica


def _discard_replica(path: Path) -> None:
    """Delete a closed replica and SQLite's files beside it."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


async def _refuse_if_removed(identity: DeskIdentity, replica: Replica) -> None:
    """Say so at once when this device's own copy of the chain shows it was removed."""
    chain = ChainState.genesis(identity.team_id, identity.fingerprint)
    for link in await replica.chain_links():
        try:
            chain = chain.apply(link)
        except EnvelopeRejected:
            return  # the desk reports an invalid chain itself once it runs
    entry = chain.devices.get(identity.keys.device_id)
    if entry is not None and not entry.active:
        raise DeviceRemoved(
            "an admin removed this device from the team; what it held before stays readable "
            "on this computer, nothing new reaches it"
        )
