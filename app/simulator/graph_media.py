"""Graph media routes (cloud-api.md §10): upload, retrieve URL, delete, and the download URL.

The download URL is the simulator's stand-in for ``lookaside.fbsbx.com``: it needs the same
Bearer token as every Graph call (the middleware checks it) and stops working after
``SimulatorConfig.media_url_ttl`` seconds on the injected clock.
"""

from __future__ import annotations

import logging

from aiohttp import BodyPartReader, web

from app.simulator import errors
from app.simulator.graph_backend import BACKEND, GraphBackend, require_phone_node
from app.simulator.media import DOWNLOAD_PATH, MAX_UPLOAD, MediaStore, StoredMedia, check_limits

log = logging.getLogger(__name__)

_FORM_FIELDS = {"messaging_product", "type", "file", "ttl_minutes"}


def setup(app: web.Application, version: str) -> None:
    """Register the upload and download routes (retrieve and delete share the node routes)."""
    app.router.add_post(f"/{version}/{{node}}/media", _upload)
    app.router.add_get(DOWNLOAD_PATH, _download)


def _store(backend: GraphBackend) -> MediaStore:
    if backend.media is None:  # pragma: no cover - the Simulator always wires one
        raise errors.unknown_error()
    return backend.media


async def _upload(request: web.Request) -> web.StreamResponse:
    backend = require_phone_node(request, "POST")
    fields, data, filename = await _read_form(request)
    if fields.get("messaging_product") != "whatsapp":
        raise errors.invalid_parameter("The parameter messaging_product is required.")
    mime = fields.get("type")
    if not mime:
        raise errors.invalid_parameter("The parameter type is required.")
    if data is None:
        raise errors.invalid_parameter("The parameter file is required.")
    check_limits(data, mime)
    media = _store(backend).add(
        data,
        mime,
        backend.clock(),
        lifetime=backend.config.uploaded_media_ttl,
        origin="upload",
        filename=filename,
    )
    log.debug("media %s uploaded (%d bytes)", media.id, len(data))
    return web.json_response({"id": media.id})


async def _read_form(request: web.Request) -> tuple[dict[str, str], bytes | None, str | None]:
    """The multipart fields, the file's bytes and its file name."""
    if not request.content_type.startswith("multipart/"):
        raise errors.invalid_parameter("Upload media as multipart/form-data.")
    fields: dict[str, str] = {}
    data: bytes | None = None
    filename: str | None = None
    async for part in await request.multipart():
        if not isinstance(part, BodyPartReader) or part.name not in _FORM_FIELDS:
            raise errors.invalid_parameter(f'Unexpected form field "{getattr(part, "name", "")}".')
        if part.name == "file":
            filename = part.filename
            data = bytes(await part.read())
            if len(data) > MAX_UPLOAD:
                raise errors.media_error("The file is larger than any media type allows.")
        else:
            fields[part.name] = (await part.text()).strip()
    return fields, data, filename


def _lookup(request: web.Request, method: str) -> tuple[GraphBackend, StoredMedia]:
    backend = request.app[BACKEND]
    node = request.match_info["node"]
    scoped = request.query.get("phone_number_id")
    media = _store(backend).get(node, backend.clock())
    if media is None or (scoped is not None and scoped != backend.config.phone_number_id):
        raise errors.unsupported_request(method, node)
    return backend, media


async def get_media(request: web.Request) -> web.StreamResponse:
    """``GET /{media-id}``: the download URL, type, hex sha256 and size as a string."""
    backend, media = _lookup(request, "GET")
    info = _store(backend).info(media, backend.base_url(), backend.clock())
    return web.json_response(info)


async def delete_media(request: web.Request) -> web.StreamResponse:
    """``DELETE /{media-id}``."""
    backend, media = _lookup(request, "DELETE")
    _store(backend).delete(media.id, backend.clock())
    return web.json_response({"success": True})


async def _download(request: web.Request) -> web.StreamResponse:
    backend = request.app[BACKEND]
    media = _store(backend).download(dict(request.query), backend.clock())
    if media is None:
        # lookaside answers a stale or forged URL with 404; the client must re-fetch the URL
        raise errors.GraphError(
            errors.INVALID_PARAMETER,
            "The media URL has expired or is not valid.",
            "Retrieve a new URL with GET /{media-id}.",
            http_status=404,
        )
    name = "".join(c for c in (media.filename or media.id) if c.isprintable() and c not in '"\\')
    headers = {
        "Content-Type": media.mime_type,
        "Content-Disposition": f'attachment; filename="{name}"',
    }
    return web.Response(body=media.data, headers=headers)
