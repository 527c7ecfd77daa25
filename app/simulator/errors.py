"""Graph error bodies (cloud-api.md §7) and the simulator's own exceptions.

Meta says clients must branch on ``code`` plus ``error_data.details``, so those are what we
get exactly right; ``message`` follows Meta's habit of a ``(#code) title`` prefix on most
codes but not on 190.
"""

from __future__ import annotations

from typing import Any

from app.simulator.ids import fbtrace_id

INVALID_PARAMETER = 100
ACCESS_TOKEN = 190
UNKNOWN = 1
UNDELIVERABLE = 131026
REENGAGEMENT = 131047
GENERIC = 131000
SERVICE_UNAVAILABLE = 131016
THROUGHPUT = 130429
MARKETING_OPT_OUT = 131050
UNSUPPORTED_TYPE = 131051
MEDIA_UPLOAD = 131053
PAIR_RATE = 131056
TEMPLATE_PARAM_COUNT = 132000
TEMPLATE_MISSING = 132001
TEMPLATE_PARAM_FORMAT = 132012
TEMPLATE_PAUSED = 132015
TEMPLATE_DISABLED = 132016
BLOCK_FAILED = 139100
BLOCK_NOT_ELIGIBLE = 139103

ERROR_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"

REENGAGEMENT_DETAILS = (
    "Message failed to send because more than 24 hours have passed since the customer last "
    "replied to this number."
)


class SimulatorError(Exception):
    """Base of the simulator's own errors (not Graph answers)."""


class UnknownCustomerError(SimulatorError, KeyError):
    """No customer has the given BSUID."""


class CallbackVerificationError(SimulatorError):
    """The callback did not pass Meta's GET verification handshake."""


class GraphError(Exception):
    """A Graph API failure, rendered as Meta's JSON error body.

    Raised inside request handling and turned into an HTTP response by the Graph middleware;
    also usable as a value for ``failed`` statuses later.
    """

    def __init__(
        self,
        code: int,
        message: str,
        details: str | None = None,
        *,
        http_status: int = 400,
        error_type: str = "OAuthException",
        title: str | None = None,
    ) -> None:
        """Describe one Graph error.

        Args:
            code: Graph/WhatsApp error code, e.g. 131047.
            message: The full ``message`` field, e.g. ``(#100) Invalid parameter``.
            details: ``error_data.details``; omitted from the body when None.
            http_status: Status of the HTTP response.
            error_type: Graph's ``type`` field.
            title: The short title used in status and inbound errors; defaults to
                ``message`` without its ``(#code)`` prefix.
        """
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details
        self.http_status = http_status
        self.error_type = error_type
        self.title = title or message.removeprefix(f"(#{code}) ")
        self.extra: dict[str, Any] = {}
        """More of Meta's keys beside ``code`` (``error_subcode``, ``error_user_title`` …)."""

    def body(self) -> dict[str, Any]:
        """The response body in §7 shape, with a fresh ``fbtrace_id``."""
        error: dict[str, Any] = {
            "message": self.message,
            "type": self.error_type,
            "code": self.code,
            **self.extra,
        }
        if self.details is not None:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        error["fbtrace_id"] = fbtrace_id()
        return {"error": error}

    def status_error(self) -> dict[str, Any]:
        """The object in ``statuses[].errors`` and ``value.errors`` (§5), with ``href``."""
        return {
            "code": self.code,
            "title": self.title,
            "message": self.title,
            "error_data": {"details": self.details or self.title},
            "href": ERROR_HREF,
        }


def numbered(code: int, title: str) -> str:
    """Meta's ``(#code) title`` message form."""
    return f"(#{code}) {title}"


def invalid_parameter(details: str) -> GraphError:
    """Code 100: an unknown, missing or malformed request field."""
    return GraphError(INVALID_PARAMETER, numbered(INVALID_PARAMETER, "Invalid parameter"), details)


def invalid_token(message: str) -> GraphError:
    """Code 190 with HTTP 401: the Bearer token is missing or wrong (no ``error_data``)."""
    return GraphError(ACCESS_TOKEN, message, http_status=401)


