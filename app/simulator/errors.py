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
    ) -> None:
        """Describe one Graph error.

        Args:
            code: Graph/WhatsApp error code, e.g. 131047.
            message: The full ``message`` field, e.g. ``(#100) Invalid parameter``.
            details: ``error_data.details``; omitted from the body when None.
            http_status: Status of the HTTP response.
            error_type: Graph's ``type`` field.
        """
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details
        self.http_status = http_status
        self.error_type = error_type

    def body(self) -> dict[str, Any]:
        """The response body in §7 shape, with a fresh ``fbtrace_id``."""
        error: dict[str, Any] = {
            "message": self.message,
            "type": self.error_type,
            "code": self.code,
        }
        if self.details is not None:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        error["fbtrace_id"] = fbtrace_id()
        return {"error": error}


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
