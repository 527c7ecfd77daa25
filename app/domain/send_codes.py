"""What an answer from the Cloud API to a send means: one table of Meta's error codes.

PURE data and lookups (cloud-api.md §7, §8, §11). The gateway's send queue reads it to decide
whether to retry; the desk reads the same table to say why a message failed and what to do.
It branches on the Graph `code` only, never on the HTTP status or the `message` text, as Meta
advises; none of §7's rows needs `error_data.details` to pick a kind.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "NETWORK_ERROR",
    "NOT_SENT",
    "OUTBOX_GAVE_UP",
    "UNCONFIRMED",
    "CodeRule",
    "Retry",
    "SendOutcomeKind",
    "UNCERTAIN_CODES",
    "rule_for",
]

NETWORK_ERROR = 0xFFFF_FFFF
"""Our code for "no usable answer from Graph": the send may or may not have happened. Not a
Graph code; fits the log's u32 `error_code`."""

NOT_SENT = 0xFFFF_FFFE
"""Our code, next to `NETWORK_ERROR`: the queue stopped after the job was claimed and before
its first attempt, so nothing went out. Not a Graph code; fits the log's u32 `error_code`."""


OUTBOX_GAVE_UP = 0xFFFF_FFFD
"""Our code, next to `NOT_SENT`: the desk's outbox gave up handing the reply to the hub after
repeated unexpected failures, so it never reached the gateway. The agent may send it again or
discard it. Not a Graph code; stored on the desk only."""


UNCONFIRMED = 0xFFFF_FFFC
"""Our code, next to `OUTBOX_GAVE_UP`: a send whose answer was lost (`NETWORK_ERROR`) and
for which no status from Meta arrived within the gateway's waiting time
(`gateway.unknown_outcomes.UNCONFIRMED_AFTER_S`). Still not a failure: a status arriving
later settles it. Not a Graph code; fits the log's u32 `error_code`."""

UNCERTAIN_CODES = frozenset({NETWORK_ERROR, UNCONFIRMED})
"""Outcomes without a wamid that are not failures: the message may have gone out."""


class SendOutcomeKind(enum.Enum):
    """The final outcome of one send job. Values are the stable reason codes the desk stores."""

    ACCEPTED = "accepted"
    WINDOW_CLOSED = "window_closed"
    UNDELIVERABLE = "undeliverable"
    OPTED_OUT = "opted_out"
    RATE_LIMITED = "rate_limited"
    TEMPLATE_ERROR = "template_error"
    INVALID_REQUEST = "invalid_request"
    ACCOUNT_PROBLEM = "account_problem"
    TOKEN_INVALID = "token_invalid"
    UNKNOWN = "unknown"
    FAILED = "failed"

    @property
    def reason(self) -> str:
        """The stable reason code: what the desk shows (translated) and branches on."""
        return self.value

    @property
    def admin(self) -> bool:
        """True when only an administrator can fix it (token, account, policy)."""
        return self in (SendOutcomeKind.ACCOUNT_PROBLEM, SendOutcomeKind.TOKEN_INVALID)


class Retry(enum.Enum):
    """Whether, and at what scope, the sender tries the same job again."""

    NEVER = "never"
    """Resending cannot help, or could deliver the message twice."""
    RECIPIENT = "recipient"
    """The pair rate limit (131056): this customer's queue backs off 4^n s; others flow."""
    NUMBER = "number"
    """A limit shared by the whole number or app: every recipient waits."""
    JOB = "job"
    """A transient failure on Meta's side: this job retries after a back-off."""


@dataclass(frozen=True, slots=True)
class CodeRule:
    """How the sender treats one answer."""

    kind: SendOutcomeKind
    """The outcome reported: at once when `retry` is NEVER, else once attempts run out."""
    retry: Retry = Retry.NEVER


