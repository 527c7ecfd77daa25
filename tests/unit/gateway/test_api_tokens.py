"""The gateway's token book: admins' grants and revocations, kept across restarts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.crypto.api_token import new_token, token_hash
from app.crypto.header import EventType
from app.gateway.api_tokens import System, TokenBook
from app.gateway.notify_store import NotifyStore
from app.log.events import ApiToken
from app.log.registry import spec_for
from app.sync import codec
from tests.unit.store.builders import conversation_of

TOKEN_ID = b"T" * 16


def grant(secret: str, *, token_id: bytes = TOKEN_ID, name: str = "Shop ERP") -> ApiToken:
    return ApiToken(token_id, name, token_hash(secret), False, 1_000)


def revocation(token_id: bytes = TOKEN_ID) -> ApiToken:
    return ApiToken(token_id, "Shop ERP", bytes(32), True, 2_000)


def test_a_grant_crosses_the_wire_sealed_to_the_gateway_without_its_secret() -> None:
    secret = new_token(os.urandom)
    event = grant(secret)
    assert codec.decode(codec.encode(event, conversation_of("x"), 5)).event == event
    assert secret not in repr(event)
    assert token_hash(secret).hex() not in repr(event)
    assert spec_for(event).envelope is EventType.OUTBOUND  # desks cannot open it


@pytest.mark.asyncio
async def test_a_granted_token_names_its_system_until_revoked(tmp_path: Path) -> None:
    store = NotifyStore(tmp_path)
    await store.open()
    try:
        book = TokenBook(store)
        secret = new_token(os.urandom)
        assert book.system(secret) is None
        await book.apply(grant(secret))
        assert book.system(secret) == System(TOKEN_ID, "Shop ERP")
        assert book.system(secret + "x") is None
        assert book.system("") is None
        await book.apply(revocation())
        assert book.system(secret) is None
        await book.apply(grant(secret))  # a late copy of the grant never brings it back
        assert book.system(secret) is None
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_the_book_is_the_same_after_a_restart(tmp_path: Path) -> None:
    live, gone = new_token(os.urandom), new_token(os.urandom)
    store = NotifyStore(tmp_path)
    await store.open()
    book = TokenBook(store)
    await book.apply(grant(live, token_id=b"L" * 16, name="Warehouse"))
    await book.apply(grant(gone))
    await book.apply(revocation())
    await store.close()
    again = NotifyStore(tmp_path)
    await again.open()
    try:
        reloaded = TokenBook(again)
        await reloaded.load()
        assert reloaded.system(live) == System(b"L" * 16, "Warehouse")
        assert reloaded.system(gone) is None
        assert reloaded.live == 1
    finally:
        await again.close()


@pytest.mark.asyncio
async def test_the_store_keeps_no_secret_and_is_private(tmp_path: Path) -> None:
    secret = new_token(os.urandom)
    store = NotifyStore(tmp_path)
    await store.open()
    await TokenBook(store).apply(grant(secret))
    await store.close()
    assert _private_and_without(tmp_path, secret.encode())


def _private_and_without(folder: Path, secret: bytes) -> bool:
    """The store's file is the owner's only, and no file in the folder holds `secret`."""
    mode = (folder / "gateway-notify.sqlite3").stat().st_mode & 0o777
    return mode == 0o600 and all(secret not in f.read_bytes() for f in folder.iterdir())
