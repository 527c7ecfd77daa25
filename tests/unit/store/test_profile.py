"""The customer panel's query on a real SQCipher replica: earlier conversations cut at the
RESOLVED lines, first contact, totals, opt-out and the undeliverable streak."""

from __future__ import annotations

import pytest

from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import DeviceId
from app.domain.model import DeliveryStatus
from app.domain.profile import EARLIER_LIMIT
from app.log.events import Handover, Preference, StateChange
from app.store.records import AppliedRecord
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of

pytestmark = pytest.mark.asyncio

ALICE = "CC.alice"
CID = conversation_of(ALICE)


async def _apply(replica: Replica, *records: AppliedRecord) -> None:
    await replica.apply_batch(list(records), cursor=records[-1].seq)


def _resolve(log: LogBuilder, author: DeviceId, at: int) -> AppliedRecord:
    return log.member(StateChange(CID, ConversationState.RESOLVED), ALICE, author, author_time=at)


async def test_earlier_conversations_end_at_each_resolve(replica: Replica, log: LogBuilder) -> None:
    await _apply(
        replica,
        log.customer("My parcel is late", at=1_000),
        log.claim(ALICE, ANNA),
        log.reply(ALICE, "Sorry, looking into it", ANNA, author_time=1_100),
        _resolve(log, ANNA, 1_200),
        log.customer("Another question: invoices?", at=5_000),
        log.member(Handover(CID, HandoverAction.ASSIGN, BORIS), ALICE, ANNA),
        log.reply(ALICE, "Invoice attached", BORIS, author_time=5_100),
        log.reply(ALICE, "Anything else?", BORIS, author_time=5_150),
        _resolve(log, BORIS, 5_200),
        log.customer("Hello again", at=9_000),
    )

    profile = await replica.customer_profile(CID)

    assert profile is not None
    assert profile.first_contact_at == 1_000
    assert profile.total_messages == 6
    assert profile.customer_name == "Alice"
    assert profile.wa_id == "4915112345678"
    assert not profile.more_earlier
    newest, oldest = profile.earlier
    assert (newest.first_words, newest.message_count) == ("Another question: invoices?", 3)
    assert (newest.started_at, newest.resolved_at, newest.resolved_by) == (5_000, 5_200, BORIS)
    assert (oldest.first_words, oldest.message_count) == ("My parcel is late", 2)
    assert (oldest.started_at, oldest.resolved_at, oldest.resolved_by) == (1_000, 1_200, ANNA)
    assert newest.resolved_position > oldest.resolved_position
    # Each episode points at its first message, so the thread can scroll there.
    first_page = await replica.messages_page(CID, None, 50)
    by_position = {m.position: m for m in first_page}
    assert by_position[oldest.first_position].event_id == oldest.first_event_id
    assert by_position[oldest.first_position].text == "My parcel is late"
    assert by_position[newest.first_position].text == "Another question: invoices?"


async def test_a_thread_never_resolved_has_no_earlier_conversations(
    replica: Replica, log: LogBuilder
) -> None:
    await _apply(replica, log.customer("Hi", at=700), log.customer("Anyone?", at=800))
    profile = await replica.customer_profile(CID)
    assert profile is not None
    assert profile.earlier == ()
    assert (profile.first_contact_at, profile.total_messages) == (700, 2)


async def test_other_state_changes_do_not_end_a_conversation(
    replica: Replica, log: LogBuilder
) -> None:
    await _apply(
        replica,
        log.customer("Hi", at=700),
        log.member(StateChange(CID, ConversationState.PENDING), ALICE, ANNA),
        log.member(StateChange(CID, ConversationState.SNOOZED, 99_999), ALICE, ANNA),
        log.customer("Still there?", at=800),
        _resolve(log, ANNA, 900),
    )
    profile = await replica.customer_profile(CID)
    assert profile is not None
    (only,) = profile.earlier
    assert (only.message_count, only.first_words, only.started_at) == (2, "Hi", 700)


async def test_only_the_newest_earlier_conversations_are_listed(
    replica: Replica, log: LogBuilder
) -> None:
    records = []
    for n in range(EARLIER_LIMIT + 2):
        records.append(log.customer(f"question {n}", at=1_000 + 10 * n))
        records.append(_resolve(log, ANNA, 1_005 + 10 * n))
    await _apply(replica, *records)

    profile = await replica.customer_profile(CID)

    assert profile is not None
    assert profile.more_earlier
    assert len(profile.earlier) == EARLIER_LIMIT
    assert profile.earlier[0].first_words == f"question {EARLIER_LIMIT + 1}"
    # The oldest listed still begins right after the resolve before it.
    assert profile.earlier[-1].first_words == "question 2"
    assert profile.earlier[-1].message_count == 1
    # The rest come a page at a time, from the oldest listed one back.
    rest = await replica.earlier_conversations(CID, profile.earlier[-1].resolved_position, 5)
    assert [e.first_words for e in rest] == ["question 1", "question 0"]


async def test_undeliverable_replies_since_the_customer_last_wrote(
    replica: Replica, log: LogBuilder
) -> None:
    records = [log.customer("Hi", at=700), log.claim(ALICE, ANNA)]
    for text in ("one", "two"):
        reply = log.reply(ALICE, text, ANNA)
        records += [reply, log.outcome(reply.event_id, error_code=131026)]
    await _apply(replica, *records)
    profile = await replica.customer_profile(CID)
    assert profile is not None
    assert profile.undeliverable == 2
    assert profile.may_have_blocked

    await _apply(replica, log.customer("I'm back", at=900))
    profile = await replica.customer_profile(CID)
    assert profile is not None
    assert not profile.may_have_blocked


async def test_a_delivered_reply_clears_the_suspicion(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("Hi", at=700)]
    delivered = log.reply(ALICE, "one", ANNA)
    records += [delivered, log.outcome(delivered.event_id, "wamid.OUT1")]
    records.append(log.status("wamid.OUT1", DeliveryStatus.DELIVERED))
    failed = log.reply(ALICE, "two", ANNA)
    records += [failed, log.outcome(failed.event_id, error_code=131026)]
    await _apply(replica, *records)
    profile = await replica.customer_profile(CID)
    assert profile is not None
    assert profile.undeliverable == 1  # the newest failed; the one before it was delivered

    later = log.reply(ALICE, "three", ANNA)
    await _apply(
        replica,
        later,
        log.outcome(later.event_id, "wamid.OUT3"),
        log.status("wamid.OUT3", DeliveryStatus.READ),
    )
    profile = await replica.customer_profile(CID)
    assert profile is not None
    assert profile.undeliverable == 0


async def test_opt_out_and_a_customer_known_only_by_username(
    replica: Replica, log: LogBuilder
) -> None:
    bsuid = "DE.13491208655302741918"
    await _apply(
        replica,
        log.customer("Hi", customer=bsuid, name="", wa_id="", at=700),
        log.preference(bsuid, Preference.STOP),
    )
    profile = await replica.customer_profile(conversation_of(bsuid))
    assert profile is not None
    assert (profile.customer_name, profile.wa_id, profile.customer_id) == ("", "", bsuid)
    assert profile.marketing_opt_out


async def test_unknown_conversation(replica: Replica) -> None:
    assert await replica.customer_profile(CID) is None
