"""The gateway's client of Meta's Graph API: send a reply, read the answer (cloud-api.md §6–§7).

Outcomes branch on the Graph error `code` (and `error_data.details`), never on the HTTP status or
the `message` text, as Meta advises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from app.domain.content import Template
from app.domain.send_codes import NETWORK_ERROR as NETWORK_ERROR  # re-exported for callers
from app.domain.templates import ParamFormat, Part
from app.gateway.parse import MAX_LABEL_BYTES, fit_utf8, valid_id

log = logging.getLogger(__name__)

# Codes worth retrying with back-off (cloud-api.md §7 table).
TRANSIENT_CODES = frozenset({1, 2, 4, 17, 80007, 130429, 131000, 131016, 131056, 131057})
_U32 = 1 << 32


@dataclass(frozen=True, slots=True)
class GraphConfig:
    """Where and as whom the gateway talks to Graph."""

    base_url: str
    """`https://graph.facebook.com` in production; the simulator's URL in the demo and tests."""
    phone_number_id: str
    access_token: str = field(repr=False)
    version: str = "v23.0"
    media_origins: tuple[str, ...] = ("https://lookaside.fbsbx.com",)
    """Where media downloads may go: the token is sent only to these origins (scheme, host,
    port). Meta serves files from lookaside.fbsbx.com; the demo adds the simulator."""

    def trusts(self, url: str) -> bool:
        """Whether `url` is on one of the trusted media origins."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        return any(origin == trusted.lower().rstrip("/") for trusted in self.media_origins)


_CAPTIONED = frozenset({"image", "video", "document"})


@dataclass(frozen=True, slots=True)
class MediaMessage:
    """A file to send by its uploaded id."""

    kind: str
    """`image`, `video`, `audio`, `document` or `sticker`."""
    media_id: str
    caption: str = ""
    filename: str = ""


@dataclass(frozen=True, slots=True)
class SendResult:
    """What Graph answered to one send."""

    wamid: str | None
    error_code: int = 0
    error_detail: str = ""

    @property
    def transient(self) -> bool:
        return self.wamid is None and self.error_code in TRANSIENT_CODES


class GraphClient:
    """Sends messages for one business phone number."""

    def __init__(
        self,
        config: GraphConfig,
        session: aiohttp.ClientSession,
        on_answer: Callable[[SendResult], None] | None = None,
    ) -> None:
        self._config = config
        self._session = session
        self._on_answer = on_answer
        """Told every call's result: whether Meta answers (`meta_reach`)."""

    def reconfigure(self, config: GraphConfig) -> None:
        """Use new settings (an admin sent them) from the next call on."""
        self._config = config

    async def send_text(self, customer_id: str, wa_id: str, text: str, callback: str) -> SendResult:
        """Send a text reply; `callback` comes back in status webhooks.

        Addresses the customer by phone when known, else by business-scoped user id.
        """
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "type": "text",
            "text": {"body": text, "preview_url": False},
            "biz_opaque_callback_data": callback,
        }
        if wa_id:
            body["to"] = wa_id
        else:
            body["recipient"] = customer_id
        return await self._post(f"{self._config.phone_number_id}/messages", body)

    async def send_media(
        self, customer_id: str, wa_id: str, media: MediaMessage, callback: str
    ) -> SendResult:
        """Send a file uploaded before (`upload`) by its media id (Meta's recommended way)."""
        item: dict[str, Any] = {"id": media.media_id}
        if media.caption and media.kind in _CAPTIONED:
            item["caption"] = media.caption
        if media.filename and media.kind == "document":
            item["filename"] = media.filename
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "type": media.kind,
            media.kind: item,
            "biz_opaque_callback_data": callback,
        }
        body["to" if wa_id else "recipient"] = wa_id or customer_id
        return await self._post(f"{self._config.phone_number_id}/messages", body)

    async def send_template(
        self, customer_id: str, wa_id: str, template: Template, callback: str
    ) -> SendResult:
        """Send a message template (allowed outside the 24-hour window, cloud-api.md §6)."""
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "type": "template",
            "template": template_object(template),
            "biz_opaque_callback_data": callback,
        }
        body["to" if wa_id else "recipient"] = wa_id or customer_id
        return await self._post(f"{self._config.phone_number_id}/messages", body)

    async def send_interactive(
        self, customer_id: str, wa_id: str, interactive: dict[str, Any], callback: str
    ) -> SendResult:
        """Send an interactive message (reply buttons or a list, cloud-api.md §6)."""
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "type": "interactive",
            "interactive": interactive,
            "biz_opaque_callback_data": callback,
        }
        body["to" if wa_id else "recipient"] = wa_id or customer_id
        return await self._post(f"{self._config.phone_number_id}/messages", body)

    async def upload(self, data: bytes, mime_type: str, filename: str) -> SendResult:
        """Upload a file for sending; on success `wamid` holds the media id (cloud-api §10)."""
        form = aiohttp.FormData()
        form.add_field("messaging_product", "whatsapp")
        form.add_field("type", mime_type)
        form.add_field("file", data, filename=filename or "file", content_type=mime_type)
        base = self._config.base_url.rstrip("/")
        url = f"{base}/{self._config.version}/{self._config.phone_number_id}/media"
        headers = {"Authorization": f"Bearer {self._config.access_token}"}
        # A 100 MB upload on a slow line takes minutes: bound each read, not the whole call.
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=30, sock_read=120)
        try:
            async with self._session.post(
                url, data=form, headers=headers, timeout=timeout
            ) as response:
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("media upload failed: %s", type(exc).__name__)
            return self._answered(SendResult(None, NETWORK_ERROR, type(exc).__name__))
        if isinstance(answer, dict) and isinstance(answer.get("id"), str) and answer["id"]:
            return self._answered(SendResult(answer["id"]))
        return self._answered(read_send_answer(answer))

    async def _post(self, path: str, body: dict[str, Any]) -> SendResult:
        url = f"{self._config.base_url.rstrip('/')}/{self._config.version}/{path}"
        headers = {"Authorization": f"Bearer {self._config.access_token}"}
        try:
            async with self._session.post(url, json=body, headers=headers) as response:
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("graph call failed: %s", type(exc).__name__)
            return self._answered(SendResult(None, NETWORK_ERROR, type(exc).__name__))
        return self._answered(read_send_answer(answer))

    def _answered(self, result: SendResult) -> SendResult:
        if self._on_answer is not None:
            self._on_answer(result)
        return result


