"""Open a desk: its replica, identity, the validated chain, the sync engine and the outbox."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.aio import cancel_and_wait
from app.crypto.chain.entries import SEED_READERS
from app.crypto.chain.state import ChainState
from app.crypto.chain.unseal import display_name
from app.domain.errors import NotEnrolled
from app.domain.ids import ConversationId, DeviceId, short
from app.domain.model import HubIntegrity, HubState, LocalStoreState, Role, SyncProgress
from app.domain.releases import UNKNOWN_VERSION
from app.services.api import ChangeBus, Changes
from app.services.audit import AuditTrail
from app.services.backup import DeskBackup
from app.services.desk import DeskSession
from app.services.export import Exporter, recorder
from app.services.gateway_watch import GatewayWatch
from app.services.identity import DeskIdentity
from app.services.media import MediaAccess
from app.services.presence import PresenceService
from app.services.roster import person_key
from app.services.sending_media import MediaSender
from app.store.records import ChangeSet
from app.store.replica import Replica
from app.sync.engine import SyncEngine
from app.sync.gateway_beat import BeatCodec
from app.sync.outbox import OutboxRunner
from app.sync.presence import Ephemeral, PresenceCodec
from app.sync.protocol import Keyring, LogReader, LogWriter
from app.sync.publisher import Publisher
from app.sync.transport import ConnectionState, MediaStore, Transport

log = logging.getLogger(__name__)


@dataclass(eq=False)
class OpenDesk:
    """A running desk and what must be closed, in order, when it stops."""

    session: DeskSession
    engine: SyncEngine
    replica: Replica
    publisher: Publisher
    outbox: OutboxRunner
    outbox_task: asyncio.Task[None]
    presence: PresenceService | None = None
    """Who views or types where; None when the transport has no ephemeral channel."""
    waker_task: asyncio.Task[None] | None = None
    """Ends snoozes whose time has come (`ConversationActions.run_snooze_waker`)."""
    check_task: asyncio.Task[None] | None = None
    """Checks the replica file's integrity once, in the background (`check_replica`)."""
    gateway: GatewayWatch | None = None
    """Hears the team's gateways; None when the transport has no ephemeral channel."""
    assigner_task: asyncio.Task[None] | None = None
    """Assigns waiting conversations when auto-assignment is on (`AutoAssignment.run`)."""

    async def caught_up(self) -> None:
        """Wait, however long it takes, until the desk holds what the hub held when called."""
        await self.engine.caught_up(within=None)

    async def close(self) -> None:
        """Stop the outbox, stop following, close the replica (style.md P6 order)."""
        if self.presence is not None:
            await self.presence.close()  # colleagues hear "stopped" before the desk goes
        if self.gateway is not None:
            await self.gateway.close()
        await cancel_and_wait(
            self.outbox_task, self.waker_task, self.check_task, self.assigner_task
        )
        await self.engine.stop()
        await self.session.notices.close()
        await self.replica.close()


