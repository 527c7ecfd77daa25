"""The number's settings and the gateway's connection report round-trip exactly; the parser
refuses every other encoding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.domain.ids import NO_CONVERSATION, EventId
from app.log.events import (
    EventKind,
    GatewaySettings,
    GatewayStatus,
    SettingsState,
    WebhookHandshake,
)
from app.log.kinds.gateway_settings import MAX_FIELD, MAX_SECRET, read_settings, write_settings
from app.log.kinds.gateway_status import read_status, write_status
from app.sync import codec

SETTINGS = GatewaySettings(
    phone_number_id="770000000000001",
    business_account_id="880000000000001",
    access_token="EAAG-canary-token",
    app_secret="canary-app-secret",
    verify_token="vt-ü-123",
    graph_url="https://graph.facebook.com",
    webhook_url="https://gw.example.com/webhook",
    simulated=False,
)
STATUS = GatewayStatus(
    webhook_url="https://gw.example.com/webhook",
    handshake=WebhookHandshake.SUCCEEDED,
    handshake_at=1767225600,
    last_webhook_at=1767225660,
    settings=SettingsState.REJECTED,
    settings_id=EventId(b"s" * 16),
    problem="token_invalid",
    error_code=190,
    simulated=True,
    at=1767225700,
)


@pytest.mark.parametrize("event", [SETTINGS, STATUS], ids=lambda e: type(e).__name__)
def test_round_trip_through_the_plaintext(event: GatewaySettings | GatewayStatus) -> None:
    data = codec.encode(event, NO_CONVERSATION, 42)
    plain = codec.decode(data)
    assert plain.event == event
    assert plain.author_time == 42
    assert codec.encode(plain.event, NO_CONVERSATION, 42) == data


def test_kinds_are_wire_values() -> None:
    assert SETTINGS.kind == EventKind.GATEWAY_SETTINGS == 21
    assert STATUS.kind == EventKind.GATEWAY_STATUS == 8


def test_secrets_stay_out_of_repr() -> None:
    shown = repr(SETTINGS)
    for secret in (SETTINGS.access_token, SETTINGS.app_secret, SETTINGS.verify_token):
        assert secret not in shown
    assert SETTINGS.phone_number_id in shown


def _status_bytes(status: GatewayStatus) -> bytes:
    w = Writer()
    write_status(w, status)
    return w.getvalue()


def _settings_bytes(value: GatewaySettings) -> bytes:
    w = Writer()
    write_settings(w, value)
    return w.getvalue()


def test_a_flag_other_than_0_or_1_is_refused() -> None:
    data = bytearray(_settings_bytes(SETTINGS))
    data[-1] = 2
    with pytest.raises(DecodeError):
        read_settings(Reader(bytes(data)))
    data = bytearray(_status_bytes(STATUS))
    data[-9] = 2  # `simulated`, before the u64 `at`
    with pytest.raises(DecodeError):
        read_status(Reader(bytes(data)))


def test_an_unknown_handshake_or_settings_state_is_refused() -> None:
    raw = _status_bytes(STATUS)
    offset = 4 + len(STATUS.webhook_url.encode())  # the handshake byte follows the URL
    for bad in (0, 4, 255):
        data = bytearray(raw)
        data[offset] = bad
        with pytest.raises(DecodeError):
            read_status(Reader(bytes(data)))
    settings_offset = offset + 1 + 8 + 8
    data = bytearray(raw)
    data[settings_offset] = 9
    with pytest.raises(DecodeError):
        read_status(Reader(bytes(data)))


def test_lengths_are_capped() -> None:
    too_long = GatewaySettings(**{**_fields(SETTINGS), "verify_token": "v" * (MAX_FIELD + 1)})
    with pytest.raises(DecodeError):
        read_settings(Reader(_settings_bytes(too_long)))
    token = GatewaySettings(**{**_fields(SETTINGS), "access_token": "t" * (MAX_SECRET + 1)})
    with pytest.raises(DecodeError):
        read_settings(Reader(_settings_bytes(token)))


def test_truncated_and_trailing_bytes_are_refused() -> None:
    data = codec.encode(STATUS, NO_CONVERSATION, 1)
    with pytest.raises(DecodeError):
        codec.decode(data[:-1])
    with pytest.raises(DecodeError):
        codec.decode(data + b"\0")


def _fields(value: GatewaySettings) -> dict[str, object]:
    return {name: getattr(value, name) for name in GatewaySettings.__dataclass_fields__}


_text = st.text(max_size=40)


@settings(max_examples=60, deadline=None)
@given(
    st.builds(
        GatewayStatus,
        webhook_url=_text,
        handshake=st.sampled_from(WebhookHandshake),
        handshake_at=st.integers(0, 2**64 - 1),
        last_webhook_at=st.integers(0, 2**64 - 1),
        settings=st.sampled_from(SettingsState),
        settings_id=st.binary(min_size=16, max_size=16).map(EventId),
        problem=_text,
        error_code=st.integers(0, 2**32 - 1),
        simulated=st.booleans(),
        at=st.integers(0, 2**64 - 1),
    )
)
def test_any_status_round_trips(status: GatewayStatus) -> None:
    assert codec.decode(codec.encode(status, NO_CONVERSATION, 0)).event == status


@settings(max_examples=60, deadline=None)
@given(
    st.builds(
        GatewaySettings,
        phone_number_id=_text,
        business_account_id=_text,
        access_token=_text,
        app_secret=_text,
        verify_token=_text,
        graph_url=_text,
        webhook_url=_text,
        simulated=st.booleans(),
    )
)
def test_any_settings_round_trip(value: GatewaySettings) -> None:
    assert codec.decode(codec.encode(value, NO_CONVERSATION, 0)).event == value
