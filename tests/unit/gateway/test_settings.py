"""The number's settings reach the gateway only from an active admin, once, newest first; Graph
refusing them keeps the previous ones; the desks hear about it (team-setup.md §5)."""

from __future__ import annotations

import asyncio
import stat
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
import pytest_asyncio

from app.crypto import envelope as env
from app.crypto.chain import ChainState, RemoveReason, remove_devices
from app.crypto.chain.local import enroll_locally
from app.crypto.header import EventType, HeaderFields
from app.crypto.keys import DeviceKeys
from app.domain.business_hours import BusinessHours
from app.domain.content import Text
from app.domain.errors import EnvelopeRejected
from app.domain.ids import NO_CONVERSATION, CustomerId, EventId
from app.domain.labels import LabelId
from app.domain.menu import Menu, MenuOption
from app.domain.model import Role
from app.domain.template_draft import TemplateDraft
from app.gateway.connection import ConnectionReporter
from app.gateway.graph import GraphConfig
from app.gateway.number import GraphProblem, ProblemKind
from app.gateway.sealing import (
    GatewayLog,
    OpenedBusinessHours,
    OpenedMenu,
    OpenedRequest,
    OpenedSettings,
    OpenedTemplateRequest,
)
from app.gateway.settings import SettingsKeeper, graph_config
from app.gateway.state import FILE_NAME, GatewayState
from app.log.events import (
    GatewaySettings,
    GatewayStatus,
    NumberStatus,
    OutboundRequest,
    SettingsState,
    WebhookHandshake,
)
from app.log.kinds.business_hours import BusinessHoursSet
from app.log.kinds.menu import MenuSet
from app.sync import codec
from tests.unit.crypto.helpers import GATEWAY, MEMBER, OTHER_ADMIN, ROOT, build_team, event_id

SETTINGS = GatewaySettings(
    phone_number_id="770000000000001",
    business_account_id="880000000000001",
    access_token="canary-access-token",
    app_secret="canary-app-secret",
    verify_token="verify-1",
    graph_url="http://127.0.0.1:9",
    webhook_url="",
    simulated=True,
)


@dataclass
class Chain:
    """A team with two admins (root, other), a member and the gateway."""

    state: ChainState
    seed: bytes
    seqs: dict[bytes, int] = field(default_factory=dict)

    def seal(self, author: DeviceKeys, event: object, label: str, at: int = 1000) -> bytes:
        seq = self.seqs.get(author.device_id, 0) + 1
        self.seqs[author.device_id] = seq
        fields = HeaderFields(
            team_id=self.state.team_id,
            epoch=self.state.epoch,
            event_id=event_id(label),
            author_seq=seq,
            author_prev=bytes(32),
            chain_seqno=self.state.head_seqno,
            chain_head_hash=self.state.head_hash,
        )
        return env.seal_to_public(
            event_type=EventType.OUTBOUND,
            fields=fields,
            recipient_public=GATEWAY.public().kem,
            plaintext=codec.encode(event, NO_CONVERSATION, at),  # type: ignore[arg-type]
            signer=author,
        )


@pytest.fixture
def chain() -> Chain:
    team = build_team()
    state = team.state
    for link in enroll_locally(
        state,
        ROOT,
        joiner=OTHER_ADMIN,
        role=Role.ADMIN,
        seed=team.seed,
        display_name="Other",
        created_at=1003,
    ):
        state = state.apply(link)
    return Chain(state, team.seed)


def gateway_log(chain: Chain) -> GatewayLog:
    return GatewayLog(GATEWAY, chain.state)


# -- who may send settings ---------------------------------------------------------------------


def test_an_admins_settings_open_with_the_admins_clock(chain: Chain) -> None:
    data = chain.seal(OTHER_ADMIN, SETTINGS, "s1", at=1234)
    opened = gateway_log(chain).open_outbound(data)
    assert isinstance(opened, OpenedSettings)
    assert opened.settings == SETTINGS
    assert (opened.author, opened.event_id, opened.issued_at) == (
        OTHER_ADMIN.device_id,
        event_id("s1"),
        1234,
    )


def test_a_members_settings_are_refused(chain: Chain) -> None:
    data = chain.seal(MEMBER, SETTINGS, "s1")
    with pytest.raises(EnvelopeRejected, match="settings-author"):
        gateway_log(chain).open_outbound(data)


def test_only_an_admins_template_request_opens(chain: Chain) -> None:
    draft = TemplateDraft("parcel_ready", "en_US", "UTILITY", "Your parcel is ready.")
    opened = gateway_log(chain).open_outbound(chain.seal(OTHER_ADMIN, draft, "t1"))
    assert isinstance(opened, OpenedTemplateRequest)
    assert (opened.draft, opened.event_id) == (draft, event_id("t1"))
    with pytest.raises(EnvelopeRejected, match="template-author"):
        gateway_log(chain).open_outbound(chain.seal(MEMBER, draft, "t2"))