_K = SendOutcomeKind
_CODES: dict[int, CodeRule] = {
    # Window, recipient and preference (cloud-api.md §8).
    131047: CodeRule(_K.WINDOW_CLOSED),
    131026: CodeRule(_K.UNDELIVERABLE),
    130472: CodeRule(_K.UNDELIVERABLE),
    130497: CodeRule(_K.UNDELIVERABLE),
    131050: CodeRule(_K.OPTED_OUT),
    # Meta declined for "healthy ecosystem": its advice is hours-to-days gaps, longer than a
    # queue should hold a desk's reply, so the desk decides when to try again.
    131049: CodeRule(_K.RATE_LIMITED),
    # Rate limits (cloud-api.md §11).
    131056: CodeRule(_K.RATE_LIMITED, Retry.RECIPIENT),
    130429: CodeRule(_K.RATE_LIMITED, Retry.NUMBER),
    # App, user and WABA call limits hold for every call, so every recipient waits. Once
    # attempts run out they are FAILED with the code: the desk's RATE_LIMITED is for the
    # customer-facing limits above.
    4: CodeRule(_K.FAILED, Retry.NUMBER),
    17: CodeRule(_K.FAILED, Retry.NUMBER),
    80007: CodeRule(_K.FAILED, Retry.NUMBER),
    # Transient on Meta's side; 131057 is the ~1 min throughput upgrade.
    1: CodeRule(_K.FAILED, Retry.JOB),
    2: CodeRule(_K.FAILED, Retry.JOB),
    131000: CodeRule(_K.FAILED, Retry.JOB),
    131016: CodeRule(_K.FAILED, Retry.JOB),
    131057: CodeRule(_K.FAILED, Retry.JOB),
    # The request itself is wrong.
    100: CodeRule(_K.INVALID_REQUEST),
    131008: CodeRule(_K.INVALID_REQUEST),
    131009: CodeRule(_K.INVALID_REQUEST),
    131021: CodeRule(_K.INVALID_REQUEST),
    131030: CodeRule(_K.INVALID_REQUEST),
    131051: CodeRule(_K.INVALID_REQUEST),
    131052: CodeRule(_K.INVALID_REQUEST),
    131053: CodeRule(_K.INVALID_REQUEST),
    # Only an administrator can fix these.
    190: CodeRule(_K.TOKEN_INVALID),
    0: CodeRule(_K.ACCOUNT_PROBLEM),
    3: CodeRule(_K.ACCOUNT_PROBLEM),
    10: CodeRule(_K.ACCOUNT_PROBLEM),
    368: CodeRule(_K.ACCOUNT_PROBLEM),
    131031: CodeRule(_K.ACCOUNT_PROBLEM),
    131042: CodeRule(_K.ACCOUNT_PROBLEM),
    131048: CodeRule(_K.ACCOUNT_PROBLEM),
    133010: CodeRule(_K.ACCOUNT_PROBLEM),
    # No usable answer: the message may be out, so a resend could reach the customer twice.
    NETWORK_ERROR: CodeRule(_K.UNKNOWN),
    UNCONFIRMED: CodeRule(_K.UNKNOWN),
    # Nothing went out (the file could not be fetched or uploaded): safe to try again.
    NOT_SENT: CodeRule(_K.FAILED, Retry.JOB),
}
_RANGES: tuple[tuple[range, CodeRule], ...] = (
    (range(200, 300), CodeRule(_K.ACCOUNT_PROBLEM)),  # permission denied
    (range(132000, 133000), CodeRule(_K.TEMPLATE_ERROR)),
)
_OTHER = CodeRule(_K.FAILED)
"""Codes not in the table (135000 among them): reported with the code, never resent blindly."""


def rule_for(code: int) -> CodeRule:
    """The rule for a Graph error code (or `NETWORK_ERROR`).

    Args:
        code: The Graph error `code`.

    Returns:
        Its rule; unknown codes are FAILED and not retried.
    """
    rule = _CODES.get(code)
    if rule is not None:
        return rule
    for codes, ranged in _RANGES:
        if code in codes:
            return ranged
    return _OTHER
