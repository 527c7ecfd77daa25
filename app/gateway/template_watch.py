"""Keeps the desks' template catalogue current (cloud-api.md §17).

Reads the templates when the number's settings arrive, when Meta's template webhooks say one
changed, and every `TEMPLATE_POLL_S`; publishes a `TemplateCatalogue` only when what desks
would see changed (also across restarts: the published digest is kept in the gateway state).

The list hangs off the business account (WABA): the admin's number settings name it; a
gateway run from a config file takes it from there, or else learns it from the `entry[].id` of
Meta's signed webhooks. The last one known is kept in the gateway state.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable

import aiohttp

from app.crypto.encoding import Writer
from app.domain.templates import TemplateDef
from app.gateway.graph import GraphConfig
from app.gateway.state import GatewayState
from app.gateway.templates import PAGE_LIMIT, fetch_templates, fit_catalogue, waba_of
from app.log.events import TemplateCatalogue
from app.log.template_codec import write_def, write_qualities

log = logging.getLogger(__name__)

TEMPLATE_POLL_S = 15 * 60.0
"""Meta's webhooks announce changes; the poll catches what they miss (or a lost webhook)."""
_ACCOUNT_KEY = "waba_id"
_DIGEST_KEY = "templates_digest"


def catalogue_digest(templates: tuple[TemplateDef, ...]) -> bytes:
    """What makes two catalogues the same for the desks (not the time they were read)."""
    w = Writer().items(templates, lambda t, out: write_def(out, t))
    write_qualities(w, templates)  # a new quality score alone is news for the admins' list
    return hashlib.sha256(w.getvalue()).digest()


class TemplateWatch:
    """Reads the template list and publishes it to the team when it changed."""

    def __init__(
        self,
        state: GatewayState,
        publish: Callable[[TemplateCatalogue], Awaitable[None]],
        clock: Callable[[], float],
        account_id: str = "",
        page_limit: int = PAGE_LIMIT,
    ) -> None:
        self._state = state
        self._publish = publish
        self._clock = clock
        self._account_id = account_id
        self._page_limit = page_limit
        self._session: aiohttp.ClientSession | None = None
        self._graph: GraphConfig | None = None
        self._account_unsaved = False
        self._poll = asyncio.Event()
        self.reads = 0
        """Successful reads of the list (for tests and the stats)."""
        self.published = 0
        self.current: tuple[TemplateDef, ...] | None = None
        """The catalogue as last read (None before the first read): what the notification
        API may send."""

    @property
    def account_id(self) -> str:
        return self._account_id

    def use(self, session: aiohttp.ClientSession, graph: GraphConfig, account_id: str = "") -> None:
        """Read with these settings (and this business account, if named) from now on,
        starting now."""
        self._session, self._graph = session, graph
        if account_id and account_id != self._account_id:
            self._account_id = account_id
            self._account_unsaved = True
        self._poll.set()

    def on_webhook(self, account_ids: list[str], templates_changed: bool) -> None:
        """A signed webhook arrived: learn the account, and read again if a template changed."""
        account = waba_of(account_ids)
        if account and account != self._account_id:
            self._account_id = account
            self._account_unsaved = True
            self._poll.set()
        if templates_changed:
            log.info("Meta says a template changed")
            self._poll.set()

    async def run(self) -> None:
        """Until cancelled: read when asked and every `TEMPLATE_POLL_S`."""
        if not self._account_id:
            saved = await self._state.meta(_ACCOUNT_KEY)
            self._account_id = saved.decode("ascii", "replace") if saved else ""
        while True:
            self._poll.clear()
            try:
                await self.refresh()
            except asyncio.CancelledError:
                raise
            except Exception:  # the catalogue must keep being watched after any one failure
                log.exception("reading the templates failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(TEMPLATE_POLL_S):
                    await self._poll.wait()

    async def refresh(self) -> None:
        """Read the list once and publish it if it changed."""
        if self._account_unsaved:
            self._account_unsaved = False
            await self._state.save_meta(_ACCOUNT_KEY, self._account_id.encode("ascii"))
        if self._session is None or self._graph is None or not self._account_id:
            return
        answer = await fetch_templates(
            self._session, self._graph, self._account_id, self._page_limit
        )
        if not isinstance(answer, tuple):
            log.warning("templates not read: %s (code %d)", answer.kind.value, answer.code)
            return
        self.reads += 1
        templates = fit_catalogue(answer)
        self.current = templates
        digest = catalogue_digest(templates)
        if digest == await self._state.meta(_DIGEST_KEY):
            return
        await self._publish(TemplateCatalogue(templates, int(self._clock())))
        await self._state.save_meta(_DIGEST_KEY, digest)
        self.published += 1
        log.info("template catalogue published: %d templates", len(templates))
