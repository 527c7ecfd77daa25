"""One desk profile from first start to a running desk: found, join, or unlock and reopen.

`DeskLauncher` is what `switchboard` (no sub-command) runs under the windows:

- a **new** profile offers *Create a team* / *Join a team* through `TeamSetup` (this class);
  founding either uses a hub on a server (its address and one-time set-up code) or starts one on
  this computer, supervised by the desk and reachable on the LAN over TLS;
- an **enrolled** profile is unlocked (keychain, or the passphrase of its key file) and opened.

The profile's `profile.json` remembers how to reach the hub (`hub`: the address with its
certificate pin), whether the hub runs here (`local_hub`), and the address colleagues use.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field

from app.crypto.enroll import InviteCode, InviteCodeError, Sas, Stretch, argon2id_stretch
from app.desk.team import TeamDesk, TeamDeskFactory, business_name
from app.domain.errors import NotEnrolled, PassphraseTooShort, PassphraseWrong, UserFault
from app.domain.model import SyncProgress
from app.hub import Hub, HubConfig
from app.services.backup import BackupChoice, RestoreProgress, check_backup
from app.services.number_settings import SimulatedAccount
from app.services.team_api import FoundingStep, HubChoice, HubOnServer, OpenTeamDesk
from app.sync.hub_address import HubAddress, parse_hub_address
from app.sync.joining import Joining
from app.system.keychain import DEFAULT_BACKENDS, BackendCandidate, SecretStore, open_keychain
from app.system.profile import (
    PASSPHRASE_BACKEND,
    AskPassphrase,
    PassphraseCancelled,
    PassphraseRequest,
    Profile,
    device_master_key,
)

log = logging.getLogger(__name__)

LOCAL_HUB_PORT = 4222
"""Where a hub on this computer listens for colleagues on the LAN."""


def _passphrase_once(passphrase: str | None) -> AskPassphrase:
    """The UI asked for the passphrase before the work started: give it once.

    A retry means it was wrong (unlocking) or too short (creating): say so instead of looping.
    """

    async def ask(request: PassphraseRequest) -> str | None:
        if request.retry:
            if request.creating:
                raise PassphraseTooShort("choose a passphrase of at least 10 characters")
            raise PassphraseWrong("the passphrase does not open this profile")
        if passphrase is None:
            raise PassphraseCancelled("a passphrase is needed on this computer")
        return passphrase

    return ask


@dataclass(eq=False)
class DeskLauncher:
    """A profile's way to a running desk."""

    profile: Profile
    clock: Callable[[], float]
    stretch: Stretch = argon2id_stretch
    keychain: SecretStore | None = None
    """A given store (the demo's memory store, tests); None probes the OS keychain."""
    candidates: Sequence[BackendCandidate] = DEFAULT_BACKENDS
    local_hub_port: int = LOCAL_HUB_PORT
    local_hub_host: str = "0.0.0.0"
    simulator: SimulatedAccount | None = None
    """The Cloud API simulator beside this desk, when one runs (tests, try-outs)."""
    start_from_snapshots: bool = False
    """Joined desks start from the approving admin's snapshot (security.md 2.12 part 4). Off
    in the app for now: the join window cannot show the snapshot's progress yet, so a new desk
    would wait without a word for as long as the pack takes (a minute at a year of history),
    where replaying opens the desk at once and shows "Syncing 34,000 of 100,000"."""
    desk: TeamDesk | None = None
    hub: Hub | None = None
    _needs_passphrase: bool = False
    _dmk: bytes | None = None
    _factory: TeamDeskFactory | None = None
    _joins: list[tuple[Joining, str]] = field(default_factory=list)

    # -- start-up -----------------------------------------------------------------------------

    @property
    def enrolled(self) -> bool:
        """The profile belongs to a team already."""
        return self.profile.exists and "hub" in self.profile.read_config()

    async def probe(self) -> None:
        """Find out whether this profile's key needs a passphrase (before any window asks)."""
        self.profile.create()
        recorded = self.profile.read_config().get("keychain")
        if recorded is not None:
            self._needs_passphrase = recorded == PASSPHRASE_BACKEND
            return
        if self.keychain is not None:
            self._needs_passphrase = False
            return
        try:
            self.keychain = await open_keychain(self.candidates)
        except UserFault:
            raise
        except Exception as err:  # no keychain: the key goes into a passphrase file
            log.info("no keychain (%s): the device key will need a passphrase", type(err).__name__)
            self._needs_passphrase = True

    @property
    def needs_passphrase(self) -> bool:
        return self._needs_passphrase

    async def unlock(self, passphrase: str | None) -> None:
        """Get the device master key (keychain, or the key file with `passphrase`).

        Raises:
            PassphraseWrong: The passphrase does not open the key file.
            KeychainUnavailable, DeviceKeyMissing: The key is not where the profile left it.
        """
        self._dmk = await device_master_key(
            self.profile,
            _passphrase_once(passphrase),
            keychain=self.keychain,
            candidates=self.candidates,
        )

    async def open(self, *, accept_damage: bool = False) -> TeamDesk:
        """The running desk: the one just founded or joined, or the enrolled profile reopened
        (`accept_damage`: even when its replica failed its last integrity check)."""
        if self.desk is not None:
            return self.desk
        if not self.enrolled:
            raise NotEnrolled("this profile has not joined a team")
        factory, dmk = await self._reopening()
        self.desk = await factory.reopen(self.profile, dmk, accept_damage=accept_damage)
        return self.desk

    async def _reopening(self) -> tuple[TeamDeskFactory, bytes]:
        """The unlocked device key, and a factory for the profile's hub (started here when
        the hub runs on this computer)."""
        if self._dmk is None:
            await self.unlock(None)
        assert self._dmk is not None
        config = self.profile.read_config()
        address = parse_hub_address(str(config["hub"]))
        if config.get("local_hub"):
            address, _code, shared = await self._start_local_hub()
            self._remember(address, shared, local=True, name=str(config.get("name", "")))
        factory = self._factory_for(address)
        factory.invite_address = str(self.profile.read_config().get("share_hub") or address)
        return factory, self._dmk

    async def open_desk(self, *, accept_damage: bool = False) -> OpenTeamDesk:
        """See `app.services.team_api.DeskStart.open_desk`."""
        return _opened(await self.open(accept_damage=accept_damage))

    async def fresh_copy(self) -> OpenTeamDesk | None:
        """See `app.services.team_api.DeskStart.fresh_copy`."""
        if self.desk is not None:
            raise RuntimeError("the desk is open: a fresh copy replaces a replica not in use")
        factory, dmk = await self._reopening()
        desk = await factory.fresh_copy(self.profile, dmk)
        if desk is None:
            return None  # the profile is no longer enrolled: the first-run window joins again
        self.desk = desk
        return _opened(desk)

    async def close(self) -> None:
        """Desk first, then the hub this computer runs (style.md P6 order)."""
        for joining, _name in self._joins:
            await joining.close()
        self._joins.clear()
        if self._factory is not None:
            await self._factory.close()
        self.desk = None
        if self.hub is not None:
            await self.hub.stop()
            self.hub = None

    # -- TeamSetup ----------------------------------------------------------------------------

    def check_invite_code(self, code: str) -> bool:
        try:
            InviteCode.parse(code)
        except InviteCodeError:
            return False
        return True

    async def create_team(
        self,
        business_name: str,
        owner_name: str,
        hub: HubChoice,
        *,
        passphrase: str | None = None,
        on_step: Callable[[FoundingStep], None] | None = None,
    ) -> None:
        """See `app.services.team_api.TeamSetup.create_team`."""
        step = on_step or (lambda _step: None)
        step(FoundingStep.MAKING_KEYS)
        await self.unlock(passphrase)
        if isinstance(hub, HubOnServer):
            address, setup_code, shared = self._server_hub(hub)
        else:
            step(FoundingStep.STARTING_HUB)
            address, setup_code, shared = await self._start_local_hub()
        step(FoundingStep.CONTACTING_HUB)
        factory = self._factory_for(address)
        factory.invite_address = str(shared)
        step(FoundingStep.FOUNDING)
        self.desk = await factory.found(business_name, owner_name, setup_code=setup_code)
        self._remember(address, shared, local=not isinstance(hub, HubOnServer), name=owner_name)
        step(FoundingStep.DONE)

    async def check_backup(self, choice: BackupChoice) -> None:
        """See `app.services.team_api.TeamSetup.check_backup`."""
        await check_backup(choice)

    async def start_join(
        self,
        hub_address: str,
        invite_code: str,
        your_name: str,
        *,
        passphrase: str | None = None,
        backup: BackupChoice | None = None,
    ) -> JoinAttemptOnDesk:
        """See `app.services.team_api.TeamSetup.start_join`."""
        address = parse_hub_address(hub_address)
        await self.unlock(passphrase)
        factory = self._factory_for(address)
        joining = await factory.start_join(invite_code, your_name)
        self._joins.append((joining, your_name))
        return JoinAttemptOnDesk(self, joining, your_name, address, backup)

    # -- internals ----------------------------------------------------------------------------

    def _server_hub(self, hub: HubOnServer) -> tuple[HubAddress, str, HubAddress]:
        address = parse_hub_address(hub.address)
        return address, hub.setup_code, address

    async def _start_local_hub(self) -> tuple[HubAddress, str, HubAddress]:
        """Start (or restart) the hub this computer runs; colleagues reach it on the LAN."""
        if self.hub is None:
            config = HubConfig(
                data_dir=self.profile.hub_dir,
                host=self.local_hub_host,
                port=self.local_hub_port,
                auth=True,
                tls=True,
            )
            self.hub = Hub(config)
            await self.hub.start()
        port = self.hub.url.rsplit(":", 1)[1]
        pin = self.hub.tls_fingerprint
        here = HubAddress(f"tls://127.0.0.1:{port}", pin)
        shared = HubAddress(f"tls://{socket.gethostname()}:{port}", pin)
        return here, self.hub.setup_code or "", shared

    def _factory_for(self, address: HubAddress) -> TeamDeskFactory:
        if self._factory is None:
            self._factory = TeamDeskFactory(
                hub_url=address.url,
                tls_fingerprint=address.pin,
                root=self.profile.root.parent,
                clock=self.clock,
                stretch=self.stretch,
                master_key=self._known_master_key,
                profile_for=lambda _name: self.profile,
                simulator=self.simulator,
                start_from_snapshots=self.start_from_snapshots,
            )
        return self._factory

    async def _known_master_key(self, profile: Profile) -> bytes:
        if self._dmk is None:
            raise PassphraseCancelled("the profile is locked")
        return self._dmk

    def _remember(self, address: HubAddress, shared: HubAddress, *, local: bool, name: str) -> None:
        self.profile.update_config(
            hub=str(address), share_hub=str(shared), local_hub=local, name=name
        )

    async def _joined(
        self,
        joining: Joining,
        name: str,
        address: HubAddress,
        backup: BackupChoice | None,
        restoring: RestoreProgress | None = None,
    ) -> TeamDesk:
        assert self._factory is not None
        self.desk = await self._factory.open_joined(joining, name, backup, restoring)
        self._joins = [(j, n) for j, n in self._joins if j is not joining]
        self._remember(address, address, local=False, name=name)
        return self.desk