def test_only_an_admins_business_hours_open(chain: Chain) -> None:
    hours = BusinessHoursSet(BusinessHours("UTC", (None,) * 7, away_on=True, away="Closed"), 9)
    opened = gateway_log(chain).open_outbound(chain.seal(OTHER_ADMIN, hours, "h1"))
    assert isinstance(opened, OpenedBusinessHours)
    assert (opened.hours, opened.event_id) == (hours, event_id("h1"))
    with pytest.raises(EnvelopeRejected, match="hours-author"):
        gateway_log(chain).open_outbound(chain.seal(MEMBER, hours, "h2"))


def test_only_an_admins_menu_opens(chain: Chain) -> None:
    menu = MenuSet(Menu(True, "Hi", "Go", (MenuOption("Returns", LabelId(b"r" * 16)),)), 9)
    opened = gateway_log(chain).open_outbound(chain.seal(OTHER_ADMIN, menu, "m1"))
    assert isinstance(opened, OpenedMenu)
    assert (opened.menu, opened.event_id) == (menu, event_id("m1"))
    with pytest.raises(EnvelopeRejected, match="menu-author"):
        gateway_log(chain).open_outbound(chain.seal(MEMBER, menu, "m2"))


def test_a_removed_admins_settings_are_refused_also_when_sent_before(chain: Chain) -> None:
    data = chain.seal(OTHER_ADMIN, SETTINGS, "s1")
    link, _ = remove_devices(
        chain.state,
        ROOT,
        removed={OTHER_ADMIN.device_id},
        reason=RemoveReason.DEVICE,
        seed=chain.seed,
        created_at=1010,
    )
    after = GatewayLog(GATEWAY, chain.state)
    after.apply_link(link)
    with pytest.raises(EnvelopeRejected, match="requester"):
        after.open_outbound(data)


def test_replies_still_open_and_open_request_refuses_settings(chain: Chain) -> None:
    request = OutboundRequest(EventId(b"r" * 16), CustomerId("DE.1"), "", Text("Hi"))
    opened = gateway_log(chain).open_outbound(chain.seal(MEMBER, request, "r1"))
    assert isinstance(opened, OpenedRequest)
    assert opened.request == request
    with pytest.raises(EnvelopeRejected, match="kind"):
        gateway_log(chain).open_request(chain.seal(ROOT, SETTINGS, "s1"))


def test_settings_sealed_to_another_key_do_not_open(chain: Chain) -> None:
    data = chain.seal(ROOT, SETTINGS, "s1")
    with pytest.raises(EnvelopeRejected):
        GatewayLog(MEMBER, chain.state).open_outbound(data)


def test_the_simulator_may_serve_media_but_meta_settings_keep_metas_origins() -> None:
    assert graph_config(SETTINGS).media_origins == (SETTINGS.graph_url,)
    real = replace(SETTINGS, simulated=False, graph_url="https://graph.facebook.com")
    assert graph_config(real).media_origins == GraphConfig("", "", "").media_origins


# -- keeping and applying them -------------------------------------------------------------------


@dataclass
class Harness:
    state: GatewayState
    keeper: SettingsKeeper
    reporter: ConnectionReporter
    applied: list[GatewaySettings]
    answers: list[NumberStatus | GraphProblem]
    stats: dict[str, int]


NUMBER = NumberStatus("+49 30 555000", "Acme", "APPROVED", "GREEN", False, "STANDARD", "", 1)


@pytest_asyncio.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    state = GatewayState(tmp_path / "state")
    await state.open(b"t" * 16, GATEWAY.device_id)
    applied: list[GatewaySettings] = []
    answers: list[NumberStatus | GraphProblem] = []

    async def check(graph: GraphConfig) -> NumberStatus | GraphProblem:
        return answers.pop(0) if answers else NUMBER

    def apply(settings: GatewaySettings) -> str:
        applied.append(settings)
        return settings.webhook_url or "http://gw.local/webhook"

    async def report(status: GatewayStatus) -> None:
        return None

    reporter = ConnectionReporter(report, time.time)
    stats: dict[str, int] = {}
    keeper = SettingsKeeper(state, check, apply, reporter, stats)
    try:
        yield Harness(state, keeper, reporter, applied, answers, stats)
    finally:
        await state.close()


def opened(label: str, at: int, settings: GatewaySettings = SETTINGS) -> OpenedSettings:
    return OpenedSettings(settings, ROOT.device_id, event_id(label), at)