async def open_desk(
    replica: Replica,
    transport: Transport,
    dmk: bytes,
    clock: Callable[[], float],
    *,
    media_store: MediaStore | None = None,
    media_cache: Path | None = None,
    presence_channel: Ephemeral | None = None,
    running_version: str = UNKNOWN_VERSION,
) -> OpenDesk:
    """Build a running desk from its replica; the replica must hold an identity.

    `presence_channel` carries presence notes (usually the transport itself); without one the
    desk shows nobody else viewing or typing and announces nothing. `running_version` is the
    version this copy runs (`app.system.version`), to tell announced newer ones from older.
    """
    identity = await _identity(replica, dmk)
    reader = await _restore_reader(replica, identity)
    bus = ChangeBus()
    sink = _Sink()
    engine = SyncEngine(
        transport,
        reader,
        replica,
        sink,
        on_progress=sink.progress,
        on_integrity=sink.integrity,
        on_local_store=functools.partial(sink.local_store, source="sync"),
    )
    writer = LogWriter(identity.keys, reader)
    publisher = Publisher(transport, writer, engine, replica.event_seq, clock)
    outbox = OutboxRunner(
        replica,
        publisher,
        engine,
        keyring_subject_key(reader),
        clock,
        on_changes=sink,
        on_local_store=functools.partial(sink.local_store, source="outbox"),
    )
    presence = None
    if presence_channel is not None:
        presence = PresenceService(
            identity.keys.device_id,
            PresenceCodec(reader),
            presence_channel,
            clock,
            _PresenceChanges(bus),
        )
    gateway = None
    if presence_channel is not None:
        gateway = GatewayWatch(BeatCodec(reader), presence_channel, clock, _GatewayChanges(bus))
    names = _Names(reader)
    me = identity.keys.device_id
    media = MediaAccess(replica, media_store, media_cache)
    exporter = Exporter(replica, names.name, me, recorder(publisher), clock, media)
    backups = DeskBackup(replica, recorder(publisher))
    chain = functools.partial(_chain_of, reader)
    audit = AuditTrail(replica, chain, me, names.name, exporter, backups)
    session = DeskSession(
        me=identity.keys.device_id,
        names=names.name,
        agents=names.agents,
        replica=replica,
        engine=engine,
        publisher=publisher,
        outbox=outbox,
        bus=bus,
        clock=clock,
        media=media,
        sender=MediaSender(media_store, media_cache),
        presence=presence,
        gateway=gateway,
        audit=audit,
        role=names.my_role,
        my_devices=names.my_devices,
        running_version=running_version,
    )
    sink.target = session.on_applied
    sink.progress_target = session.on_progress
    sink.integrity_target = session.on_integrity
    sink.local_store_target = session.on_local_store
    sink.writes_again = outbox.wake  # it may be backing off for a minute on the same disk
    # Catching up runs in the background with no time limit: the window opens at once and
    # shows `session.sync_progress()`; what has arrived is usable while the rest syncs.
    await engine.start()
    session.notices.started(engine.progress)  # what the hub holds by now is history
    task = asyncio.create_task(outbox.run(), name=f"outbox-{short(identity.keys.device_id)}")
    if presence is not None:
        await presence.start()
    if gateway is not None:
        await gateway.start()
    waker = asyncio.create_task(
        session.actions.run_snooze_waker(), name=f"snoozes-{short(identity.keys.device_id)}"
    )
    check = asyncio.create_task(
        check_replica(replica, session.on_local_store),
        name=f"replica-check-{short(identity.keys.device_id)}",
    )
    assigner = asyncio.create_task(
        session.assignment.run(), name=f"assigner-{short(identity.keys.device_id)}"
    )
    return OpenDesk(
        session,
        engine,
        replica,
        publisher,
        outbox,
        task,
        presence,
        waker,
        check,
        gateway,
        assigner_task=assigner,
    )


async def check_replica(
    replica: Replica, on_local_store: Callable[[LocalStoreState], None]
) -> None:
    """Check the replica file once after opening (a byte flipped on disk is otherwise found
    only when something reads its page), and say DAMAGED if it fails."""
    try:
        problems = await replica.integrity_problems()
    except Exception as err:  # a check that cannot run (a full disk, say) is not damage
        log.warning("replica integrity check could not run (%s)", type(err).__name__)
        return
    if problems:
        log.error(
            "replica failed its integrity check (%d findings): %s", len(problems), problems[0]
        )
        on_local_store(LocalStoreState.DAMAGED)
    else:
        log.info("replica integrity check: ok")


async def _identity(replica: Replica, dmk: bytes) -> DeskIdentity:
    blob = await replica.load_identity()
    if blob is None:
        raise NotEnrolled("this replica has no device identity")
    return DeskIdentity.open(blob, dmk)


async def _restore_reader(replica: Replica, identity: DeskIdentity) -> LogReader:
    chain = ChainState.genesis(identity.team_id, identity.fingerprint)
    keyring = Keyring(identity.team_id)
    for n, seed in sorted((await replica.seeds()).items()):
        keyring.add_seed(n, seed)
    keyring.sender.restore(await replica.sender_keys())
    reader = LogReader(identity.keys, chain, keyring, await replica.author_heads())
    reader.replay_chain(await replica.chain_links())
    return reader


def _chain_of(reader: LogReader) -> ChainState:
    """The chain as the reader validated it so far (the sync thread moves it on)."""
    return reader.chain


def keyring_subject_key(reader: LogReader) -> Callable[[], bytes]:
    """The team's subject key, read when needed (a new desk learns it from its seed box)."""
    return reader.keyring.require_subject_key


