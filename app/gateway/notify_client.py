"""The client side of `switchboard notify`: HTTP calls to a gateway's notification API.

Every request carries an idempotency key and is tried again (with the same key) while the
gateway cannot be reached or answers 5xx other than a refusal by WhatsApp: the gateway sends
once whatever arrives twice. A bulk file is posted as one job whose progress is polled and
drawn on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import json
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO

import aiohttp

from app.cli_args import UsageError

PATH = "/v1/notifications"
TRIES = 5
"""Attempts per request while the gateway is out of reach."""
POLL_S = 0.5
"""Seconds between two looks at a bulk job's progress."""
_RETRY_STATUSES = frozenset({500, 503, 504})
"""Answers worth another try with the same key (502 is WhatsApp's refusal: final)."""
_BAR = 30

Recipients = list[tuple[str, list[str]]]


def read_recipients(path: Path) -> Recipients:
    """One recipient per CSV line: the number, then the parameters. A first line whose first
    cell is not a number is taken for a header. Raises UsageError naming the line at fault."""
    found: Recipients = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            for line, row in enumerate(csv.reader(file), start=1):
                if not row or not any(cell.strip() for cell in row):
                    continue
                to = row[0].strip().replace(" ", "").lstrip("+")
                if not (to.isdigit() and 7 <= len(to) <= 15):
                    if line == 1 and not found:
                        continue  # a header
                    raise UsageError(f"{path} line {line}: the first column must be a phone number")
                found.append((to, [cell.strip() for cell in row[1:]]))
    except UnicodeDecodeError:  # Excel's "CSV" is often Windows-1252
        raise UsageError(
            f"{path} is not UTF-8 text: save it as UTF-8 (in a spreadsheet: CSV UTF-8)"
        ) from None
    if not found:
        raise UsageError(f"{path} lists no recipients")
    return found


def send_one(args: argparse.Namespace, token: str) -> int:
    body = {
        "to": args.to,
        "template": {"name": args.template, "language": args.language, "parameters": args.param},
        "idempotency_key": args.idempotency_key or uuid.uuid4().hex,
    }

    async def call(http: aiohttp.ClientSession) -> int:
        status, answer = await _post(http, args.gateway + PATH, body)
        if status == 200:
            print(f"sent: {answer['id']} (idempotency key {body['idempotency_key']})")
            return 0
        if status == 202:
            print(f"not known whether it was sent: {answer.get('message', '')}")
            return 1
        return _refused(status, answer)

    return asyncio.run(_session(token, call))


def send_bulk(args: argparse.Namespace, token: str, recipients: Recipients) -> int:
    request = {
        "template": {"name": args.template, "language": args.language},
        "recipients": [{"to": to, "parameters": params} for to, params in recipients],
    }
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()[:32]
    request["idempotency_key"] = args.idempotency_key or f"bulk-{digest}"

    async def call(http: aiohttp.ClientSession) -> int:
        url = args.gateway + PATH + "/bulk"
        status, answer = await _post(http, url, request)
        if status != 202:
            return _refused(status, answer)
        progress = await _follow(http, f"{url}/{answer['id']}", len(recipients), sys.stderr)
        return _summary(progress, recipients)

    return asyncio.run(_session(token, call))


async def _session(token: str, call: Callable[[aiohttp.ClientSession], Awaitable[int]]) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(headers=headers, timeout=timeout) as http:
        return await call(http)


async def _post(http: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> tuple[int, Any]:
    return await _retried(lambda: http.post(url, json=body))


async def _retried(
    request: Callable[[], Any],
) -> tuple[int, Any]:
    delay = 0.5
    for attempt in range(1, TRIES + 1):
        try:
            async with request() as response:
                answer = await response.json(content_type=None)
                if response.status not in _RETRY_STATUSES or attempt == TRIES:
                    return response.status, answer
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            if attempt == TRIES:
                raise ConnectionError(f"the gateway did not answer ({type(exc).__name__})") from exc
        await asyncio.sleep(delay)  # back-off before the same request again
        delay *= 2
    raise AssertionError("unreachable")


async def _follow(http: aiohttp.ClientSession, url: str, total: int, out: TextIO) -> dict[str, Any]:
    """Poll the job until it is done, drawing a bar on `out`."""
    while True:
        status, progress = await _retried(lambda: http.get(url))
        if status != 200:
            raise ConnectionError(progress.get("error", {}).get("message", f"HTTP {status}"))
        _draw(out, progress, total)
        if progress["state"] != "running":
            if out.isatty():
                out.write("\n")  # below the bar drawn in place
            return dict(progress)
        await asyncio.sleep(POLL_S)  # the job runs on the gateway; we only look


def _draw(out: TextIO, progress: dict[str, Any], total: int) -> None:
    done = total - int(progress["pending"])
    filled = _BAR * done // max(1, total)
    line = (
        f"[{'#' * filled}{'.' * (_BAR - filled)}] {done}/{total}  sent {progress['sent']}  "
        f"failed {len(progress['failed'])}  skipped {len(progress['skipped'])}"
    )
    out.write(("\r" if out.isatty() else "") + line + ("" if out.isatty() else "\n"))
    out.flush()


def _summary(progress: dict[str, Any], recipients: Recipients) -> int:
    for kind in ("failed", "skipped"):
        for entry in progress[kind]:
            to = recipients[entry["index"]][0]
            print(f"{kind}: +{to}: {entry['message']}")
    print(
        f"{progress['sent']} sent, {len(progress['failed'])} failed, "
        f"{len(progress['skipped'])} skipped, {progress['unknown']} unknown, "
        f"{progress['pending']} not yet handled"
    )
    problems = progress["failed"] or progress["unknown"] or progress["pending"]
    return 1 if problems else 0


def _refused(status: int, answer: Any) -> int:
    error = answer.get("error", {}) if isinstance(answer, dict) else {}
    print(
        f"switchboard notify: {error.get('message', f'the gateway answered {status}')}",
        file=sys.stderr,
    )
    return 1
