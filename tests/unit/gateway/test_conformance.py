"""The gateway reads the shared conformance corpus (tests/conformance), the same envelopes and
answers the simulator is tested to produce: so the two sides agree on Meta's format without
sharing code.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.admin_notice import CATEGORY_CHANGED, NoticeTopic
from app.domain.content import ContentKind, Media, Reaction, Text, Unsupported
from app.domain.model import DeliveryStatus
from app.domain.pricing import Pricing, PricingType
from app.gateway.graph import read_send_answer
from app.gateway.outcomes import SendOutcomeKind, classify
from app.gateway.parse import number_tag, parse_webhook
from app.log.events import (
    AdminNotice,
    ContactSync,
    CustomerEdit,
    CustomerIdChanged,
    CustomerMessage,
    CustomerRevoke,
    DeliveryStatusChanged,
    PhoneEcho,
    PreferenceChanged,
)
from tests.conformance import all_sends, all_webhooks, load_send, load_webhook

NOTICE_FIELDS = (
    "account_update",
    "phone_number_",
    "message_template_",
    "template_category_update",
    "value_errors",
)
"""Envelopes that tell the admins something (`AdminNotice`), one notice per item."""


def _items(document: dict[str, Any]) -> int:
    count = 0
    for entry in document["entry"]:
        for change in entry["changes"]:
            value = change["value"]
            if change["field"] == "user_preferences":
                count += len(value.get("user_preferences", []))
                continue
            count += len(value.get("messages", [])) + len(value.get("statuses", []))
            count += len(value.get("message_echoes", [])) + len(value.get("state_sync", []))
            count += len(value.get("history", []))  # a small chunk is one record
    return count


@pytest.mark.parametrize("name", all_webhooks())
def test_every_corpus_webhook_is_read_whole(name: str) -> None:
    document = load_webhook(name)
    parsed = parse_webhook(document)
    assert parsed.problems == [], parsed.problems
    if name.startswith(NOTICE_FIELDS):
        [notice] = parsed.events
        assert isinstance(notice, AdminNotice)
        assert parsed.number_changed == name.startswith("phone_number_")
        # … and after a template's change the gateway reads the template list again
        assert parsed.templates_changed == ("template" in name)
        return
    notices = [e for e in parsed.events if isinstance(e, AdminNotice)]
    assert len(parsed.events) - len(notices) == _items(document)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("text", ContentKind.TEXT),
        ("image", ContentKind.IMAGE),
        ("video", ContentKind.VIDEO),
        ("audio", ContentKind.AUDIO),
        ("voice", ContentKind.AUDIO),
        ("document", ContentKind.DOCUMENT),
        ("sticker", ContentKind.STICKER),
        ("location", ContentKind.LOCATION),
        ("location_pin", ContentKind.LOCATION),
        ("contacts", ContentKind.CONTACTS),
        ("interactive_button_reply", ContentKind.INTERACTIVE_REPLY),
        ("interactive_list_reply", ContentKind.INTERACTIVE_REPLY),
        ("button", ContentKind.TEMPLATE_BUTTON),
        ("reaction", ContentKind.REACTION),
        ("reaction_removed", ContentKind.REACTION),
        ("order", ContentKind.ORDER),
        ("unsupported", ContentKind.UNSUPPORTED),
        ("referral", ContentKind.TEXT),
        ("text_reply", ContentKind.TEXT),
        ("text_username", ContentKind.TEXT),
    ],
)
def test_each_message_type_becomes_its_content(name: str, kind: ContentKind) -> None:
    [event] = parse_webhook(load_webhook(name)).events
    assert isinstance(event, CustomerMessage)
    assert event.content.kind is kind
    if isinstance(event.content, Media):
        assert event.content.mime_type
    if name == "voice":
        assert isinstance(event.content, Media)
        assert event.content.voice
    if name == "reaction_removed":
        assert isinstance(event.content, Reaction)
        assert event.content.emoji == ""
    if name == "unsupported":
        assert isinstance(event.content, Unsupported)
        assert event.content.error_code == 131051
    if name == "text_reply":
        assert event.context.quoted is not None
    if name == "referral":
        assert event.context.referral is not None
    if name == "text_username":
        assert event.customer_wa_id == ""
        assert isinstance(event.content, Text)


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("status_sent", DeliveryStatus.SENT),
        ("status_delivered", DeliveryStatus.DELIVERED),
        ("status_read", DeliveryStatus.READ),
        ("status_played", DeliveryStatus.PLAYED),
        ("status_failed", DeliveryStatus.FAILED),
        ("status_without_contacts", None),
        ("status_to_bsuid", None),
    ],
)
def test_statuses(name: str, status: DeliveryStatus | None) -> None:
    events = parse_webhook(load_webhook(name)).events
    assert events
    assert all(isinstance(e, DeliveryStatusChanged) for e in events)
    if status is not None:
        assert events[0].status is status  # type: ignore[union-attr]
    if status is DeliveryStatus.FAILED:
        assert events[0].error_code != 0  # type: ignore[union-attr]


_R, _FCS, _FEP = (
    PricingType.REGULAR,
    PricingType.FREE_CUSTOMER_SERVICE,
    PricingType.FREE_ENTRY_POINT,
)


@pytest.mark.parametrize(
    ("name", "pricing"),
    [
        ("status_sent", Pricing("service", _FCS, False)),
        ("status_template_marketing", Pricing("marketing", _R, True)),
        ("status_template_utility", Pricing("utility", _R, True)),
        ("status_template_authentication", Pricing("authentication", _R, True)),
        ("status_utility_in_window", Pricing("utility", _FCS, False)),
        ("status_free_entry_point", Pricing("service", _FEP, False)),
        # `billable` left out: billable exactly when the type is `regular` (§18)
        ("status_pricing_without_billable", Pricing("marketing", _R, True)),
        ("status_pricing_conversation_based", Pricing("utility", PricingType.UNKNOWN, True)),
        ("status_without_pricing", None),
        ("status_failed", None),
    ],
)
def test_statuses_carry_what_meta_charges(name: str, pricing: Pricing | None) -> None:
    [event] = parse_webhook(load_webhook(name)).events
    assert isinstance(event, DeliveryStatusChanged)
    assert event.pricing == pricing


def test_identity_and_preference_changes() -> None:
    for name in ("system_user_changed_number", "system_user_changed_user_id"):
        [event] = parse_webhook(load_webhook(name)).events
        assert isinstance(event, CustomerIdChanged)
        assert event.previous_id != event.new_id
    for name in ("user_preferences_stop", "user_preferences_resume"):
        [event] = parse_webhook(load_webhook(name)).events
        assert isinstance(event, PreferenceChanged)


@pytest.mark.parametrize("name", all_sends())
def test_every_corpus_answer_maps_to_one_outcome(name: str) -> None:
    case = load_send(name)
    body = case["response"]["body"]
    result = read_send_answer(body)
    kind = classify(result).kind
    if "error" in body:
        assert result.wamid is None
        assert result.error_code == body["error"]["code"]
        assert kind is not SendOutcomeKind.ACCEPTED
    elif "messages" in body:
        assert result.wamid == body["messages"][0]["id"]
        assert kind is SendOutcomeKind.ACCEPTED


def _notice(name: str) -> AdminNotice:
    [notice] = [e for e in parse_webhook(load_webhook(name)).events if isinstance(e, AdminNotice)]
    return notice


def test_a_rejected_template_keeps_metas_reason_and_advice() -> None:
    notice = _notice("message_template_status_update_rejected")
    assert (notice.topic, notice.event, notice.subject, notice.language) == (
        NoticeTopic.TEMPLATE_STATUS,
        "REJECTED",
        "spring_offer",
        "de",
    )
    assert notice.reason == "INCORRECT_CATEGORY"
    assert notice.detail == "Discount wording in a utility template."
    assert notice.advice == "Resubmit as MARKETING."
    assert notice.at == 1767303000
    assert notice.serious


def test_template_quality_and_category_say_what_moved() -> None:
    quality = _notice("message_template_quality_update")
    assert (quality.topic, quality.previous, quality.current) == (
        NoticeTopic.TEMPLATE_QUALITY,
        "GREEN",
        "YELLOW",
    )
    category = _notice("template_category_update")
    assert (category.event, category.previous, category.current) == (
        CATEGORY_CHANGED,
        "UTILITY",
        "MARKETING",
    )
    assert not quality.serious
    assert not category.serious


def test_a_restricted_or_flagged_number_is_serious() -> None:
    restricted = _notice("account_update_restriction")
    assert (restricted.topic, restricted.event) == (NoticeTopic.ACCOUNT, "ACCOUNT_RESTRICTION")
    assert restricted.reason == "RESTRICTED_BIZ_INITIATED_MESSAGING"
    assert restricted.until == 1767225600
    flagged = _notice("phone_number_quality_update")
    assert (flagged.topic, flagged.event, flagged.current) == (
        NoticeTopic.NUMBER_QUALITY,
        "FLAGGED",
        "TIER_UNLIMITED",
    )
    assert restricted.serious
    assert flagged.serious
    assert not _notice("account_update").serious  # verified: good news


def test_an_unreadable_interactive_reply_is_kept_with_its_error_for_the_admins() -> None:
    events = parse_webhook(load_webhook("interactive_value_error")).events
    message, notice = events
    assert isinstance(message, CustomerMessage)
    assert isinstance(message.content, Unsupported)
    assert message.context.quoted is not None  # the business message it answered
    assert isinstance(notice, AdminNotice)
    assert (notice.topic, notice.code, notice.reason, notice.detail) == (
        NoticeTopic.VALUE_ERROR,
        131000,
        "Something went wrong",
        "Unsupported webhook payload",
    )
    assert notice.at == 1767305000
    assert "4915112345678" not in repr(notice)
    assert "Lena" not in repr(notice)


TEAM_NUMBER = "770000000000001"
"""The corpus's own phone number id (`metadata.phone_number_id`)."""