class _PresenceChanges:
    """Presence changes as change sets on the desk's bus."""

    def __init__(self, bus: ChangeBus) -> None:
        self._bus = bus

    def __call__(self, conversations: frozenset[ConversationId]) -> None:
        self._bus.publish(Changes(presence=conversations))


class _GatewayChanges:
    """Gateway changes as change sets on the desk's bus."""

    def __init__(self, bus: ChangeBus) -> None:
        self._bus = bus

    def __call__(self) -> None:
        self._bus.publish(Changes(gateway_changed=True))


class _Sink:
    """Lets the engine exist before the session it reports to."""

    target: Callable[[ChangeSet], None] | None = None
    progress_target: Callable[[SyncProgress], None] | None = None
    integrity_target: Callable[[HubIntegrity], None] | None = None
    local_store_target: Callable[[LocalStoreState, str], None] | None = None
    writes_again: Callable[[], None] | None = None
    """Told when the sync finds the replica taking writes again after a pause."""

    def __call__(self, changes: ChangeSet) -> None:
        if self.target is not None:
            self.target(changes)

    def progress(self, progress: SyncProgress) -> None:
        if self.progress_target is not None:
            self.progress_target(progress)

    def integrity(self, integrity: HubIntegrity) -> None:
        if self.integrity_target is not None:
            self.integrity_target(integrity)

    def local_store(self, state: LocalStoreState, source: str) -> None:
        if self.local_store_target is not None:
            self.local_store_target(state, source)
        if state is LocalStoreState.OK and source == "sync" and self.writes_again is not None:
            self.writes_again()


class _Names:
    """Display names from the validated chain, opened once and cached."""

    def __init__(self, reader: LogReader) -> None:
        self._reader = reader
        self._cache: dict[DeviceId, str] = {}

    def name(self, device: DeviceId) -> str:
        if device in self._cache:
            return self._cache[device]
        entry = self._reader.chain.devices.get(device)
        secrets = self._reader.keyring.epochs.get(entry.name.epoch) if entry else None
        if entry is None or secrets is None:
            return short(device)
        name = display_name(entry, secrets)
        self._cache[device] = name
        return name

    def my_role(self) -> Role | None:
        """This device's role while it is on the team; None once removed."""
        entry = self._reader.chain.devices.get(self._reader.my_id)
        return entry.role if entry is not None and entry.active else None

    def my_devices(self) -> list[DeviceId]:
        """The devices of this desk's person: enrolled under the same name (`person_key`),
        as the team panel groups them; removed ones too, so what they wrote stays listed."""
        me = self._reader.my_id
        mine = person_key(self.name(me))
        devices = self._reader.chain.devices.values()
        found = [e.device_id for e in devices if person_key(self.name(e.device_id)) == mine]
        return [me, *(d for d in found if d != me)]

    def agents(self) -> list[tuple[DeviceId, str]]:
        """The team's active agent devices (admins and members) with their names, by name."""
        devices = self._reader.chain.active_devices()
        found = [(e.device_id, self.name(e.device_id)) for e in devices if e.role in SEED_READERS]
        return sorted(found, key=lambda pair: pair[1].casefold())


_HUB_STATE = {
    ConnectionState.CONNECTING: HubState.CONNECTING,
    ConnectionState.CONNECTED: HubState.ONLINE,
    ConnectionState.NOT_RESPONDING: HubState.NOT_RESPONDING,
    ConnectionState.CANNOT_STORE: HubState.CANNOT_STORE,
    ConnectionState.DISCONNECTED: HubState.OFFLINE,
    ConnectionState.CLOSED: HubState.OFFLINE,
}


class HubStateRelay:
    """The transport's connection callback, forwarded to a desk once the desk exists.

    The transport must exist before the desk (the desk is built on it), so the desk subscribes
    later; the latest state is replayed when it does.
    """

    def __init__(self) -> None:
        self._target: Callable[[HubState], None] | None = None
        self._last = HubState.CONNECTING

    def __call__(self, state: ConnectionState) -> None:
        self._last = _HUB_STATE[state]
        if self._target is not None:
            self._target(self._last)

    def attach(self, target: Callable[[HubState], None]) -> None:
        self._target = target
        target(self._last)