def unsupported_request(method: str, node: str) -> GraphError:
    """Code 100 for a node that does not exist or does not support the method (Meta's text)."""
    title = (
        f"Unsupported {method.lower()} request. Object with ID '{node}' does not exist, cannot "
        "be loaded due to missing permissions, or does not support this operation"
    )
    return GraphError(INVALID_PARAMETER, title)


def unknown_path() -> GraphError:
    """Code 100 with HTTP 404 for a path that is not Graph-shaped at all."""
    title = numbered(INVALID_PARAMETER, "Unknown path components")
    return GraphError(INVALID_PARAMETER, title, http_status=404)


def undeliverable(details: str) -> GraphError:
    """Code 131026: the recipient cannot receive messages."""
    return GraphError(UNDELIVERABLE, numbered(UNDELIVERABLE, "Message Undeliverable"), details)


def reengagement() -> GraphError:
    """Code 131047: a free-form message outside the customer-service window."""
    title = numbered(REENGAGEMENT, "Re-engagement message")
    return GraphError(REENGAGEMENT, title, REENGAGEMENT_DETAILS)


def unknown_error() -> GraphError:
    """Code 1 with HTTP 500 for a bug in the simulator itself."""
    return GraphError(UNKNOWN, "An unknown error has occurred.", http_status=500)


def expired_token() -> GraphError:
    """Code 190 (HTTP 401) for a token past its expiry."""
    return invalid_token(
        "Error validating access token: Session has expired on Thursday, 01-Jan-26 00:00:00 "
        "PST. The current time is later."
    )


def transient(code: int) -> GraphError:
    """131000 (HTTP 500) or 131016 (HTTP 503): a hiccup worth retrying."""
    if code == SERVICE_UNAVAILABLE:
        title, details, status = "Service unavailable", "A service is temporarily unavailable.", 503
    else:
        title, details, status = "Something went wrong", "Something went wrong.", 500
    return GraphError(code, numbered(code, title), details, http_status=status)


def throughput_reached() -> GraphError:
    """130429: the number's messages-per-second cap."""
    title = "Rate limit hit"
    details = "Cloud API message throughput has been reached."
    return GraphError(THROUGHPUT, numbered(THROUGHPUT, title), details)


def pair_rate_limited() -> GraphError:
    """131056: too many messages from this number to this user in a short time."""
    title = "(Business Account, Consumer Account) pair rate limit hit"
    details = (
        "Too many messages sent from the sender phone number to the same recipient phone "
        "number in a short period of time."
    )
    return GraphError(PAIR_RATE, numbered(PAIR_RATE, title), details)


def marketing_opted_out() -> GraphError:
    """131050: the user stopped marketing messages."""
    title = (
        "Unable to deliver the message. This recipient has chosen to stop receiving "
        "marketing messages on WhatsApp from your business"
    )
    details = "The user has stopped marketing messages from this business."
    return GraphError(MARKETING_OPT_OUT, numbered(MARKETING_OPT_OUT, title), details)


def media_error(details: str) -> GraphError:
    """131053: the media could not be uploaded or used."""
    return GraphError(MEDIA_UPLOAD, numbered(MEDIA_UPLOAD, "Media upload error"), details)


def template_error(code: int, details: str) -> GraphError:
    """One of the template codes 132000, 132001, 132012, 132015 or 132016."""
    titles = {
        TEMPLATE_PARAM_COUNT: ("Number of parameters does not match the expected number of params"),
        TEMPLATE_MISSING: "Template name does not exist in the translation",
        TEMPLATE_PARAM_FORMAT: "Parameter format does not match format in the created template",
        TEMPLATE_PAUSED: "Template is Paused",
        TEMPLATE_DISABLED: "Template is Disabled",
    }
    return GraphError(code, numbered(code, titles[code]), details)


def unsupported_message() -> GraphError:
    """131051, as carried inside an inbound ``unsupported`` message."""
    title = "Message type unknown"
    return GraphError(UNSUPPORTED_TYPE, title, "Message type is currently not supported.")


def blocked_by_user() -> GraphError:
    """131026 when the user blocked the business (Meta gives no finer reason)."""
    return undeliverable("Message Undeliverable.")