def test_edits_and_deletions_name_the_message_they_change() -> None:
    [edit] = parse_webhook(load_webhook("edit"), TEAM_NUMBER).events
    assert isinstance(edit, CustomerEdit)
    assert (edit.wamid, edit.target, edit.customer_id) == (
        "wamid.SIM0020",
        "wamid.SIM0001",
        "DE.20481632641282565",
    )
    assert edit.content == Text("Is my order shipped yet?")
    [caption] = parse_webhook(load_webhook("edit_caption"), TEAM_NUMBER).events
    assert isinstance(caption, CustomerEdit)
    assert isinstance(caption.content, Media)
    assert (caption.target, caption.content.caption) == ("wamid.SIM0002", "receipt for May")
    [revoke] = parse_webhook(load_webhook("revoke"), TEAM_NUMBER).events
    assert isinstance(revoke, CustomerRevoke)
    assert (revoke.wamid, revoke.target) == ("wamid.SIM0021", "wamid.SIM0011")


def test_a_webhook_for_another_number_is_counted_and_yields_nothing() -> None:
    parsed = parse_webhook(load_webhook("other_phone_number_id"), TEAM_NUMBER)
    assert parsed.events == []
    assert parsed.problems == []
    assert parsed.foreign == {number_tag("770000000000999"): 1}
    assert "770000000000999" not in number_tag("770000000000999")


