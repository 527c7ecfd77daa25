"""Standalone runner for ``switchboard simulator``: arguments, config and the serve loop.

``app.main`` owns the CLI; it calls ``add_arguments`` on its sub-command parser, then
``serve_from_args`` (or ``serve`` with ``config_from_args``/``script_from_args``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from app.cli_args import number, port, whole_number
from app.simulator.behaviour import Behaviour, field_names
from app.simulator.config import SimulatorConfig
from app.simulator.customers import CustomerScript, ScriptResult
from app.simulator.errors import CallbackVerificationError
from app.simulator.retry_schedule import RetrySchedule
from app.simulator.simulator import Simulator

log = logging.getLogger(__name__)

_DEFAULTS = SimulatorConfig()
NAME_STATUSES = [
    "APPROVED",
    "AVAILABLE_WITHOUT_REVIEW",
    "PENDING_REVIEW",
    "DECLINED",
    "EXPIRED",
    "NONE",
]


async def serve(
    config: SimulatorConfig,
    callback_url: str | None,
    verify_token: str,
    script: CustomerScript | None,
    stop: asyncio.Event,
    *,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Run a simulator until ``stop`` is set.

    Args:
        config: The fake account.
        callback_url: Gateway webhook URL to verify and deliver to; None to register later
            over ``POST /_sim/callback``.
        verify_token: Token for the GET handshake.
        script: Scripted customers, started once the callback is registered.
        stop: Set it to shut down.
        on_ready: Called with the base URL once the server listens.

    Raises:
        CallbackVerificationError: If the callback never passed the handshake.
    """
    simulator = Simulator(config)
    try:
        base_url = await simulator.start()
        if on_ready is not None:
            on_ready(base_url)
        if callback_url is not None:
            await _register(simulator, callback_url, verify_token, stop)
        if script is not None and not stop.is_set():
            simulator.start_script(script).add_done_callback(_log_script_end)
        await stop.wait()
    finally:
        await simulator.stop()


async def _register(simulator: Simulator, url: str, token: str, stop: asyncio.Event) -> None:
    """Retry the handshake on the webhook schedule: the gateway may still be starting."""
    pauses = simulator.config.webhook_retries.delays()
    while True:
        try:
            await simulator.set_callback(url, token)
            return
        except CallbackVerificationError as exc:
            pause = next(pauses, None)
            if pause is None:
                raise
            log.info("callback not ready (%s); retrying", exc)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(pause):
                await stop.wait()
        if stop.is_set():
            return


def _log_script_end(task: asyncio.Task[ScriptResult]) -> None:
    if not task.cancelled() and task.exception() is None:
        result = task.result()
        log.info(
            "script done: %d customers sent %d messages",
            len(result.customers),
            result.messages_sent,
        )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the simulator's options (dest names start with ``sim_``)."""
    group = parser.add_argument_group("simulator")
    _add_account_arguments(group)
    _add_run_arguments(group)


def _add_account_arguments(g: argparse._ArgumentGroup) -> None:
    """The fake account. Its secrets are test values, so taking them on argv is fine."""
    g.add_argument(
        "--port", dest="sim_port", type=port(free=0), default=0, help="0 = random free port"
    )
    g.add_argument("--access-token", dest="sim_access_token", default=_DEFAULTS.access_token)
    g.add_argument("--app-secret", dest="sim_app_secret", default=_DEFAULTS.app_secret)
    g.add_argument(
        "--phone-number-id", dest="sim_phone_number_id", default=_DEFAULTS.phone_number_id
    )
    g.add_argument("--waba-id", dest="sim_waba_id", default=_DEFAULTS.waba_id)
    g.add_argument(
        "--display-phone-number",
        dest="sim_display_phone_number",
        default=_DEFAULTS.display_phone_number,
        help="bare digits",
    )
    g.add_argument("--verified-name", dest="sim_verified_name", default=_DEFAULTS.verified_name)
    g.add_argument(
        "--name-status",
        dest="sim_name_status",
        default=_DEFAULTS.name_status,
        choices=NAME_STATUSES,
    )
    g.add_argument(
        "--quality-rating",
        dest="sim_quality_rating",
        default=_DEFAULTS.quality_rating,
        choices=["GREEN", "YELLOW", "RED", "UNKNOWN", "NA"],
    )
    g.add_argument("--official-business-account", dest="sim_oba", action="store_true")
    g.add_argument(
        "--throughput", dest="sim_throughput", default="STANDARD", choices=["STANDARD", "HIGH"]
    )