@pytest.mark.asyncio
async def test_settings_are_applied_kept_privately_and_reported(
    harness: Harness, tmp_path: Path
) -> None:
    await harness.keeper.on_settings(opened("s1", 1000))
    assert harness.applied == [SETTINGS]
    state = harness.reporter.state
    assert (state.settings, state.settings_id, state.webhook_url, state.simulated) == (
        SettingsState.APPLIED,
        event_id("s1"),
        "http://gw.local/webhook",
        True,
    )
    path = tmp_path / "state" / FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = await harness.state.settings()
    assert stored is not None
    assert stored.event_id == event_id("s1")


@pytest.mark.asyncio
async def test_a_replayed_or_older_request_changes_nothing(harness: Harness) -> None:
    await harness.keeper.on_settings(opened("s2", 2000))
    await harness.keeper.on_settings(opened("s2", 2000))  # the replay of `.out` at start
    older = replace(SETTINGS, access_token="old-token")
    await harness.keeper.on_settings(opened("s1", 1000, older))  # delivered late
    assert harness.applied == [SETTINGS]
    assert harness.keeper.current == SETTINGS


@pytest.mark.asyncio
async def test_graph_refusing_the_token_rejects_and_keeps_the_previous(harness: Harness) -> None:
    await harness.keeper.on_settings(opened("s1", 1000))
    harness.answers.append(GraphProblem(ProblemKind.TOKEN_INVALID, 190))
    bad = replace(SETTINGS, access_token="expired-token")
    await harness.keeper.on_settings(opened("s2", 2000, bad))
    assert harness.applied == [SETTINGS]
    state = harness.reporter.state
    assert (state.settings, state.settings_id, state.problem, state.error_code) == (
        SettingsState.REJECTED,
        event_id("s2"),
        "token_invalid",
        190,
    )
    assert await harness.state.settings_seen(event_id("s2"))
    stored = await harness.state.settings()
    assert stored is not None
    assert stored.event_id == event_id("s1")
    assert harness.stats["settings_rejected"] == 1


@pytest.mark.asyncio
async def test_meta_unreachable_does_not_reject(harness: Harness) -> None:
    harness.answers.append(GraphProblem(ProblemKind.NETWORK))
    await harness.keeper.on_settings(opened("s1", 1000))
    assert harness.applied == [SETTINGS]


@pytest.mark.asyncio
async def test_kept_settings_come_back_after_a_restart(harness: Harness, tmp_path: Path) -> None:
    await harness.keeper.on_settings(opened("s1", 1000))
    await harness.state.close()
    await harness.state.open(b"t" * 16, GATEWAY.device_id)
    applied: list[GatewaySettings] = []
    keeper = SettingsKeeper(
        harness.state,
        lambda graph: asyncio.sleep(0, NUMBER),
        lambda s: applied.append(s) or "",  # type: ignore[func-returns-value]
        harness.reporter,
        {},
    )
    assert await keeper.resume() == SETTINGS
    assert applied == [SETTINGS]


@pytest.mark.asyncio
async def test_a_new_verify_token_waits_for_metas_handshake_again(harness: Harness) -> None:
    await harness.keeper.on_settings(opened("s1", 1000))
    harness.reporter.handshake(True)
    same_token = replace(SETTINGS, access_token="rotated")
    await harness.keeper.on_settings(opened("s2", 2000, same_token))
    assert harness.reporter.state.handshake is WebhookHandshake.SUCCEEDED
    await harness.keeper.on_settings(opened("s3", 3000, replace(SETTINGS, verify_token="v2")))
    after = harness.reporter.state
    assert after.handshake is WebhookHandshake.WAITING


# -- reporting -------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_reports_are_immediate_for_news_and_rate_limited_for_webhooks() -> None:
    sent: list[GatewayStatus] = []
    arrived = asyncio.Event()

    async def report(status: GatewayStatus) -> None:
        sent.append(status)
        arrived.set()

    reporter = ConnectionReporter(report, time.time, "https://gw.example/webhook", interval=0.5)
    task = asyncio.create_task(reporter.run())
    try:
        reporter.handshake(True)
        await asyncio.wait_for(arrived.wait(), 5)
        arrived.clear()
        assert sent[-1].handshake is WebhookHandshake.SUCCEEDED
        reporter.webhook()  # the first webhook: at once
        await asyncio.wait_for(arrived.wait(), 5)
        arrived.clear()
        assert sent[-1].last_webhook_at > 0
        started = time.monotonic()
        reporter.webhook()
        reporter.webhook()
        await asyncio.wait_for(arrived.wait(), 5)
        assert time.monotonic() - started >= 0.3  # waited for the interval
        assert len(sent) == 3  # the two webhooks made one report
        reporter.handshake(False)  # a wrong token after a success is not news
        await asyncio.sleep(0.05)
        assert len(sent) == 3
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
