"""What every Graph route module shares: the backend the simulator plugs in, and helpers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from app.simulator import errors
from app.simulator.config import SimulatorConfig
from app.simulator.media import MediaStore

if TYPE_CHECKING:
    from app.simulator.blocklist import BlockList
    from app.simulator.phone import PhoneNumber
    from app.simulator.templates import TemplateSpec


def _never() -> bool:
    return False


@dataclass(frozen=True)
class GraphBackend:
    """What the Graph routes need from the simulator."""

    config: SimulatorConfig
    send: Callable[[Any], dict[str, Any]]
    """Handles a ``/messages`` body; raises ``GraphError``."""
    media: MediaStore | None = None
    phone: PhoneNumber | None = None
    blocklist: BlockList | None = None
    clock: Callable[[], float] = time.time
    base_url: Callable[[], str] = str
    """The simulator's own ``http://127.0.0.1:PORT``, for media download URLs."""
    token_expired: Callable[[], bool] = _never
    """True while the expired-token fault is on: every call answers 190."""
    templates: Callable[[], tuple[TemplateSpec, ...]] | None = None
    """The account's templates, for ``GET /{waba-id}/message_templates``."""
    create_template: Callable[[Any], dict[str, Any]] | None = None
    """Handles a ``POST /{waba-id}/message_templates`` body; raises ``GraphError``."""
    app_data: Callable[[Any], dict[str, Any]] | None = None
    """Handles a ``/smb_app_data`` body (coexistence, §15.1); raises ``GraphError``."""


BACKEND = web.AppKey("graph_backend", GraphBackend)


def require_phone_node(request: web.Request, method: str) -> GraphBackend:
    """The backend, if the path's ``node`` is our phone-number id; else Graph's code 100."""
    backend = request.app[BACKEND]
    node = request.match_info["node"]
    if node != backend.config.phone_number_id:
        raise errors.unsupported_request(method, node)
    return backend


async def json_body(request: web.Request) -> Any:
    """The request's JSON body, or Graph's code 100."""
    try:
        return json.loads(await request.read())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise errors.invalid_parameter("The request body is not valid JSON.") from None
