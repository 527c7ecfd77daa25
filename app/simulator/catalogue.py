"""Every send error of cloud-api.md §7's table, as Meta answers it, for forced-error faults.

The simulator's rules produce the common codes from real causes (window, blocks, limits,
templates). The rest (account locked, payment, experiments, maintenance …) have causes a
simulator cannot stage, so a test forces them (`Behaviour.forced_error`) and gets Meta's shape
and typical HTTP status (§7: mostly 400; 401 for auth; 403 for permission and policy blocks;
429 for Graph call limits; 5xx for outages).
"""

# ruff: noqa: E501  (one row per code reads best as a table)
from __future__ import annotations

from dataclasses import dataclass

from app.simulator.errors import GraphError, numbered


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    title: str
    details: str
    http_status: int = 400


CATALOGUE: dict[int, CatalogueEntry] = {
    131047: CatalogueEntry("Re-engagement message", "More than 24 hours have passed since the customer last replied to this number."),
    131026: CatalogueEntry("Message Undeliverable", "Message undeliverable."),
    131049: CatalogueEntry("This message was not delivered to maintain healthy ecosystem engagement.", "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."),
    131050: CatalogueEntry("Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business", "The user has stopped marketing messages from this business."),
    131051: CatalogueEntry("Unsupported message type", "Message type is not currently supported."),
    131052: CatalogueEntry("Media download error", "Unable to download the media sent by the user."),
    131053: CatalogueEntry("Media upload error", "Unable to upload the media used in the message."),
    131056: CatalogueEntry("(Business Account, Consumer Account) pair rate limit hit", "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time."),
    130429: CatalogueEntry("Rate limit hit", "Cloud API message throughput has been reached."),
    131048: CatalogueEntry("Spam rate limit hit", "Message failed to send because there are restrictions on how many messages can be sent from this phone number."),
    80007: CatalogueEntry("Rate limit issues", "The WhatsApp Business Account has reached its rate limit.", 429),
    4: CatalogueEntry("Too many calls", "The app has reached its API call rate limit.", 429),
    17: CatalogueEntry("User request limit reached", "The app user has reached its API call rate limit.", 429),
    132000: CatalogueEntry("Number of parameters does not match the expected number of params", "The number of variable parameter values does not match the template."),
    132001: CatalogueEntry("Template name does not exist in the translation", "The template does not exist in the specified language."),
    132005: CatalogueEntry("Translated text too long", "The translated text is too long."),
    132007: CatalogueEntry("Template Format Character Policy Violated", "The template content violates a WhatsApp policy."),
    132012: CatalogueEntry("Parameter format does not match format in the created template", "Variable parameter values are formatted incorrectly."),
    132015: CatalogueEntry("Template is Paused", "The template is paused due to low quality."),
    132016: CatalogueEntry("Template is Disabled", "The template has been paused too many times due to low quality and is now permanently disabled."),
    131008: CatalogueEntry("Required parameter is missing", "The request is missing a required parameter."),
    131009: CatalogueEntry("Parameter value is not valid", "One or more parameter values are invalid."),
    100: CatalogueEntry("Invalid parameter", "The request included one or more unsupported or misspelled parameters."),
    190: CatalogueEntry("Error validating access token", "", 401),
    0: CatalogueEntry("AuthException", "We were unable to authenticate the app user.", 401),
    3: CatalogueEntry("API Method", "Capability or permissions issue.", 403),
    10: CatalogueEntry("Permission Denied", "Permission is either not granted or has been removed.", 403),
    200: CatalogueEntry("Permission Denied", "Permission is either not granted or has been removed.", 403),
    299: CatalogueEntry("Permission Denied", "Permission is either not granted or has been removed.", 403),
    368: CatalogueEntry("Temporarily blocked for policies violations", "The WhatsApp Business Account is restricted from messaging users due to policy violations.", 403),
    131031: CatalogueEntry("Account has been locked", "The WhatsApp Business Account is locked.", 403),
    131042: CatalogueEntry("Business eligibility payment issue", "There was an error related to your payment method."),
    131021: CatalogueEntry("Recipient cannot be sender", "Sender and recipient phone number is the same."),
    131030: CatalogueEntry("Recipient phone number not in allowed list", "Recipient phone number not in allowed list."),
    131000: CatalogueEntry("Something went wrong", "Something went wrong.", 500),
    131016: CatalogueEntry("Service unavailable", "A service is temporarily unavailable.", 503),
    1: CatalogueEntry("API Unknown", "Invalid request or possible server error.", 500),
    2: CatalogueEntry("API Service", "Temporary due to downtime or due to being overloaded.", 503),
    131057: CatalogueEntry("Account in maintenance mode", "The business account is in maintenance mode, e.g. during a throughput upgrade."),
    133010: CatalogueEntry("Phone number not registered", "The phone number is not registered on the WhatsApp Business Platform."),
    130472: CatalogueEntry("User's number is part of an experiment", "Failed to send message because this user's phone number is part of an experiment."),
    130497: CatalogueEntry("Business account is restricted from messaging users in this country", "The business is restricted from messaging users in this country."),
    135000: CatalogueEntry("Generic user error", "Message failed to send because of an unknown error with your request parameters."),
}  # fmt: skip


def forced(code: int) -> GraphError:
    """Meta's answer for `code` (a code not in the catalogue is a test's mistake).

    Raises:
        KeyError: The code is not one of §7's send errors.
    """
    entry = CATALOGUE[code]
    message = entry.title if code == 190 else numbered(code, entry.title)
    return GraphError(
        code, message, entry.details or None, http_status=entry.http_status, title=entry.title
    )