def template_object(template: Template) -> dict[str, Any]:
    """Meta's `template` object: name, language, and the parameters per component in order
    (named ones with `parameter_name`; a URL button's suffix under its index)."""
    named = template.parameter_format == ParamFormat.NAMED
    components: list[dict[str, Any]] = []
    for part, kind in ((Part.HEADER, "header"), (Part.BODY, "body")):
        values = [v for v in template.values if v.part == part]
        if values:
            params = [_text_parameter(v.key, v.value, named) for v in values]
            components.append({"type": kind, "parameters": params})
    buttons: dict[int, list[dict[str, Any]]] = {}
    for v in template.values:
        if v.part == Part.BUTTON:
            buttons.setdefault(v.button_index, []).append({"type": "text", "text": v.value})
    for index, params in sorted(buttons.items()):
        components.append(
            {"type": "button", "sub_type": "url", "index": str(index), "parameters": params}
        )
    result: dict[str, Any] = {"name": template.name, "language": {"code": template.language}}
    if components:
        result["components"] = components
    return result


def _text_parameter(key: str, value: str, named: bool) -> dict[str, Any]:
    parameter = {"type": "text", "text": value}
    if named:
        parameter["parameter_name"] = key
    return parameter


def read_send_answer(answer: object) -> SendResult:
    """Interpret a `/messages` answer body: a wamid, or a Graph error.

    Every result fits a sealed `SendOutcome`: codes are unsigned 32-bit, details are cut to the
    codec's cap, and a wamid the log could not carry counts as no answer.
    """
    if not isinstance(answer, dict):
        return SendResult(None, NETWORK_ERROR, "answer is not a JSON object")
    error = answer.get("error")
    if isinstance(error, dict):
        code = error.get("code")
        if isinstance(code, bool) or not isinstance(code, int) or not 0 <= code < _U32:
            code = 0
        data = error.get("error_data")
        details = data.get("details") if isinstance(data, dict) else None
        trace = valid_id(error.get("fbtrace_id"))[:64]
        log.info("graph error code=%d fbtrace_id=%s", code, trace)
        return SendResult(None, code, fit_utf8(details, MAX_LABEL_BYTES))
    messages = answer.get("messages")
    if isinstance(messages, list) and messages and isinstance(messages[0], dict):
        wamid = valid_id(messages[0].get("id"))
        if wamid:
            return SendResult(wamid)
    return SendResult(None, NETWORK_ERROR, "answer without message id")


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """`GET /{media-id}`: where to download a file and what it must hash to (§10)."""

    url: str
    mime_type: str
    sha256_hex: str
    size: int