@pytest.mark.parametrize("name", sorted(set(all_webhooks()) - {"other_phone_number_id"}))
def test_the_teams_own_number_reads_every_other_corpus_webhook(name: str) -> None:
    document = load_webhook(name)
    assert parse_webhook(document, TEAM_NUMBER) == parse_webhook(document)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("echo_text", ContentKind.TEXT),
        ("echo_image", ContentKind.IMAGE),
        ("echo_document", ContentKind.DOCUMENT),
        ("echo_audio", ContentKind.AUDIO),
        ("echo_video", ContentKind.VIDEO),
        ("echo_sticker", ContentKind.STICKER),
        ("echo_location", ContentKind.LOCATION),
        ("echo_contacts", ContentKind.CONTACTS),
        ("echo_interactive", ContentKind.TEXT),
        ("echo_template", ContentKind.TEXT),
    ],
)
def test_each_echo_becomes_a_phone_echo_to_the_customer(name: str, kind: ContentKind) -> None:
    parsed = parse_webhook(load_webhook(name))
    [event] = parsed.events
    assert isinstance(event, PhoneEcho)
    assert event.content.kind is kind
    # Keyed on the customer it went to, never on `from` (the business's own number).
    assert (event.customer_id, event.customer_wa_id) == ("DE.20481632641282565", "4915112345678")
    assert event.profile_name == "Lena K"
    assert [ref.wamid for ref in parsed.media] == ([event.wamid] if kind in _MEDIA else [])
    if name == "echo_interactive":
        assert event.content == Text("Shall we deliver tomorrow?")
    if name == "echo_template":
        assert event.content == Text("[order_update] 4711 · Friday")


_MEDIA = {ContentKind.IMAGE, ContentKind.DOCUMENT, ContentKind.AUDIO, ContentKind.VIDEO}
_MEDIA |= {ContentKind.STICKER}


def test_the_phone_books_additions_and_removals() -> None:
    [added] = parse_webhook(load_webhook("contact_add")).events
    [removed] = parse_webhook(load_webhook("contact_remove")).events
    assert added == ContactSync("491510000000", "Jonas Becker", 1_767_302_000)
    assert removed == ContactSync("491520000000", "", 1_767_302_060)
    assert removed.removed
