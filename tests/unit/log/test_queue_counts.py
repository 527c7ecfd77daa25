"""The tab counts the fold keeps equal a recount, whatever happens in whatever batches."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.handling import ConversationState, HandoverAction
from app.log.events import Handover, StateChange
from app.store.records import AppliedRecord
from app.store.replica import Replica
from tests.unit.log.helpers import counts, recounted
from tests.unit.store.builders import ANNA, BORIS, KEY, LogBuilder, conversation_of

CUSTOMERS = ("CC.alice", "CC.bob", "CC.cleo")
AGENTS = (ANNA, BORIS)

steps = st.lists(
    st.tuples(
        st.sampled_from(("message", "claim", "state", "assign", "release", "take")),
        st.sampled_from(CUSTOMERS),
        st.sampled_from(AGENTS),
        st.sampled_from(list(ConversationState)),
    ),
    min_size=1,
    max_size=30,
)


def build(
    log: LogBuilder, plan: list[tuple[str, str, bytes, ConversationState]]
) -> list[AppliedRecord]:
    records = []
    for step, customer, agent, state in plan:
        cid = conversation_of(customer)
        if step == "message":
            records.append(log.customer("hello", customer=customer, at=1_000 + log.seq))
        elif step == "claim":
            records.append(log.claim(customer, agent))  # type: ignore[arg-type]
        elif step == "state":
            until = 9_000 if state == ConversationState.SNOOZED else 0
            records.append(log.member(StateChange(cid, state, until), customer, agent))  # type: ignore[arg-type]
        else:
            action = {
                "assign": HandoverAction.ASSIGN,
                "release": HandoverAction.RELEASE,
                "take": HandoverAction.TAKE_OVER,
            }[step]
            target = agent if action == HandoverAction.ASSIGN else None
            event = Handover(cid, action, target)  # type: ignore[arg-type]
            records.append(log.member(event, customer, agent))  # type: ignore[arg-type]
    return records


@pytest.mark.asyncio
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=steps, batch=st.integers(min_value=1, max_value=7))
async def test_kept_counts_equal_a_recount(
    tmp_path_factory: pytest.TempPathFactory, plan, batch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("counts") / "replica.db"
    replica = await Replica.open(path, KEY)
    try:
        records = build(LogBuilder(), plan)
        for start in range(0, len(records), batch):
            chunk = records[start : start + batch]
            await replica.apply_batch(chunk, chunk[-1].seq)
        for me in AGENTS:
            assert await counts(replica, me) == await recounted(replica, me)
    finally:
        await replica.close()