def _add_run_arguments(g: argparse._ArgumentGroup) -> None:
    """Webhook target and scripted load."""
    g.add_argument("--batch-webhooks", dest="sim_batch_webhooks", action="store_true")
    g.add_argument(
        "--webhook-compression",
        dest="sim_webhook_compression",
        type=number(above=0),
        default=_DEFAULTS.webhook_retries.compression,
        metavar="F",
        help="Meta's 7-day webhook retry schedule runs F times faster (1: Meta's own pace)",
    )
    g.add_argument("--callback-url", dest="sim_callback_url", type=_callback_url, default=None)
    g.add_argument("--verify-token", dest="sim_verify_token", default="sim-verify-token")
    g.add_argument("--customers", dest="sim_customers", type=whole_number(0), default=0)
    g.add_argument(
        "--messages-per-customer",
        dest="sim_messages_per_customer",
        type=whole_number(1),
        default=1,
    )
    g.add_argument(
        "--rate", dest="sim_rate", type=number(above=0), default=1.0, help="messages/s in total"
    )
    g.add_argument(
        "--username-ratio", dest="sim_username_ratio", type=number(low=0, high=1), default=0.0
    )
    g.add_argument("--seed", dest="sim_seed", type=int, default=None)
    g.add_argument(
        "--behaviour",
        dest="sim_behaviour",
        action="append",
        type=_behaviour_switch,
        default=[],
        metavar="SWITCH=VALUE",
        help="a rule or fault switch, e.g. window=fail or duplicate_webhooks=0.1 (repeatable)",
    )


def _callback_url(value: str) -> str:
    """A ``type=`` for the gateway's webhook URL."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"must be an http:// or https:// URL, not {value!r}")
    return value


def _behaviour_switch(item: str) -> str:
    """A ``type=`` that checks one ``SWITCH=VALUE`` now, so a typo stops the simulator before
    it starts; ``config_from_args`` applies them all."""
    if "=" not in item:
        raise argparse.ArgumentTypeError(f"must be SWITCH=VALUE, e.g. window=fail, not {item!r}")
    name, value = _switch(item)
    if name not in field_names():
        known = ", ".join(sorted(field_names()))
        raise argparse.ArgumentTypeError(f"unknown switch {name!r}; the switches are {known}")
    try:
        Behaviour().changed({name: value})
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    except TypeError:  # e.g. a JSON list where a number belongs
        raise argparse.ArgumentTypeError(f"{name} cannot be {value!r}") from None
    return item


def config_from_args(ns: argparse.Namespace) -> SimulatorConfig:
    """Build the config from options added by ``add_arguments``."""
    return SimulatorConfig(
        access_token=ns.sim_access_token,
        app_secret=ns.sim_app_secret,
        phone_number_id=ns.sim_phone_number_id,
        waba_id=ns.sim_waba_id,
        display_phone_number=ns.sim_display_phone_number,
        verified_name=ns.sim_verified_name,
        name_status=ns.sim_name_status,
        quality_rating=ns.sim_quality_rating,
        is_official_business_account=ns.sim_oba,
        throughput_level=ns.sim_throughput,
        port=ns.sim_port,
        batch_webhooks=ns.sim_batch_webhooks,
        webhook_retries=RetrySchedule(compression=ns.sim_webhook_compression),
        behaviour=Behaviour().changed(dict(_switch(item) for item in ns.sim_behaviour)),
        seed=ns.sim_seed,
    )


def _switch(item: str) -> tuple[str, Any]:
    """``window=fail`` → ("window", "fail"); numbers and booleans are parsed as JSON."""
    name, sep, raw = item.partition("=")
    if not sep:
        raise ValueError(f"--behaviour takes SWITCH=VALUE, not {item!r}")
    try:
        return name.strip(), json.loads(raw)
    except json.JSONDecodeError:
        return name.strip(), raw


def script_from_args(ns: argparse.Namespace) -> CustomerScript | None:
    """The scripted load asked for, or None when ``--customers`` is 0."""
    if ns.sim_customers == 0:
        return None
    return CustomerScript(
        customers=ns.sim_customers,
        messages_per_customer=ns.sim_messages_per_customer,
        rate_per_second=ns.sim_rate,
        seed=ns.sim_seed,
        username_ratio=ns.sim_username_ratio,
    )


async def serve_from_args(
    ns: argparse.Namespace,
    stop: asyncio.Event,
    *,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """``serve`` with everything taken from parsed ``add_arguments`` options."""
    await serve(
        config_from_args(ns),
        ns.sim_callback_url,
        ns.sim_verify_token,
        script_from_args(ns),
        stop,
        on_ready=on_ready,
    )