MAX_MEDIA_BYTES = 100 * 1024 * 1024
"""Meta's largest file (documents, cloud-api.md §10); inbound files above it never arrive."""


class MediaClient:
    """Fetches inbound media from Graph with the business's token."""

    def __init__(self, config: GraphConfig, session: aiohttp.ClientSession) -> None:
        self._config = config
        self._session = session

    def reconfigure(self, config: GraphConfig) -> None:
        """Use new settings (an admin sent them) from the next call on."""
        self._config = config

    @property
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._config.access_token}"}

    async def info(self, media_id: str) -> MediaInfo | None:
        """The short-lived download URL and hash of a media id; None if Graph refused."""
        if not media_id.isascii() or not media_id.isdigit():
            # Meta's media ids are digits; anything else must not reach the URL path.
            log.warning("media id refused: not a Graph media id")
            return None
        base = self._config.base_url.rstrip("/")
        url = f"{base}/{self._config.version}/{media_id}"
        try:
            async with self._session.get(url, headers=self._auth) as response:
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("media info failed: %s", type(exc).__name__)
            return None
        return _media_info(answer)

    async def download(self, info: MediaInfo) -> bytes | None:
        """The file's bytes (the URL needs the same Bearer token), capped at Meta's maximum."""
        if not self._config.trusts(info.url):
            # The token must never reach a host Meta did not serve files from.
            log.warning("media download refused: the URL is not on a trusted origin")
            return None
        try:
            async with self._session.get(info.url, headers=self._auth) as response:
                if response.status != 200:
                    log.warning("media download refused: HTTP %d", response.status)
                    return None
                data = await _read_capped(response, MAX_MEDIA_BYTES)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("media download failed: %s", type(exc).__name__)
            return None
        if data is None:
            log.warning("media download refused: over %d bytes", MAX_MEDIA_BYTES)
        return data


async def _read_capped(response: aiohttp.ClientResponse, cap: int) -> bytes | None:
    """The whole body, or None once it grows past `cap` (stops reading there)."""
    parts: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > cap:
            return None
        parts.append(chunk)
    return b"".join(parts)


def _media_info(answer: object) -> MediaInfo | None:
    if not isinstance(answer, dict):
        return None
    url, mime, digest = answer.get("url"), answer.get("mime_type"), answer.get("sha256")
    if not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        if isinstance(answer.get("error"), dict):
            log.warning("media info refused: code %s", answer["error"].get("code"))
        return None
    try:
        size = int(str(answer.get("file_size", "0")))
    except ValueError:
        size = 0
    return MediaInfo(url, str(mime or ""), str(digest or "").lower(), size)