class JoinAttemptOnDesk:
    """`app.services.team_api.JoinAttempt` for a desk: the handshake, then the first sync."""

    def __init__(
        self,
        launcher: DeskLauncher,
        joining: Joining,
        name: str,
        address: HubAddress,
        backup: BackupChoice | None = None,
    ) -> None:
        self._launcher = launcher
        self._joining = joining
        self._name = name
        self._address = address
        self._backup = backup
        self._backup_not_used = False

    async def wait_sas(self) -> Sas:
        return await self._joining.wait_sas()

    async def confirm(self) -> None:
        await self._joining.confirm()

    async def cancel(self, mismatch: bool = False) -> None:
        await self._joining.cancel(mismatch)
        await self._joining.close()

    async def wait_added(self, restoring: RestoreProgress | None = None) -> None:
        desk = await self._launcher._joined(
            self._joining, self._name, self._address, self._backup, restoring
        )
        # A backup that did not check out was dropped and the desk replays from the hub.
        start = desk.snapshot
        self._backup_not_used = self._backup is not None and not (start and start.used)

    @property
    def backup_not_used(self) -> bool:
        return self._backup_not_used

    async def first_sync(self) -> AsyncIterator[SyncProgress]:
        desk = self._launcher.desk
        if desk is None:
            return
        session = desk.desk.session
        while True:
            progress = session.sync_progress()
            yield progress
            if progress.caught_up and progress.total > 0:
                return
            await desk.desk.engine.reached(progress.applied + 1, within=None)


def _opened(desk: TeamDesk) -> OpenTeamDesk:
    return OpenTeamDesk(desk.desk.session, getattr(desk, "admin", None), business_name(desk))
